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
from sphinxext.doccode.sources.expected_output import strip_ansi

if TYPE_CHECKING:
    from _pytest._io import TerminalWriter

    from sphinxext.doccode.sources.regions import Region, RegionIndex

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
        text = strip_ansi(error.message)
        message = text if text.startswith(error.type) else (
            f"{error.type}: {text}" if text else error.type
        )
        style = config.getoption("tbstyle", "auto")
        traceback = strip_ansi(error.traceback)
        if style == "auto":
            traceback = hide_library_frames(traceback)
        return cls(
            headline=failure.headline,
            source_lines=source_context(index, failure.source, error.line),
            error_lines=message.splitlines() or [error.type],
            traceback=traceback if style in ("auto", "long") else "",
            reprcrash=ReprFileLocation(
                failure.result.path, error.line or failure.source.first_line,
                summary_line(error.type, message),
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


def summary_line(error_type: str, message: str) -> str:
    """The one line of ``-r`` summaries and junit messages.

    A task's exception arrives as ``RayTaskError(ValueError): ray::f() (pid=...)``
    followed by the remote traceback; its last line names the real cause.
    """
    lines = [line for line in message.splitlines() if line.strip()]
    if error_type.startswith(("RayTaskError", "RayActorError")) and len(lines) > 1:
        return f"{error_type}: {lines[-1].strip()}"
    return message


def hide_library_frames(traceback: str) -> str:
    """Drop the frames of installed libraries (Ray's ``ray.get`` internals) from a
    formatted traceback; ``--tb=long`` keeps them."""
    kept: list[str] = []
    hidden = 0
    in_library_frame = False
    for line in traceback.splitlines():
        if line.startswith('  File "'):
            in_library_frame = "site-packages" in line or "dist-packages" in line
            hidden += in_library_frame
        elif not line.startswith("    "):
            in_library_frame = False
            if hidden:
                kept.append(f"  [{hidden} frame(s) of installed libraries hidden; --tb=long]")
                hidden = 0
        if not in_library_frame:
            kept.append(line)
    return "\n".join(kept)


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
