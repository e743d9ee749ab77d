"""``.. doc-code::``: what it shows, its options, and how it reports problems."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from docutils import nodes

from tests.sphinx_helpers import code_blocks, domain_of
from tests.sphinx_warnings import of_kind, warnings_of

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.sphinx("html", testroot="include", freshenv=True)


def block(app: SphinxTestApp, region: str, nth: int = 0) -> nodes.literal_block:
    found = [b for b in code_blocks(app, "index") if b.get("doccode_region") == region]
    return found[nth]


def test_region_is_dedented_with_nested_markers_stripped(app: SphinxTestApp) -> None:
    app.build()
    circle = block(app, "circle")
    # the region is indented inside a function and holds the nested "formula" region
    assert circle.astext() == "value = math.pi * radius**2\nreturn value\n"
    assert circle["doccode_display_path"] == "include/doc_code/example.py"


def test_code_block_options(app: SphinxTestApp) -> None:
    app.build()
    circle = block(app, "circle")
    assert circle["language"] == "python"
    assert circle["linenos"] is True
    assert circle["highlight_args"]["hl_lines"] == [2]
    wrapper = circle.parent
    assert isinstance(wrapper, nodes.container)
    assert "literal-block-wrapper" in wrapper["classes"]
    assert "circle-code" in wrapper["ids"]
    assert wrapper[0].astext() == "The circle"

    call = block(app, "call")
    assert call["language"] == "pycon"
    assert "extra-class" in call["classes"] and "doccode-region" in call["classes"]
    assert call["linenos"] is True
    assert call["highlight_args"]["linenostart"] == 10
    assert not isinstance(call.parent, nodes.container)


def test_whole_file_without_region_option(app: SphinxTestApp) -> None:
    app.build()
    assert block(app, "__file__", 0).astext() == "answer = 6 * 7\nprint(answer)\n"
    with_markers = block(app, "__file__", 1).astext()
    assert "def area(radius):" in with_markers and "print(area(2.0))" in with_markers
    assert "__circle_start__" not in with_markers and "__call_end__" not in with_markers


def test_missing_region_warns_with_location_and_shows_a_placeholder(app: SphinxTestApp) -> None:
    app.build()
    [warning] = of_kind(app, "doccode.region")
    assert warning.path.endswith("index.rst") and warning.line == 21
    assert "'no_such_region'" in warning.message
    assert "regions there: circle, formula, call" in warning.message
    assert "hint:" in warning.message
    placeholders = [
        n for n in app.env.get_doctree("index").findall(nodes.warning)
        if "doccode-missing" in n["classes"]
    ]
    assert [p.astext() for p in placeholders] == [
        "region no_such_region not found in include/doc_code/example.py",
        "doc_code file doc_code/missing.py not found",
        "region inner not found in include/doc_code/broken.py",
    ]


def test_missing_file_warns(app: SphinxTestApp) -> None:
    app.build()
    [warning] = of_kind(app, "doccode.file")
    assert warning.path.endswith("index.rst") and warning.line == 24
    assert "doc_code/missing.py" in warning.message


def test_broken_markers_are_reported_at_the_page_and_at_the_file(app: SphinxTestApp) -> None:
    app.build()
    markers = of_kind(app, "doccode.marker")
    at_page = [w for w in markers if w.path.endswith("index.rst")]
    at_file = [w for w in markers if w.path.endswith("broken.py")]
    assert [w.line for w in at_page] == [27]
    assert "'inner'" in at_page[0].message and "broken.py:5" in at_page[0].message
    assert [w.line for w in at_file] == [5]
    assert "must not overlap" in at_file[0].message
    # the surviving outer region is still shown
    assert block(app, "outer").astext() == "x = 1\ny = 2\n"


def test_out_of_range_emphasis_warns(app: SphinxTestApp) -> None:
    app.build()
    [warning] = of_kind(app, "doccode.option")
    assert warning.line == 30 and "the region has 2 lines" in warning.message


def test_references_are_recorded_in_the_domain(app: SphinxTestApp) -> None:
    app.build()
    refs = domain_of(app).references["index"]
    shown = [(r.path.rsplit("/", 1)[1], r.region, r.line) for r in refs]
    assert shown == [
        ("example.py", "circle", 4),
        ("example.py", "call", 11),
        ("plain.py", None, 17),
        ("example.py", None, 19),
        ("example.py", "no_such_region", 21),
        ("broken.py", "inner", 27),
        ("broken.py", "outer", 30),
    ]
    assert all(r.exact for r in refs)


def test_no_other_warnings(app: SphinxTestApp) -> None:
    app.build()
    kinds = sorted(w.kind for w in warnings_of(app))
    assert kinds == [
        "doccode.file", "doccode.marker", "doccode.marker", "doccode.option", "doccode.region",
    ]
