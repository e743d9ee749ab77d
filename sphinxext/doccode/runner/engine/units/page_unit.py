"""A page's inline blocks as a unit: run group by group in one namespace, results per block.
The driver side is ``runner/driver/page_request.py``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from sphinxext.doccode.forensics import relabel
from sphinxext.doccode.results import ErrorInfo, FileResult, FileStatus, RegionResult, RegionStatus
from sphinxext.doccode.runner.engine.drivers.reply import DriverReply
from sphinxext.doccode.runner.engine.units.unfinished import unfinished
from sphinxext.doccode.runner.engine.units.unit import UnitSource
from sphinxext.doccode.sources.filemarkers import FileMarkers
from sphinxext.doccode.sources.inline_blocks import InlineBlock, execution_order

PAGE = "page"


@dataclass(frozen=True)
class PageUnit:
    path: Path  # absolute path of the page
    display_path: str  # names the page in results
    blocks: tuple[InlineBlock, ...] = ()
    #: pages share the default instance, however long they run
    own_instance_when_long: ClassVar[bool] = False

    def read(self) -> UnitSource | FileResult:
        if not self.blocks:
            return FileResult(self.display_path, FileStatus.SKIPPED, 0.0,
                              reason="no inline blocks", kind=PAGE)
        # What its cache key hashes: its blocks (code, options, lines), not the prose.
        blocks = [block.to_dict() for block in self.blocks]
        content = json.dumps({"page": self.display_path, "blocks": blocks}, sort_keys=True)
        return UnitSource(content.encode(), FileMarkers())

    def key_settings(self) -> dict[str, object]:
        return {"stop_after": None, "rewrite_asserts": False, "regions": [], "unit": PAGE}

    def request_fields(self) -> dict[str, Any]:
        return {"unit": PAGE, "path": str(self.path), "display_path": self.display_path,
                "inline": [block.to_dict() for block in self.blocks]}

    def marker_error_result(self, source: UnitSource, markers: FileMarkers) -> FileResult:
        problems = "; ".join(p.describe(self.display_path) for p in markers.problems)
        return FileResult(self.display_path, FileStatus.ERROR, 0.0, kind=PAGE,
                          regions=self._regions_with(RegionStatus.NOT_RUN),
                          error=ErrorInfo(None, "MarkerError", problems))

    def skipped_result(self, source: UnitSource, reason: str) -> FileResult:
        """Every block skipped."""
        return FileResult(self.display_path, FileStatus.SKIPPED, 0.0, reason=reason,
                          regions=self._regions_with(RegionStatus.SKIPPED), kind=PAGE)

    def unfinished_result(self, reply: DriverReply, timeout: float,
                          duration_s: float) -> FileResult:
        """The block it was at failed; the blocks before it in its group passed; every
        other block is not-run (its outcome is unknown)."""
        reply.forensics = relabel(reply.forensics, str(self.path), self.display_path)
        why = unfinished(self.display_path, reply, timeout)
        error = why.error
        at = reply.where[-1] if reply.where else \
            reply.running_step[0] if reply.running_step else None
        if why.teardown is None and at is not None:
            error.line = error.line or at
        order = execution_order(list(self.blocks))
        running = next((i for i, (_, block, last) in enumerate(order)
                        if at is not None and block.first_line <= at <= last), None)
        regions = []
        for i, (name, block, last) in enumerate(order):
            status, region_error = RegionStatus.NOT_RUN, None
            if running is not None and i == running:
                status, region_error = RegionStatus.FAILED, error
                error.line = at
            elif running is not None and i < running and _same_group(name, order[running][0]):
                status = RegionStatus.PASSED
            regions.append(RegionResult(name, status, block.first_line, last,
                                        error=region_error))
        return FileResult(self.display_path, why.status, duration_s, regions=regions,
                          error=error, kind=PAGE, forensics=reply.forensics)

    def _regions_with(self, status: RegionStatus) -> list[RegionResult]:
        return [RegionResult(name, status, block.first_line, last)
                for name, block, last in execution_order(list(self.blocks))]


def _same_group(a: str, b: str) -> bool:
    return a.partition("[")[2] == b.partition("[")[2]
