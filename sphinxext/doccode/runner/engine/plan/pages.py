"""Pages as units of the engine: cache keys of their inline blocks, results when a driver
never answered. Sphinx-free; the driver side is ``runner/driver/page.py``."""

from __future__ import annotations

import json
from collections.abc import Mapping

from sphinxext.doccode.results import ErrorInfo, FileResult, FileStatus, RegionResult, RegionStatus
from sphinxext.doccode.runner.engine.drivers.reply import DriverReply
from sphinxext.doccode.runner.engine.options import FileRequest
from sphinxext.doccode.runner.engine.plan.outcomes import unfinished_result
from sphinxext.doccode.sources.inline_blocks import execution_order
from sphinxext.doccode.sources.regions import RegionIndex


def page_content(request: FileRequest) -> bytes:
    """What a page unit's cache key hashes: its blocks (code, options, lines), not the prose."""
    blocks = [block.to_dict() for block in request.inline or ()]
    return json.dumps({"page": request.display_path, "blocks": blocks}, sort_keys=True).encode()


def unfinished_page_result(request: FileRequest, reply: DriverReply, timeout: float,
                           duration_s: float) -> FileResult:
    """The driver never answered (timeout, crash): the block it was at failed; the blocks
    before it in its group passed; everything else is not-run (its outcome is unknown)."""
    base = unfinished_result(request, RegionIndex(request.display_path, []), reply, timeout,
                             duration_s)
    error = base.error or ErrorInfo(None, "DriverDied", "the driver did not answer")
    at = reply.where[-1] if reply.where else reply.running_step[0] if reply.running_step else None
    order = execution_order(list(request.inline or ()))
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
        regions.append(RegionResult(name, status, block.first_line, last, error=region_error))
    return FileResult(request.display_path, base.status, duration_s, regions=regions, error=error,
                      kind="page")


def _same_group(a: str, b: str) -> bool:
    return a.partition("[")[2] == b.partition("[")[2]


def page_settings(settings: Mapping[str, object]) -> dict[str, object]:
    return {**settings, "unit": "page"}


def empty_page_result(request: FileRequest) -> FileResult | None:
    """A page request without blocks has nothing to run."""
    if request.inline:
        return None
    return FileResult(request.display_path, FileStatus.SKIPPED, 0.0, reason="no inline blocks",
                      kind="page")


def skipped_page_result(request: FileRequest, reason: str) -> FileResult:
    """A page that ``doccode_rules`` or tag selection keeps from running: every block skipped."""
    regions = [RegionResult(name, RegionStatus.SKIPPED, block.first_line, last)
               for name, block, last in execution_order(list(request.inline or ()))]
    return FileResult(request.display_path, FileStatus.SKIPPED, 0.0, regions=regions,
                      reason=reason, kind="page")
