"""How a failed region looks in pytest: the example's own source, line and message.

The example ran in another process, so there is no local traceback to show;
this rebuilds pytest's familiar ``>`` / ``E`` layout from the file on disk and
the :class:`~sphinxext.doccode.results.ErrorInfo` the engine sent back.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pytest
from _pytest._code.code import ReprFileLocation, TerminalRepr

from sphinxext.doccode.results import ErrorInfo, FileResult, RegionResult, RegionStatus

if TYPE_CHECKING:
    from _pytest._io import TerminalWriter

    from sphinxext.doccode.regions import Region, RegionIndex

#: lines of source shown above the failing line
CONTEXT_LINES = 6


class RegionFailed(Exception):
    """Raised by a region item whose region failed (or that owns a file failure)."""

    def __init__(self, result: FileResult, region: RegionResult | None, source: Region) -> None:
        super().__init__(f"region {source.name!r} of {result.path} failed")
        self.result = result
        self.region = region
        self.source = source

    @property
    def error(self) -> ErrorInfo:
        if self.region is not None and self.region.error is not None:
            return self.region.error
        failed = next(
            (r for r in self.result.regions if r.status is RegionStatus.FAILED and r.error), None
        )
        if failed is not None and failed.error is not None:
            return failed.error
        if self.result.error is not None:
            return self.result.error
        return ErrorInfo(None, self.result.status.value, f"{self.result.path} did not finish")

    @property
    def headline(self) -> str:
        """Why this region is reported as failed, in one line."""
        error = self.error
        where = f"{self.result.path}:{error.line}" if error.line else self.result.path
        if self.region is not None and self.region.status is RegionStatus.FAILED:
            return f"region {self.source.name!r} failed at {where}"
        return f"region {self.source.name!r} did not run: the file failed at {where}"


@dataclasses.dataclass(eq=False)
class RegionFailureRepr(TerminalRepr):
    headline: str
    source_lines: list[str]
    error_lines: list[str]
    traceback: str
    reprcrash: ReprFileLocation

    @classmethod
    def build(
        cls, failure: RegionFailed, index: RegionIndex, config: pytest.Config
    ) -> RegionFailureRepr:
        error = failure.error
        message = error.message if error.message.startswith(error.type) else (
            f"{error.type}: {error.message}" if error.message else error.type
        )
        show_traceback = config.getoption("tbstyle", "auto") in ("auto", "long")
        return cls(
            headline=failure.headline,
            source_lines=source_context(index, failure.source, error.line),
            error_lines=message.splitlines() or [error.type],
            traceback=error.traceback if show_traceback else "",
            reprcrash=ReprFileLocation(
                failure.result.path, error.line or failure.source.first_line, message
            ),
        )

    def toterminal(self, tw: TerminalWriter) -> None:
        tw.line(self.headline, bold=True)
        tw.line("")
        for line in self.source_lines:
            tw.line(line, bold=line.startswith(">"))
        for line in self.error_lines:
            tw.line(f"E   {line}", red=True, bold=True)
        if self.traceback.strip():
            tw.line("")
            tw.sep("-", "traceback of the example")
            for line in self.traceback.rstrip().splitlines():
                tw.line(line)
        tw.line("")
        self.reprcrash.toterminal(tw)


def source_context(index: RegionIndex, region: Region, line: int | None) -> list[str]:
    """Numbered source lines ending at ``line``, the failing one marked with ``>``."""
    if line is None or not 1 <= line <= len(index.lines):
        return []
    first = max(1, line - CONTEXT_LINES)
    if region.contains_line(line):
        first = max(first, region.first_line)
    width = len(str(line))
    shown = []
    for number in range(first, line + 1):
        marker = ">" if number == line else " "
        shown.append(f"{marker} {number:>{width}}  {index.lines[number - 1]}".rstrip())
    return shown
