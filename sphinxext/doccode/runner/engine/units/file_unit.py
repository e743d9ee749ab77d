"""A doc_code file as a unit: run top to bottom, results per region of its markers
and of the regions pages delimit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from sphinxext.doccode.attribution import interrupted_result, reported_regions
from sphinxext.doccode.forensics import relabel
from sphinxext.doccode.results import ErrorInfo, FileResult, FileStatus, RegionResult, RegionStatus
from sphinxext.doccode.runner.engine.drivers.reply import DriverReply
from sphinxext.doccode.runner.engine.units.unfinished import unfinished
from sphinxext.doccode.runner.engine.units.unit import UnitSource
from sphinxext.doccode.sources.filemarkers import FileMarkers, parse_file_markers
from sphinxext.doccode.sources.initshape import scan_shape
from sphinxext.doccode.sources.page_regions import add_spans
from sphinxext.doccode.sources.regions import RegionIndex, parse_regions
from sphinxext.doccode.sources.source_text import (
    UNDECODABLE_TYPE,
    SourceDecodeError,
    decode_source,
)


@dataclass(frozen=True)
class FileUnit:
    path: Path  # absolute path of the doc_code file
    display_path: str  # e.g. "doc_code/x.py", names the file in results
    stop_after: str | None = None  # run only up to and including this region
    rewrite_asserts: bool = False  # apply pytest's assertion rewriting
    # Regions the pages delimit beyond the file's markers: (name, first_line, last_line).
    regions: tuple[tuple[str, int, int], ...] = ()
    #: a long file gets an instance of its own (``schedule/instance_plan.py``)
    own_instance_when_long: ClassVar[bool] = True

    def read(self) -> UnitSource | FileResult:
        try:
            content = self.path.read_bytes()
        except OSError as exc:
            return self._error("FileNotFound", f"cannot read {self.path}: {exc}")
        try:
            source = decode_source(content, self.display_path)
        except SourceDecodeError as exc:
            return self._error(UNDECODABLE_TYPE, str(exc))
        # Region marker problems never stop a file (the builder warns about them):
        # it runs as it would alone, and its delimitable regions get its results.
        return UnitSource(content, parse_file_markers(source), scan_shape(source).shape,
                          self.region_index(source))

    def region_index(self, source: str) -> RegionIndex:
        """The regions a run reports: the file's markers plus what pages delimit."""
        return add_spans(parse_regions(source, self.display_path), self.regions)

    def key_settings(self) -> dict[str, object]:
        return {"stop_after": self.stop_after, "rewrite_asserts": self.rewrite_asserts,
                "regions": [list(region) for region in self.regions]}

    def request_fields(self) -> dict[str, Any]:
        return {"unit": "file", "path": str(self.path), "display_path": self.display_path,
                "stop_after": self.stop_after, "rewrite_asserts": self.rewrite_asserts,
                "regions": [list(region) for region in self.regions]}

    def marker_error_result(self, source: UnitSource, markers: FileMarkers) -> FileResult:
        """Every problem of the ``# doccode:`` comments is listed. (Region marker
        problems never stop a file: they are build warnings.)"""
        path = self.display_path
        problems = [p.describe(path) for p in markers.problems]
        lines = [p.line for p in markers.problems]
        error = ErrorInfo(min(lines) if lines else None, "MarkerError", "; ".join(problems))
        return FileResult(path, FileStatus.ERROR, 0.0, error=error,
                          regions=self._regions_with(source.index, RegionStatus.NOT_RUN))

    def skipped_result(self, source: UnitSource, reason: str) -> FileResult:
        return FileResult(self.display_path, FileStatus.SKIPPED, 0.0, reason=reason,
                          regions=self._regions_with(source.index, RegionStatus.SKIPPED))

    def unfinished_result(self, reply: DriverReply, timeout: float,
                          duration_s: float) -> FileResult:
        reply.forensics = relabel(reply.forensics, str(self.path), self.display_path)
        why = unfinished(self.display_path, reply, timeout)
        if why.teardown is not None:
            return why.teardown
        source = self.path.read_bytes().decode("utf-8", errors="replace")
        result = interrupted_result(self.display_path, self.region_index(source), why.status,
                                    why.error, reply.running_step, duration_s,
                                    self.stop_after, where=reply.where)
        result.forensics = reply.forensics
        return result

    def _regions_with(self, index: RegionIndex | None,
                      status: RegionStatus) -> list[RegionResult]:
        regions = reported_regions(index, self.stop_after) if index is not None else []
        return [RegionResult(r.name, status, r.first_line, r.last_line) for r in regions]

    def _error(self, kind: str, message: str) -> FileResult:
        return FileResult(self.display_path, FileStatus.ERROR, 0.0,
                          error=ErrorInfo(None, kind, message))
