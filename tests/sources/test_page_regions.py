"""Regions as pages delimit them: literalinclude's own rules, checked against Sphinx itself."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest
from sphinx.config import Config
from sphinx.directives.code import LiteralIncludeReader

from sphinxext.doccode.sources.page_regions import (
    Selection,
    add_spans,
    label_of,
    page_region_spans,
    select_lines,
    with_page_regions,
)
from sphinxext.doccode.sources.regions import IMPLICIT_REGION, parse_regions

SOURCE = dedent(
    """\
    import ray

    # __setup_begin__
    ray.init()
    # __setup_end__

    # __repeated_start__
    first = 1
    # __repeated_end__

    # __repeated_start__
    second = 2
    # __repeated_end__

    # __tail_start__
    print(first + second)
    ray.shutdown()
    """
)
LINES = SOURCE.splitlines()

CASES: list[dict[str, str]] = [
    {"start-after": "__setup_begin__", "end-before": "__setup_end__"},
    {"start-after": "# __repeated_start__", "end-before": "# __repeated_end__"},
    {"start-after": "__tail_start__"},  # alone: to the end of the file
    {"start-at": "__tail_start__"},
    {"start-after": "import ray", "end-at": "ray.init()"},
    {"start-at": "# __repeated_start__", "end-at": "__repeated_end__"},
    {"end-before": "__setup_end__"},
    {"start-after": "__repeated_end__", "end-before": "__repeated_start__"},
    {"start-after": "__setup_begin__", "lines": "1-3"},
    {"lines": "4-8"},
    # end-before never ends on the first line: this ends before the second repeat
    {"start-at": "__repeated_start__", "end-before": "__repeated_start__"},
]


def sphinx_shows(tmp_path: Path, options: dict[str, str]) -> list[str] | None:
    """The lines Sphinx's own literalinclude reader shows, or None when it refuses."""
    file = tmp_path / "example.py"
    file.write_text(SOURCE, encoding="utf-8")
    try:
        text, _ = LiteralIncludeReader(str(file), dict(options), Config()).read()
    except ValueError:
        return None
    return text.splitlines()


@pytest.mark.parametrize("options", CASES, ids=[" ".join(c.values()) for c in CASES])
def test_the_lines_are_the_ones_literalinclude_shows(
    tmp_path: Path, options: dict[str, str]
) -> None:
    expected = sphinx_shows(tmp_path, options)
    selection = select_lines(LINES, options)
    assert expected is not None  # every case here is one Sphinx accepts
    assert selection is not None
    assert LINES[selection.first_line - 1 : selection.last_line] == expected


@pytest.mark.parametrize(
    "options",
    [
        {"start-after": "__missing_start__"},
        {"start-after": "__tail_start__", "end-before": "__tail_end__"},
        {"start-after": "__setup_begin__", "end-before": "__setup_begin__"},
    ],
)
def test_what_literalinclude_refuses_delimits_nothing(
    tmp_path: Path, options: dict[str, str]
) -> None:
    assert sphinx_shows(tmp_path, options) is None
    assert select_lines(LINES, options) is None


def test_disjoint_lines_are_not_one_region(tmp_path: Path) -> None:
    assert sphinx_shows(tmp_path, {"lines": "1,4"}) == ["import ray", "ray.init()"]
    assert select_lines(LINES, {"lines": "1,4"}) is None


def test_labels_name_the_marker_else_the_page_string() -> None:
    assert label_of({"start-after": "# __setup_begin__", "end-before": "x"}) == "setup"
    assert label_of({"start-after": "import ray", "end-before": "# __setup_end__"}) == "setup"
    assert label_of({"start-after": " import ray ", "end-at": "ray.init()"}) == "import ray"
    assert label_of({"lines": "2-4"}) == "lines 2-4"
    assert label_of({"language": "python"}) is None


def test_the_first_of_repeated_names_wins_like_literalinclude() -> None:
    index = parse_regions(SOURCE, "doc_code/x.py")
    region = index.get("repeated")
    assert region is not None and (region.first_line, region.last_line) == (8, 8)
    selection = select_lines(LINES, {"start-after": "__repeated_start__",
                                     "end-before": "__repeated_end__"})
    assert selection is not None and selection.span == (8, 8)
    # the same lines as the marker region: no second region is made
    assert with_page_regions(index, [selection]).names() == index.names()


def test_a_start_after_alone_becomes_a_region_to_the_end_of_the_file() -> None:
    index = parse_regions(SOURCE, "doc_code/x.py")
    assert index.get("tail") is None  # never closed: the markers cannot delimit it
    selection = select_lines(LINES, {"start-after": "__tail_start__"})
    assert selection is not None
    merged = with_page_regions(index, [selection])
    tail = merged.get("tail")
    assert tail is not None and (tail.first_line, tail.last_line) == (16, len(LINES))
    assert merged.problems == index.problems  # the problem is still known (and warned)
    assert page_region_spans(merged, index) == [("tail", 16, len(LINES))]


def test_a_taken_name_with_other_lines_gets_its_span_in_the_name() -> None:
    index = parse_regions(SOURCE, "doc_code/x.py")
    longer = Selection("setup", 4, 8)
    other = Selection("import ray", 2, 4)
    again = Selection("import ray", 2, 5)
    merged = with_page_regions(index, [longer, other, again])
    assert [n for n in merged.names() if n not in index.names()] == [
        "import ray", "import ray (lines 2-5)", "setup (lines 4-8)",
    ]
    spans = page_region_spans(merged, index)
    # what the engine gets back is the same index, name for name
    assert add_spans(index, spans).regions == merged.regions


def test_a_file_whose_markers_delimit_nothing_is_one_implicit_region() -> None:
    index = parse_regions("# __open_start__\nx = 1\n# __other_end__\n", "doc_code/x.py")
    assert [p.kind for p in index.problems] == ["unmatched-end", "unmatched-start"]
    assert index.names() == [IMPLICIT_REGION]
