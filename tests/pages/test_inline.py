"""Inline test blocks on the Sphinx side: directives, MyST fences, the doccode domain."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from docutils import nodes

from sphinxext.doccode.pages.inline import inline_pages
from sphinxext.doccode.sources.inline_blocks import InlineBlock
from tests.sphinx_warnings import of_kind, warnings_of

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp


def blocks_of(app: SphinxTestApp, name: str) -> list[InlineBlock]:
    pages = inline_pages(app.env)
    return next(blocks for source, blocks in pages.items() if source.endswith(name))


def summary(blocks: list[InlineBlock]) -> list[tuple[str, int, int, tuple[str, ...]]]:
    return [(b.kind, b.line, b.first_line, b.groups) for b in blocks]


@pytest.mark.sphinx("html", testroot="inline")
def test_rest_directives_and_options_are_recorded_with_their_lines(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    blocks = blocks_of(app, "index.rst")
    assert summary(blocks) == [
        ("testsetup", 9, 11, ("default",)),
        ("testcode", 13, 15, ("default",)),
        ("testoutput", 17, 20, ("default",)),
        ("testcode", 22, 25, ("default",)),
        ("doctest", 27, 30, ("default",)),
        ("testcode", 35, 37, ("other",)),
        ("testcode", 39, 42, ("default",)),
        ("testcode", 44, 46, ("default",)),
        ("testoutput", 49, 52, ("default",)),
        ("testcleanup", 54, 56, ("default",)),
    ]  # the directive inside the literal block at the end is not a block
    by_line = {b.line: b for b in blocks}
    assert by_line[17].options == ("+NORMALIZE_WHITESPACE",)
    assert by_line[22].hide and by_line[27].trim_flags
    assert by_line[39].skipif == "True"
    assert by_line[49].options == ("+MOCK",)
    assert by_line[13].code == 'print(greeting, "world")'


@pytest.mark.sphinx("html", testroot="inline")
def test_myst_fences_are_blocks_and_nested_fences_are_not(app: SphinxTestApp) -> None:
    app.build()
    blocks = blocks_of(app, "myst.md")
    assert summary(blocks) == [
        ("testsetup", 3, 4, ("default",)),
        ("testcode", 7, 8, ("default",)),
        ("testoutput", 11, 13, ("default",)),
        ("doctest", 16, 17, ("default",)),
        ("testcode", 27, 30, ("default",)),
        ("testcleanup", 33, 34, ("default",)),
    ]
    assert blocks[2].options == ("+ELLIPSIS",) and blocks[2].code == "[1, ..., 3]"
    assert blocks[4].hide and blocks[4].skipif == "len(items) > 3"


@pytest.mark.sphinx("html", testroot="inline")
def test_hidden_and_setup_blocks_are_not_shown(app: SphinxTestApp) -> None:
    app.build()
    doctree = app.env.get_doctree("index")
    shown = [n.astext() for n in doctree.findall(nodes.literal_block) if "testnodetype" in n]
    assert 'print(greeting, "world")' in shown
    assert "hidden = 42" not in shown and 'greeting = "hello"' not in shown
    # :trim-doctest-flags: shows the doctest without its flag comments (Sphinx < 7.3
    # leaves the spaces before the comment)
    shown_lines = {line.rstrip() for text in shown for line in text.splitlines()}
    assert ">>> print(list(range(20)))" in shown_lines
    assert not any("# doctest:" in text for text in shown)


@pytest.mark.sphinx("html", testroot="inline-doctest")
def test_a_doc_set_loading_sphinx_ext_doctest_keeps_its_directives(app: SphinxTestApp) -> None:
    from sphinx.ext import doctest as sphinx_doctest

    app.build()
    assert warnings_of(app) == []
    assert "doctest" in app.registry.builders  # its builder is untouched
    from docutils.parsers.rst import directives

    assert directives._directives["testcode"] is sphinx_doctest.TestcodeDirective
    assert summary(blocks_of(app, "index.rst")) == [
        ("testsetup", 4, 6, ("*",)),
        ("testcode", 8, 10, ("default",)),
        ("testoutput", 12, 14, ("default",)),
        ("doctest", 16, 18, ("math",)),
        ("testoutput", 21, 23, ("math",)),
    ]


@pytest.mark.sphinx("doctest", testroot="inline-doctest")
def test_the_doctest_builder_still_runs_the_page(app: SphinxTestApp) -> None:
    app.build()
    output = (app.outdir / "output.txt").read_text()
    assert "0 failures in tests" in output and "2 tests" in output


@pytest.mark.sphinx("html", testroot="inline-warnings")
def test_a_block_that_cannot_be_located_is_one_warning(app: SphinxTestApp) -> None:
    app.build()
    [warning] = of_kind(app, "doccode.inline")
    assert warning.path.endswith("index.md") and "does not run" in warning.message
    assert inline_pages(app.env) == {}
