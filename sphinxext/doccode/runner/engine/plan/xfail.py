"""``# doccode: xfail``: a failure is expected (reported as skipped); a pass is an error.
``xfail raises=Timeout``: a timeout is expected instead (its forensics are kept)."""

from __future__ import annotations

from sphinxext.doccode.results import ErrorInfo, FileResult, FileStatus, RegionStatus
from sphinxext.doccode.sources.filemarkers import FileMarkers


def apply_xfail(result: FileResult, markers: FileMarkers) -> FileResult:
    """``# doccode: xfail``: a failure is expected (reported as skipped); a pass is an error."""
    if markers.xfail is None:
        return result
    expected = FileStatus.TIMEOUT if markers.xfail_raises == "Timeout" else FileStatus.FAILED
    if result.status is expected:
        result.status = FileStatus.SKIPPED
        what = "timeout" if expected is FileStatus.TIMEOUT else "failure"
        result.reason = f"expected {what}: {markers.xfail}"
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
