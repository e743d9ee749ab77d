"""``# doccode: xfail raises=Timeout``: a file expected to time out (issue 25). Pure."""

from __future__ import annotations

from sphinxext.doccode.results import ErrorInfo, FileResult, FileStatus, RegionResult, RegionStatus
from sphinxext.doccode.runner.engine.plan.xfail import apply_xfail
from sphinxext.doccode.sources.filemarkers import parse_file_markers
from sphinxext.doccode.sources.rule_table import parse_rules
from sphinxext.doccode.sources.settings import effective_settings

EXPECTS_TIMEOUT = '# doccode: xfail raises=Timeout reason="shows a hang"\n'


def timed_out() -> FileResult:
    error = ErrorInfo(3, "Timeout", "did not finish")
    return FileResult("doc_code/x.py", FileStatus.TIMEOUT, 2.0, error=error,
                      regions=[RegionResult("r", RegionStatus.FAILED, 1, 3, error=error)],
                      forensics={"stack": [], "waiting": {}})


def test_a_timeout_marked_expected_is_skipped_and_keeps_its_forensics() -> None:
    markers = effective_settings([], "doc_code/x.py", parse_file_markers(EXPECTS_TIMEOUT))
    assert markers.xfail_raises == "Timeout" and not markers.problems
    result = apply_xfail(timed_out(), markers)
    assert result.status is FileStatus.SKIPPED
    assert result.reason == "expected timeout: shows a hang"
    assert result.regions[0].status is RegionStatus.SKIPPED
    assert result.forensics is not None and result.error is not None


def test_plain_xfail_does_not_hide_a_timeout_nor_raises_timeout_a_failure() -> None:
    plain = parse_file_markers('# doccode: xfail reason="fails"\n')
    assert apply_xfail(timed_out(), plain).status is FileStatus.TIMEOUT
    failed = FileResult("doc_code/x.py", FileStatus.FAILED, 1.0,
                        error=ErrorInfo(2, "ValueError", "boom"))
    expects = parse_file_markers(EXPECTS_TIMEOUT)
    assert apply_xfail(failed, expects).status is FileStatus.FAILED
    passed = FileResult("doc_code/x.py", FileStatus.PASSED, 1.0)
    assert apply_xfail(passed, expects).status is FileStatus.FAILED


def test_xfail_expects_nothing_but_a_timeout() -> None:
    (problem,) = parse_file_markers("# doccode: xfail raises=ValueError\n").problems
    assert "raises=ValueError" in problem.message and "raises=Timeout" in problem.hint
    (problem,) = parse_file_markers("# doccode: skip raises=Timeout\n").problems
    assert "only takes reason" in problem.message


def test_a_rule_can_expect_a_timeout_and_a_files_own_xfail_decides() -> None:
    rules, errors = parse_rules([("docs/*.rst", {"xfail": "hangs", "xfail_raises": "Timeout"})])
    assert errors == []
    page = effective_settings(rules, "docs/hang.rst", parse_file_markers(""))
    assert apply_xfail(timed_out(), page).status is FileStatus.SKIPPED
    assert page.to_dict()["xfail_raises"] == "Timeout"
    own = effective_settings(rules, "docs/hang.rst",
                             parse_file_markers('# doccode: xfail reason="fails"\n'))
    assert own.xfail_raises is None
