"""What the status line under an example says: pure, no Sphinx, no Ray."""

from __future__ import annotations

from sphinxext.doccode.pages.status import status_parts, when
from sphinxext.doccode.results import (
    ErrorInfo,
    FileResult,
    FileStatus,
    RegionResult,
    RegionStatus,
)

ENDED = 1_790_000_000.0  # 2026-09-21 14:13 UTC


def result(*regions: RegionResult, status: FileStatus = FileStatus.PASSED,
           error: ErrorInfo | None = None, cached: bool = False) -> FileResult:
    return FileResult("doc_code/x.py", status, 1.234, cached=cached, regions=list(regions),
                      error=error, ended_at=ENDED)


def test_passed_names_file_duration_and_time() -> None:
    passed = RegionResult("a", RegionStatus.PASSED, 1, 3)
    assert when(ENDED) == "2026-09-21 14:13 UTC"
    assert status_parts(result(passed), "a") == (
        "passed", "doc_code/x.py ran in 1.23 s · last run 2026-09-21 14:13 UTC", None)
    # the same line whether this build reused the result or ran it: pages are not
    # rewritten just because the result came from the cache
    assert status_parts(result(passed, cached=True), "a") == status_parts(result(passed), "a")


def test_never_executed() -> None:
    assert status_parts(None, "a") == ("not-executed", "not executed yet", None)
    assert status_parts(result(), "missing")[0] == "not-executed"


def test_a_failure_shows_its_error_and_later_regions_say_where_the_file_stopped() -> None:
    boom = ErrorInfo(7, "ValueError", "boom")
    failed = RegionResult("a", RegionStatus.FAILED, 1, 8, error=boom)
    later = RegionResult("b", RegionStatus.NOT_RUN, 10, 12)
    run = result(failed, later, status=FileStatus.FAILED, error=boom)
    assert status_parts(run, "a")[0::2] == ("failed", boom)
    status, details, error = status_parts(run, "b")
    assert (status, error) == ("not-run", None)
    assert details.startswith("the file stopped earlier at line 7 · doc_code/x.py ran in")


def test_a_timeout_shows_the_file_error_under_regions_that_did_not_run() -> None:
    timeout = ErrorInfo(None, "Timeout", "the file did not finish within 5 s")
    region = RegionResult("a", RegionStatus.NOT_RUN, 1, 3)
    assert status_parts(result(region, status=FileStatus.TIMEOUT, error=timeout), "a")[2] == (
        timeout)
