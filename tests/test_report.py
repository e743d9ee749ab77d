"""report.json / junit.xml / console shaping of run results (no Sphinx, no Ray)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from sphinxext.doccode import report
from sphinxext.doccode.results import (
    ErrorInfo,
    FileResult,
    FileStatus,
    RegionResult,
    RegionStatus,
)


def failing_file() -> FileResult:
    return FileResult(
        path="doc_code/x.py",
        status=FileStatus.FAILED,
        duration_s=1.5,
        regions=[
            RegionResult("one", RegionStatus.PASSED, 3, 5, pages=["a"], output="hi\n"),
            RegionResult(
                "two",
                RegionStatus.FAILED,
                8,
                12,
                pages=["a", "b"],
                error=ErrorInfo(10, "AssertionError", "3 != 4", "Traceback ...\nAssertionError"),
            ),
            RegionResult("three", RegionStatus.NOT_RUN, 15, 16),
        ],
        error=ErrorInfo(10, "AssertionError", "3 != 4"),
    )


def passing_file(path: str = "doc_code/ok.py", duration: float = 0.5) -> FileResult:
    return FileResult(
        path=path,
        status=FileStatus.PASSED,
        duration_s=duration,
        regions=[RegionResult("only", RegionStatus.PASSED, 2, 4, pages=["a"])],
    )


def timed_out_file() -> FileResult:
    return FileResult(
        path="doc_code/slow.py",
        status=FileStatus.TIMEOUT,
        duration_s=300.0,
        regions=[],
        error=ErrorInfo(7, "Timeout", "the file ran longer than 300 s"),
    )


LOCATIONS = {("doc_code/x.py", "two"): ["a:12", "b:30"], ("doc_code/x.py", "one"): ["a:5"]}


def test_failure_is_detected_from_regions_and_from_file_status() -> None:
    assert report.is_failure([failing_file()])
    assert report.is_failure([timed_out_file()])
    assert not report.is_failure([passing_file()])
    skipped = FileResult("doc_code/s.py", FileStatus.SKIPPED, 0.0, reason="needs a GPU")
    assert not report.is_failure([passing_file(), skipped])


def test_report_dict_has_the_documented_shape() -> None:
    data = report.report_dict(
        [failing_file(), passing_file()],
        duration_s=2.25,
        project_root="/project",
        locations=LOCATIONS,
    )
    json.dumps(data)  # serialisable
    first = data["files"][0]
    assert (first["path"], first["status"], first["duration_s"], first["cached"]) == (
        "doc_code/x.py",
        "failed",
        1.5,
        False,
    )
    two = first["regions"][1]
    assert two["name"] == "two" and two["status"] == "failed"
    assert (two["start_line"], two["end_line"]) == (8, 12)
    assert two["pages"] == ["a", "b"]
    assert two["page_locations"] == ["a:12", "b:30"]
    assert two["error"]["line"] == 10 and two["error"]["type"] == "AssertionError"
    assert first["regions"][2]["status"] == "not-run"
    assert first["regions"][2]["page_locations"] == []
    summary = data["summary"]
    assert (summary["passed"], summary["failed"], summary["not_run"], summary["skipped"]) == (
        2,
        1,
        1,
        0,
    )
    assert summary["duration_s"] == 2.25
    assert summary["files"]["failed"] == 1 and summary["files"]["passed"] == 1
    assert summary["ok"] is False
    assert data["project_root"] == "/project"


def test_results_survive_a_round_trip_through_the_report() -> None:
    data = report.report_dict(
        [failing_file()], duration_s=1.0, project_root="/p", locations=LOCATIONS
    )
    restored = FileResult.from_dict(data["files"][0])
    assert restored.region("two") == failing_file().region("two")


def test_failure_lines_name_file_line_and_pages() -> None:
    lines = report.failure_lines([failing_file(), passing_file(), timed_out_file()], LOCATIONS)
    assert lines == [
        "doc_code/x.py:10: region 'two' failed: AssertionError: 3 != 4",
        "    pages: a:12, b:30",
        "doc_code/slow.py:7: timeout: Timeout: the file ran longer than 300 s",
    ]


def test_failure_lines_say_when_no_page_shows_the_region() -> None:
    lines = report.failure_lines([failing_file()], {})
    assert lines[1] == "    pages: no page shows it"


def test_status_line_and_slowest() -> None:
    line = report.status_line(failing_file())
    assert line.startswith("failed ")
    assert "doc_code/x.py" in line and "1 passed, 1 failed, 1 not-run" in line
    cached = passing_file("doc_code/c.py", 9.0)
    cached.cached = True
    assert "(cached)" in report.status_line(cached)
    results = [passing_file("doc_code/a.py", 1.0), cached, passing_file("doc_code/b.py", 3.0)]
    assert [f.path for f in report.slowest(results, 2)] == ["doc_code/b.py", "doc_code/a.py"]


def test_junit_has_one_testcase_per_region_with_file_as_classname() -> None:
    root = ET.fromstring(report.junit_xml([failing_file(), passing_file()]))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["doc_code/x.py", "doc_code/ok.py"]
    cases = suites[0].findall("testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("doc_code/x.py", "one"),
        ("doc_code/x.py", "two"),
        ("doc_code/x.py", "three"),
    ]
    one, two, three = cases
    assert one.find("failure") is None and one.find("skipped") is None
    assert one.findtext("system-out") == "hi\n"
    failure = two.find("failure")
    assert failure is not None
    assert failure.get("message") == "AssertionError: 3 != 4"
    assert failure.text is not None and failure.text.startswith("doc_code/x.py:10\n")
    skipped = three.find("skipped")
    assert skipped is not None and "not run" in (skipped.get("message") or "")
    assert (suites[0].get("tests"), suites[0].get("failures"), suites[0].get("skipped")) == (
        "3",
        "1",
        "1",
    )


def test_junit_reports_a_file_level_error_when_no_region_failed() -> None:
    root = ET.fromstring(report.junit_xml([timed_out_file()]))
    [case] = root.iter("testcase")
    assert (case.get("classname"), case.get("name")) == ("doc_code/slow.py", "(file)")
    error = case.find("error")
    assert error is not None and error.get("type") == "Timeout"
    assert root.find("testsuite").get("errors") == "1"  # type: ignore[union-attr]
