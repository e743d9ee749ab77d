"""File results the engine decides itself: skipped, bad ``# doccode:`` comments, timeouts,
crashes, xfail."""

from __future__ import annotations

from sphinxext.doccode.attribution import interrupted_result, reported_regions
from sphinxext.doccode.results import (
    ErrorInfo,
    FileResult,
    FileStatus,
    RegionResult,
    RegionStatus,
)
from sphinxext.doccode.runner.engine.drivers.reply import DriverReply, describe_exit
from sphinxext.doccode.runner.engine.options import FileRequest
from sphinxext.doccode.sources.filemarkers import FileMarkers
from sphinxext.doccode.sources.page_regions import add_spans
from sphinxext.doccode.sources.regions import RegionIndex, parse_regions


def request_index(request: FileRequest, source: str) -> RegionIndex:
    """The regions a run reports for ``request``: the file's markers plus what pages delimit."""
    return add_spans(parse_regions(source, request.display_path), request.regions)


def _regions_with(index: RegionIndex, request: FileRequest, status: RegionStatus,
                  error: ErrorInfo | None = None) -> list[RegionResult]:
    return [
        RegionResult(r.name, status, r.first_line, r.last_line, error=error)
        for r in reported_regions(index, request.stop_after)
    ]


def skipped_result(request: FileRequest, index: RegionIndex, reason: str) -> FileResult:
    return FileResult(request.display_path, FileStatus.SKIPPED, 0.0,
                      regions=_regions_with(index, request, RegionStatus.SKIPPED), reason=reason)


def marker_error_result(request: FileRequest, index: RegionIndex,
                        markers: FileMarkers) -> FileResult:
    """Malformed ``# doccode:`` comments: the file is not run; every problem is listed.
    (Region marker problems never stop a file: they are build warnings.)"""
    path = request.display_path
    problems = [p.describe(path) for p in markers.problems]
    lines = [p.line for p in markers.problems]
    error = ErrorInfo(min(lines) if lines else None, "MarkerError", "; ".join(problems))
    return FileResult(path, FileStatus.ERROR, 0.0,
                      regions=_regions_with(index, request, RegionStatus.NOT_RUN), error=error)


def unfinished_result(request: FileRequest, index: RegionIndex, reply: DriverReply,
                      timeout: float, duration_s: float) -> FileResult:
    """The driver never answered: it ran out of time, or it died."""
    if reply.kind == "timeout":
        status = FileStatus.TIMEOUT
        error = ErrorInfo(
            None,
            "Timeout",
            f"{request.display_path} did not finish within {timeout:g} s and was stopped "
            "(hint: make the example faster, or raise the limit with "
            "'# doccode: timeout=SECONDS' in the file or the doccode_timeout setting)",
        )
    elif reply.kind == "unschedulable":
        status = FileStatus.FAILED
        error = ErrorInfo(None, "UnschedulableDemand", reply.unschedulable)
    elif reply.teardown_result is not None:
        return teardown_failure(request, reply)
    elif reply.protocol_error:
        status = FileStatus.ERROR
        error = ErrorInfo(None, "ProtocolError", (
            f"the driver running {request.display_path} sent a message the engine cannot "
            f"decode ({reply.protocol_error}); the driver was stopped (hint: does the example "
            "write to file descriptors it did not open?)"))
    else:
        status = FileStatus.ERROR
        tail = reply.log_tail.strip()
        detail = f"; its last output:\n{tail}" if tail else ""
        error = ErrorInfo(
            None,
            "DriverDied",
            f"{describe_exit(reply.exit_status)} while running {request.display_path}{detail}",
        )
    return interrupted_result(request.display_path, index, status, error, reply.running_step,
                              duration_s, request.stop_after, where=reply.where)


def teardown_failure(request: FileRequest, reply: DriverReply) -> FileResult:
    """Every region ran, then the driver died tearing down what the file created: run
    alone, the file's process would have failed at exit the same way."""
    result = FileResult.from_dict(reply.teardown_result or {})
    result.status = FileStatus.FAILED
    result.error = result.error or ErrorInfo(None, "TeardownFailed", (
        f"{describe_exit(reply.exit_status)} while tearing down what "
        f"{request.display_path} created (its finalizers, threads and Ray job), after "
        "its last region ran (hint: run the file alone; it fails at exit too)"))
    return result


def apply_xfail(result: FileResult, markers: FileMarkers) -> FileResult:
    """``# doccode: xfail``: a failure is expected (reported as skipped); a pass is an error."""
    if markers.xfail is None:
        return result
    if result.status is FileStatus.FAILED:
        result.status = FileStatus.SKIPPED
        result.reason = f"expected failure: {markers.xfail}"
        for region in result.regions:
            if region.status is RegionStatus.FAILED:
                region.status = RegionStatus.SKIPPED
    elif result.status is FileStatus.PASSED:
        result.status = FileStatus.FAILED
        result.error = ErrorInfo(
            markers.xfail_line,
            "XPass",
            f"the file is marked '# doccode: xfail' ({markers.xfail}) but it passed "
            "(hint: remove the xfail marker)",
        )
    return result
