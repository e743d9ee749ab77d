"""A line that looks like an inline-block directive but that Sphinx did not read: page:line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sphinxext.doccode.pages.inline import inline_pages
from tests.sphinx_warnings import of_kind, warnings_of

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx("html", testroot="inline-unparsed")
def test_a_directive_without_a_blank_line_before_it_warns_at_its_line(
    app: SphinxTestApp,
) -> None:
    app.build()
    warned = [(w.path.rsplit("/", 1)[-1], w.line) for w in of_kind(app, "doccode.inline")]
    # index.rst:9 and :42 follow a paragraph line; myst.md:5 is a fence indented as code.
    # Not warned: the blocks Sphinx read, the one shown by a code-block, the commented-out
    # one and the one with :skipif:.
    assert warned == [("index.rst", 9), ("index.rst", 42), ("myst.md", 5)]
    assert [w.kind for w in warnings_of(app)] == ["doccode.inline"] * 3
    rst, doctest, myst = of_kind(app, "doccode.inline")
    assert "'.. testcode::'" in rst.message and "hint: add a blank line before it" in rst.message
    assert "'.. doctest::'" in doctest.message and "add a blank line before it" in doctest.message
    assert "'```{testcode}'" in myst.message and "inside a literal block" in myst.message
    # what Sphinx read is recorded as before; what it did not read is not
    runs = {source.rsplit("/", 1)[-1]: [(b.kind, b.line) for b in blocks]
            for source, blocks in inline_pages(app.env).items()}
    assert runs["index.rst"][:2] == [("testcode", 15), ("testoutput", 19)]
    assert ("testcode", 9) not in runs["index.rst"] and ("doctest", 42) not in runs["index.rst"]
    assert runs["myst.md"] == [("testcode", 9)]


@pytest.mark.sphinx("html", testroot="inline-unparsed", confoverrides={"doccode_inline": False})
def test_no_warning_when_inline_blocks_do_not_run(app: SphinxTestApp) -> None:
    app.build()
    assert of_kind(app, "doccode.inline") == []


@pytest.mark.sphinx("html", testroot="inline-unparsed",
                    confoverrides={"suppress_warnings": ["doccode.inline"]})
def test_the_warning_can_be_suppressed(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
