"""Region markers: parsing, nesting, text as pages show it, and every marker problem."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from sphinxext.doccode.sources.regions import (
    IMPLICIT_REGION,
    RegionIndex,
    load_regions,
    parse_regions,
)


def parse(source: str) -> RegionIndex:
    return parse_regions(dedent(source).lstrip("\n"), "doc_code/x.py")


NESTED = """
import ray

# __outer_start__
def f():
    # __inner_start__
    x = 1
    # __inner_end__
    return x
# __outer_end__

# __last_start__
print(f())
# __last_end__
"""


def test_file_without_markers_is_one_implicit_region() -> None:
    index = parse("a = 1\nb = 2\n")
    assert index.names() == [IMPLICIT_REGION]
    region = index.regions[IMPLICIT_REGION]
    assert region.implicit
    assert (region.first_line, region.last_line) == (1, 2)
    assert index.text(IMPLICIT_REGION) == "a = 1\nb = 2\n"
    assert index.problems == []


def test_regions_are_found_in_file_order_with_lines_and_parents() -> None:
    index = parse(NESTED)
    assert index.problems == []
    assert index.names() == ["outer", "inner", "last"]
    outer, inner, last = (index.regions[n] for n in ("outer", "inner", "last"))
    assert (outer.start_marker, outer.end_marker) == (3, 9)
    assert (outer.first_line, outer.last_line) == (4, 8)
    assert (inner.start_marker, inner.end_marker, inner.parent) == (5, 7, "outer")
    assert outer.parent is None and last.parent is None
    assert not outer.implicit


def test_containing_lists_outermost_first() -> None:
    index = parse(NESTED)
    assert [r.name for r in index.containing(6)] == ["outer", "inner"]
    assert [r.name for r in index.containing(8)] == ["outer"]
    assert index.containing(1) == []


def test_text_strips_nested_markers_and_dedents() -> None:
    index = parse(NESTED)
    assert index.text("outer") == "def f():\n    x = 1\n    return x\n"
    assert index.text("inner") == "x = 1\n"
    assert "__inner_start__" in index.text("outer", strip_markers=False)
    assert index.text("inner", dedent=False) == "    x = 1\n"


def test_indented_markers_are_recognised() -> None:
    index = parse(
        """
        class A:
            # __method_start__
            def m(self):
                return 1
            # __method_end__
        """
    )
    assert index.problems == []
    assert index.text("method") == "def m(self):\n    return 1\n"


def test_unmatched_start() -> None:
    index = parse("# __a_start__\nx = 1\n")
    [problem] = index.problems
    assert (problem.kind, problem.line, problem.regions) == ("unmatched-start", 1, ("a",))
    assert "__a_end__" in problem.hint
    # nothing can be delimited: the whole file is one region, so results have a place
    assert index.names() == [IMPLICIT_REGION]


def test_unmatched_end() -> None:
    index = parse("x = 1\n# __a_end__\n")
    [problem] = index.problems
    assert (problem.kind, problem.line, problem.regions) == ("unmatched-end", 2, ("a",))
    assert "__a_start__" in problem.hint


def test_duplicate_name_is_one_problem() -> None:
    index = parse(
        """
        # __a_start__
        x = 1
        # __a_end__
        # __a_start__
        y = 2
        # __a_end__
        """
    )
    [problem] = index.problems
    assert (problem.kind, problem.line) == ("duplicate", 4)
    assert "first start on line 1" in problem.message
    # the first definition stays usable
    assert index.text("a") == "x = 1\n"


def test_end_closed_twice() -> None:
    index = parse("# __a_start__\nx = 1\n# __a_end__\n# __a_end__\n")
    [problem] = index.problems
    assert (problem.kind, problem.line) == ("duplicate", 4)
    assert "closed twice" in problem.message


def test_overlap_is_one_problem_naming_both_regions() -> None:
    index = parse(
        """
        # __a_start__
        x = 1
        # __b_start__
        y = 2
        # __a_end__
        z = 3
        # __b_end__
        """
    )
    [problem] = index.problems
    assert (problem.kind, problem.line) == ("overlap", 5)
    assert set(problem.regions) == {"a", "b"}
    assert "'b'" in problem.message and "line 3" in problem.message
    assert index.names() == ["a"]  # the outer region survives, the overlapping one is dropped


def test_empty_region() -> None:
    index = parse("# __a_start__\n\n# __a_end__\nx = 1\n")
    [problem] = index.problems
    assert (problem.kind, problem.line, problem.regions) == ("empty", 1, ("a",))


def test_region_holding_only_a_nested_region_is_not_empty() -> None:
    index = parse("# __a_start__\n# __b_start__\nx = 1\n# __b_end__\n# __a_end__\n")
    assert index.problems == []
    assert index.text("a") == "x = 1\n"


def test_every_problem_is_reported_not_only_the_first() -> None:
    index = parse("# __a_start__\n# __a_end__\n# __b_end__\n# __c_start__\nx = 1\n")
    assert [p.kind for p in index.problems] == ["empty", "unmatched-end", "unmatched-start"]


def test_problem_text_has_file_line_and_hint() -> None:
    [problem] = parse("# __a_start__\nx = 1\n").problems
    assert str(problem).startswith("doc_code/x.py:1: ")
    assert "(hint: " in str(problem)


def test_load_regions_uses_the_display_path(tmp_path: Path) -> None:
    file = tmp_path / "example.py"
    file.write_text("# __a_start__\nx = 1\n", encoding="utf-8")
    index = load_regions(file, "doc_code/example.py")
    assert index.path == "doc_code/example.py"
    assert str(index.problems[0]).startswith("doc_code/example.py:1:")
    assert load_regions(file).path == str(file)


def test_begin_markers_open_regions_like_start_markers() -> None:
    index = parse(
        """
        # __outer_begin__
        x = 1
        # __inner_start__
        y = 2
        # __inner_end__
        # __outer_end__
        # __open_begin__
        """
    )
    assert index.names() == ["outer", "inner"]
    assert index.text("outer") == "x = 1\ny = 2\n"  # nested markers stripped, begin or start
    [problem] = index.problems
    assert problem.kind == "unmatched-start"
    assert "'# __open_begin__' is never closed" in str(problem)
