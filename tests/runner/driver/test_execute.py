"""The Ray-free core: step-by-step execution, line attribution, per-region output."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sphinxext.doccode.attribution import file_result
from sphinxext.doccode.results import ErrorInfo, FileResult
from sphinxext.doccode.runner.driver.file_runner import execute_file, parse_source, plan_steps
from sphinxext.doccode.sources.regions import parse_regions


def run(tmp_path: Path, source: str, *, stop_after: str | None = None,
        rewrite_asserts: bool = False, checks: tuple[object, ...] = ()) -> FileResult:
    path = tmp_path / "example.py"
    path.write_text(textwrap.dedent(source))
    index = parse_regions(path.read_text(), "doc_code/example.py")
    regions = list(index.regions.values())
    boundaries = [n for r in regions if not r.implicit for n in (r.start_marker, r.end_marker)]
    stop_line = index.regions[stop_after].last_line if stop_after else None
    outcome = execute_file(path, [(r.first_line, r.last_line) for r in regions], boundaries,
                           stop_after_line=stop_line, rewrite_asserts=rewrite_asserts,
                           checks=checks)  # type: ignore[arg-type]
    return file_result("doc_code/example.py", index, outcome, 0.0, stop_after)


def statuses(result: FileResult) -> list[tuple[str, str]]:
    return [(r.name, r.status.value) for r in result.regions]


THREE_REGIONS = """\
    # __one_start__
    def helper():
        print("helper ran")
        return 1
    print("one")
    # __one_end__

    # __two_start__
    value = helper()
    assert value == 2, "value should be 2"
    # __two_end__

    # __three_start__
    print("three")
    # __three_end__
