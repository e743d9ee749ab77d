"""Trimming and showing a stopped unit's forensics: pure, no Ray."""

from __future__ import annotations

from xml.etree import ElementTree

from sphinxext.doccode.forensics import (
    describe,
    describe_entry,
    relabel,
    top_counts,
    trim_stack,
)
from sphinxext.doccode.report import junit_xml
from sphinxext.doccode.results import ErrorInfo, FileResult, FileStatus, RegionResult, RegionStatus

HARNESS = "/site/sphinxext/doccode/runner/driver/file_runner.py"
EXAMPLE = "/docs/doc_code/hangs.py"
RAY = "/venv/lib/python3.11/site-packages/ray/_private/worker.py"
SHORT_RAY = "ray/_private/worker.py"


def frame(file: str, line: int, function: str, code: str = "") -> dict[str, object]:
    return {"file": file, "line": line, "function": function, "code": code}


def test_the_stack_keeps_the_examples_frames_and_a_short_tail() -> None:
    frames = [frame(HARNESS, 1, "main"), frame(HARNESS, 2, "execute_file"),
              frame(EXAMPLE, 12, "<module>", "wait_for_it()"),
              frame(EXAMPLE, 10, "wait_for_it", "return ray.get(ref)"),
              *(frame(RAY, n, f"f{n}") for n in range(20, 30))]
    kept = trim_stack(frames, [EXAMPLE], tail=2)
    assert [(f["file"], f["line"]) for f in kept] == [
        (EXAMPLE, 12), (EXAMPLE, 10), (SHORT_RAY, 20), (SHORT_RAY, 21)]


def test_a_stack_without_the_example_keeps_only_its_innermost_frames() -> None:
    frames = [frame(HARNESS, n, "f") for n in range(10)]
    assert [f["line"] for f in trim_stack(frames, [EXAMPLE], tail=3)] == [7, 8, 9]


def test_a_deep_recursion_is_cut_to_its_innermost_own_frames() -> None:
    frames = [frame(EXAMPLE, n, "again") for n in range(1000)]
    kept = trim_stack(frames, [EXAMPLE], own=5)
    assert [f["line"] for f in kept] == [995, 996, 997, 998, 999]


def test_thousands_of_entries_become_the_top_few_by_count() -> None:
    tasks = [{"name": "square", "state": "RUNNING", "resources": {"CPU": 1.0}}] * 3000
    tasks += [{"name": f"t{i}", "state": "PENDING_NODE_ASSIGNMENT", "resources": {}}
              for i in range(50)]
    top = top_counts(tasks, limit=3)
    assert top[0] == {"name": "square", "state": "RUNNING", "resources": {"CPU": 1.0},
                      "count": 3000}
    assert len(top) == 4 and top[-1] == {"more": 48}


def test_describe_shows_frames_innermost_last_and_what_the_job_waited_for() -> None:
    forensics = {
        "stack": [frame(EXAMPLE, 12, "<module>", "wait_for_it()"),
                  frame(EXAMPLE, 10, "wait_for_it", "return ray.get(ref)")],
        "waiting": {"tasks": [{"name": "never_done", "state": "RUNNING",
                               "resources": {"CPU": 1.0}, "count": 1}],
                    "actors": [], "placement_groups": [],
                    "holders": [{"name": "actor Holder", "job": "another job",
                                 "resources": {"CPU": 1.0}, "count": 8}, {"more": 2}]},
    }
    assert describe(forensics).splitlines() == [
        "stack when stopped (innermost last):",
        f"  {EXAMPLE}:12 in <module>: wait_for_it()",
        f"  {EXAMPLE}:10 in wait_for_it: return ray.get(ref)",
        "tasks: never_done RUNNING {CPU: 1}",
        "held by: 8 x actor Holder another job {CPU: 1}; 2 more",
    ]


def test_nothing_to_show_is_an_empty_text() -> None:
    assert describe(None) == ""
    assert describe({"stack": [], "waiting": {}}) == ""
    assert "forensics incomplete: Ray state" in describe({"problem": "Ray state: boom"})
    assert describe_entry({"name": "pg", "state": "PENDING"}) == "pg PENDING"


def test_the_units_frames_are_named_by_its_display_path() -> None:
    forensics = {"stack": [frame(EXAMPLE, 12, "<module>"), frame(RAY, 3, "get")],
                 "waiting": {}}
    relabelled = relabel(forensics, EXAMPLE, "doc_code/hangs.py")
    assert relabelled is not None
    assert [f["file"] for f in relabelled["stack"]] == ["doc_code/hangs.py", RAY]
    assert relabel(None, EXAMPLE, "x") is None


def test_junit_shows_the_forensics_of_a_timeout_and_of_an_expected_one() -> None:
    forensics = {"stack": [frame("doc_code/hangs.py", 10, "wait_for_it", "ray.get(ref)")],
                 "waiting": {"tasks": [{"name": "never_done", "state": "RUNNING",
                                        "resources": {"CPU": 1.0}, "count": 1}]}}

    def stopped(status: FileStatus, region_status: RegionStatus) -> FileResult:
        error = ErrorInfo(10, "Timeout", f"did not finish\n{describe(forensics)}")
        return FileResult("doc_code/hangs.py", status, 5.0, error=error, forensics=forensics,
                          reason="expected timeout: shows a hang",
                          regions=[RegionResult("hang", region_status, 1, 12, error=error)])

    root = ElementTree.fromstring(junit_xml([
        stopped(FileStatus.TIMEOUT, RegionStatus.FAILED),
        stopped(FileStatus.SKIPPED, RegionStatus.SKIPPED)]))
    failure, skipped = root.iter("failure"), root.iter("skipped")
    for element in (next(failure), next(skipped)):
        assert "doc_code/hangs.py:10 in wait_for_it: ray.get(ref)" in (element.text or "")
        assert "tasks: never_done RUNNING {CPU: 1}" in (element.text or "")
