"""Turn what happened while a file ran into per-region results.

Rule (shared contract): a failure at line L fails every region whose body
contains L (the line the traceback points at in the file, and the top-level
statement that was running); regions after the point execution reached are
``not-run``; the others ``passed``. Ray-free and Sphinx-free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sphinxext.doccode.results import (
    ErrorInfo,
    FileResult,
    FileStatus,
    RegionResult,
    RegionStatus,
)
from sphinxext.doccode.sources.regions import Region, RegionIndex


@dataclass
class StepOutput:
    first_line: int
    last_line: int
    text: str


@dataclass
class ExecutionOutcome:
    """What happened when a file ran; :func:`file_result` turns it into region results."""

    outputs: list[StepOutput] = field(default_factory=list)
    error: ErrorInfo | None = None
    error_lines: tuple[int, ...] = ()  # lines in the file that the failure points at
    frontier: int | None = None  # the furthest line execution reached when it stopped
    exited_early: bool = False  # sys.exit(0): later steps did not run, but nothing failed
    exit_line: int | None = None  # where it exited early


def reported_regions(index: RegionIndex, stop_after: str | None) -> list[Region]:
    """The regions a run reports: all of them, or those up to ``stop_after``."""
    regions = list(index.regions.values())
    if stop_after is None or stop_after not in index.regions:
        return regions
    last = index.regions[stop_after].last_line
    return [r for r in regions if r.first_line <= last]


def region_results(
    regions: Sequence[Region],
    outputs: Sequence[StepOutput],
    error: ErrorInfo | None,
    error_lines: Sequence[int],
    frontier: int | None,
) -> list[RegionResult]:
    results = []
    for region in regions:
        status = RegionStatus.PASSED
        region_error = None
        if error is not None:
            if any(region.contains_line(line) for line in error_lines):
                status = RegionStatus.FAILED
                region_error = error
            elif frontier is not None and region.first_line > frontier:
                status = RegionStatus.NOT_RUN
        elif frontier is not None and region.first_line > frontier:
            status = RegionStatus.NOT_RUN  # sys.exit(0) before the region
        text = "".join(
            out.text for out in outputs
            if out.first_line <= region.last_line and out.last_line >= region.first_line
        )
        results.append(RegionResult(
            name=region.name,
            status=status,
            start_line=region.first_line,
            end_line=region.last_line,
            error=region_error,
            output=text if status is not RegionStatus.NOT_RUN else "",
        ))
    return results


def file_result(
    display_path: str,
    index: RegionIndex,
    outcome: ExecutionOutcome,
    duration_s: float,
    stop_after: str | None = None,
) -> FileResult:
    regions = region_results(
        reported_regions(index, stop_after),
        outcome.outputs,
        outcome.error,
        outcome.error_lines,
        outcome.frontier,
    )
    error = outcome.error or early_exit_error(outcome, regions)
    return FileResult(
        path=display_path,
        status=FileStatus.FAILED if error else FileStatus.PASSED,
        duration_s=duration_s,
        regions=regions,
        error=error,
    )


def interrupted_result(
    display_path: str,
    index: RegionIndex,
    status: FileStatus,
    error: ErrorInfo,
    running_step: tuple[int, int] | None,
    duration_s: float,
    stop_after: str | None = None,
    *,
    where: tuple[int, ...] = (),
) -> FileResult:
    """A file whose driver never answered (timeout, crash): blame the line it was at,
    as last reported by the driver, or else the whole step that was running."""
    if where:
        lines: tuple[int, ...] = where
        frontier = max(where)
        error.line = error.line or where[-1]
    elif running_step is None:
        lines = ()
        frontier = 0
    else:
        first, last = running_step
        # Every region overlapping the step is suspect: its lines were running.
        lines = tuple(range(first, last + 1))
        frontier = last
        if error.line is None:
            error.line = first
    regions = region_results(reported_regions(index, stop_after), [], error, lines, frontier)
    return FileResult(display_path, status, duration_s, regions=regions, error=error)


EARLY_EXIT_TYPE = "EarlyExit"


def early_exit_error(
    outcome: ExecutionOutcome, regions: Sequence[RegionResult]
) -> ErrorInfo | None:
    """A file that exited cleanly before some of its regions ran is not green (issue 9)."""
    never_ran = [r.name for r in regions if r.status is RegionStatus.NOT_RUN]
    if not outcome.exited_early or not never_ran:
        return None
    line = outcome.exit_line or outcome.frontier
    names = ", ".join(repr(name) for name in never_ran)
    return ErrorInfo(line, EARLY_EXIT_TYPE, (
        f"the file exited at line {line} before regions {names} ran (hint: a documented "
        "region must run; remove the sys.exit() call or move it after the last region)"))