"""


def test_second_region_fails_at_its_line_third_not_run(tmp_path: Path) -> None:
    result = run(tmp_path, THREE_REGIONS)
    assert statuses(result) == [("one", "passed"), ("two", "failed"), ("three", "not-run")]
    error = result.regions[1].error
    assert error is not None
    assert (error.line, error.type, error.message) == (10, "AssertionError", "value should be 2")
    assert 'File "' + str(tmp_path / "example.py") + '", line 10' in error.traceback
    assert result.regions[0].output == "one\n"
    assert result.regions[1].output == "helper ran\n"
    assert result.error == error


def test_failure_inside_a_function_of_an_earlier_region_fails_both(tmp_path: Path) -> None:
    result = run(tmp_path, """\
        # __define_start__
        def broken():
            return 1 / 0
        # __define_end__

        # __use_start__
        broken()
        # __use_end__
    """)
    assert statuses(result) == [("define", "failed"), ("use", "failed")]
    assert result.error is not None
    assert (result.error.line, result.error.type) == (3, "ZeroDivisionError")


def test_nested_regions_and_code_outside_regions(tmp_path: Path) -> None:
    result = run(tmp_path, """\
        import sys
        # __outer_start__
        x = 1
        # __inner_start__
        y = x + 1
        # __inner_end__
        # __outer_end__
        raise RuntimeError("outside")
    """)
    assert statuses(result) == [("outer", "passed"), ("inner", "passed")]
    assert result.status.value == "failed"
    assert result.error is not None and result.error.line == 8


def test_empty_assert_message_shows_the_source_line(tmp_path: Path) -> None:
    result = run(tmp_path, "x = 1\nassert x == 2\n")
    assert result.regions[0].name == "__file__"
    assert result.error is not None
    assert result.error.message == "assert x == 2"


def test_rewrite_asserts_explains_operands(tmp_path: Path) -> None:
    result = run(tmp_path, "x = 1\nassert x == 2\n", rewrite_asserts=True)
    assert result.error is not None
    assert "assert 1 == 2" in result.error.message


def test_stop_after_runs_and_reports_only_through_the_region(tmp_path: Path) -> None:
    result = run(tmp_path, THREE_REGIONS.replace("value == 2", "value == 1"), stop_after="one")
    assert statuses(result) == [("one", "passed")]
    result = run(tmp_path, THREE_REGIONS, stop_after="one")
    assert result.status.value == "passed"  # region two's failing assert never ran


def test_syntax_error_is_reported_at_its_line(tmp_path: Path) -> None:
    result = run(tmp_path, "# __a_start__\nx = (\n# __a_end__\n")
    assert result.error is not None and result.error.type == "SyntaxError"
    assert statuses(result) == [("a", "failed")]


def test_sys_exit_zero_before_a_region_fails_the_file(tmp_path: Path) -> None:
    result = run(tmp_path, """\
        import sys
        # __a_start__
        sys.exit(0)
        # __a_end__
        # __b_start__
        print("never")
        # __b_end__
        # __c_start__
        print("never either")
        # __c_end__
    """)
    assert result.status.value == "failed"
    assert statuses(result) == [("a", "passed"), ("b", "not-run"), ("c", "not-run")]
    assert result.error is not None
    assert (result.error.line, result.error.type) == (3, "EarlyExit")
    assert "the file exited at line 3 before regions 'b', 'c' ran" in result.error.message


def test_sys_exit_zero_after_the_last_region_passes(tmp_path: Path) -> None:
    result = run(tmp_path, """\
        import sys
        # __a_start__
        print("a")
        # __a_end__
        sys.exit(0)
    """)
    assert result.status.value == "passed", result.error
    assert statuses(result) == [("a", "passed")]


def test_failing_atexit_handler_fails_the_file_after_every_region_ran(tmp_path: Path) -> None:
    result = run(tmp_path, """\
        import atexit
        # __a_start__
        def close():
            print("closing")
            raise RuntimeError("could not close")

        atexit.register(close)
        # __a_end__
        # __b_start__
        print("b")
        # __b_end__
    """)
    assert result.status.value == "failed"
    assert statuses(result) == [("a", "failed"), ("b", "passed")]
    error = result.error
    assert error is not None and (error.type, error.line) == ("RuntimeError", 5)
    assert "atexit handler registered at line 7: could not close" in error.message
    assert result.regions[0].output.endswith("closing\n")


def test_atexit_handlers_run_last_first_after_the_file_threads(tmp_path: Path) -> None:
    result = run(tmp_path, """\
        import atexit, threading, time
        order = []
        def late():
            time.sleep(0.2)
            order.append("thread")
        threading.Thread(target=late).start()
        atexit.register(lambda: print("first registered, runs last", order))
        atexit.register(print, "registered last, runs first")
    """)
    assert result.status.value == "passed", result.error
    assert result.regions[0].output.splitlines()[-2:] == [
        "registered last, runs first", "first registered, runs last ['thread']"]


def test_fresh_main_namespace_and_future_imports(tmp_path: Path) -> None:
    result = run(tmp_path, """\
        from __future__ import annotations
        import sys
        # __a_start__
        def f(x: UndefinedName) -> None: ...
        assert __name__ == "__main__"
        assert sys.modules["__main__"].__file__ == __file__
        assert "leaked" not in globals()
        leaked = True
        # __a_end__
    """)
    assert result.status.value == "passed", result.error
    result = run(tmp_path, "assert 'leaked' not in globals()\n")
    assert result.status.value == "passed"


class FakeCheck:
    def __init__(self, line: int, expected: str) -> None:
        self.line = line
        self.expected = expected
        self.seen: list[str] = []

    def verify(self, printed: str) -> ErrorInfo | None:
        self.seen.append(printed)
        if printed.strip() == self.expected:
            return None
        return ErrorInfo(self.line, "OutputMismatch", f"expected {self.expected!r}")


def test_output_checks_run_after_the_step_before_them(tmp_path: Path) -> None:
    source = """\
        # __a_start__
        print("first")
        # Output: first
        print("second")
        # Output: other
        # __a_end__
        # __b_start__
        print("b")
        # __b_end__
    """
    first, second = FakeCheck(3, "first"), FakeCheck(5, "other")
    result = run(tmp_path, source, checks=(first, second))
    assert first.seen == ["first\n"] and second.seen == ["second\n"]
    assert statuses(result) == [("a", "failed"), ("b", "not-run")]
    assert result.error is not None and result.error.line == 5


def test_steps_never_cross_boundaries() -> None:
    tree = parse_source("a = 1\nb = 2\n# cut\nc = 3\n@staticmethod\ndef f(): pass\n", "x.py")
    steps = plan_steps(tree, "x.py", [3, 5])
    assert [(s.first_line, s.last_line) for s in steps] == [(1, 2), (4, 6)]


@pytest.mark.parametrize("line", [1, 2])
def test_stop_line_cuts_the_plan(line: int) -> None:
    tree = parse_source("a = 1\nb = 2\nc = 3\n", "x.py")
    steps = plan_steps(tree, "x.py", [], last_line=line)
    assert steps[-1].last_line == line


def test_finalizers_run_in_the_files_teardown_with_its_globals(tmp_path: Path) -> None:
    marker = tmp_path / "finalized"
    result = run(tmp_path, f"""\
        import pathlib

        def helper():  # a function keeps the globals alive in a cycle, as in real files
            return 1

        class Resource:
            def __del__(self):
                pathlib.Path({str(marker)!r}).write_text("closed")

        resource = Resource()
    """)
    assert result.status.value == "passed", result.error
    assert marker.read_text() == "closed"  # already, before the next file starts
