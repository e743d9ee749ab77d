"""sphinx_compat: each branch is for a named Sphinx version, and both give the same result.

The lowest-versions CI job (``.ci/run``, ``constraints/lowest.txt``) runs these on
Sphinx 7.2, the newest job on the newest Sphinx.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import sphinx
from docutils import nodes

from sphinxext.doccode import sphinx_compat
from sphinxext.doccode.builder import DocCodeBuilder
from tests.sphinx_warnings import warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

#: a directive that keeps a value in the per-page store and parses its content
#: with sphinx_compat: a section heading inside it must come through
CONF = textwrap.dedent('''
    from docutils import nodes
    from sphinx.util.docutils import SphinxDirective

    from sphinxext.doccode import sphinx_compat

    class Probe(SphinxDirective):
        has_content = True

        def run(self):
            before = sphinx_compat.page_data(self.env, "probe")
            sphinx_compat.set_page_data(self.env, "probe", (before or 0) + 1)
            box = nodes.container(classes=[f"probe-{before}"])
            box += sphinx_compat.parse_content(self, allow_section_headings=True)
            return [box]

    def setup(app):
        app.add_directive("probe", Probe)
''')

PAGE = textwrap.dedent('''
    Page
    ====

    .. probe::

       Inside
       ------

       Text.

    .. probe::

       More.
''')


def probe_project(tmp_path: Path) -> Path:
    (tmp_path / "conf.py").write_text(CONF)
    (tmp_path / "index.rst").write_text(PAGE)
    (tmp_path / "other.rst").write_text(PAGE.replace("Page\n====", "Other\n====="))
    return tmp_path


def test_the_page_store_is_per_page_on_every_version(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path,
) -> None:
    app = make_app("html", srcdir=probe_project(tmp_path))
    app.build()
    assert warnings_of(app) == []
    for docname in ("index", "other"):  # the second page starts from an empty store
        boxes = [n for n in app.env.get_doctree(docname).findall(nodes.container)
                 if any(c.startswith("probe-") for c in n["classes"])]
        assert [box["classes"] for box in boxes] == [["probe-None"], ["probe-1"]]


def test_parsed_content_keeps_its_section_and_page_lines(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path,
) -> None:
    app = make_app("html", srcdir=probe_project(tmp_path))
    app.build()
    doctree = app.env.get_doctree("index")
    inner = [section for section in doctree.findall(nodes.section)
             if section[0].astext() == "Inside"]
    assert len(inner) == 1
    text = next(p for p in doctree.findall(nodes.paragraph) if p.astext() == "Text.")
    assert text.line == 10 and str(text.source).endswith("index.rst")


def test_sphinx_before_8_2_keeps_page_data_in_env_temp_data(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path,
) -> None:
    app = make_app("html", srcdir=probe_project(tmp_path))
    sphinx_compat.set_page_data(app.env, "doccode_probe", 42)
    if sphinx.version_info < (8, 2):
        assert not hasattr(app.env, "current_document")  # the newer API would crash here
        assert app.env.temp_data["doccode_probe"] == 42
    else:
        assert app.env.current_document["doccode_probe"] == 42
    assert sphinx_compat.page_data(app.env, "doccode_probe") == 42


def test_sphinx_before_7_4_parses_content_without_parse_content_to_nodes() -> None:
    from sphinx.util.docutils import SphinxDirective

    added = hasattr(SphinxDirective, "parse_content_to_nodes")
    assert added is (sphinx.version_info >= (7, 4)) is sphinx_compat.HAS_PARSE_CONTENT


@pytest.mark.parametrize(("spec", "expected"), [("1,3-4", [0, 2, 3]), ("2-", [1, 2, 3, 4])])
def test_line_numbers_on_sphinx_before_and_after_8_1(spec: str, expected: list[int]) -> None:
    assert sphinx_compat.parse_line_numbers(spec, 5) == expected


def test_sphinx_before_8_1_skips_writing_through_builder_write() -> None:
    """8.1 added Builder.write_documents (9 made Builder.write final): the doccode
    builder overrides whichever step the running Sphinx has."""
    from sphinx.builders import Builder

    step = "write_documents" if sphinx.version_info >= (8, 1) else "write"
    assert hasattr(Builder, "write_documents") == (sphinx.version_info >= (8, 1))
    assert step in vars(sphinx_compat.ReadOnlyBuilder)
    assert issubclass(DocCodeBuilder, sphinx_compat.ReadOnlyBuilder)


def test_the_doccode_builder_resolves_no_page(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path,
) -> None:
    (tmp_path / "conf.py").write_text('extensions = ["sphinxext.doccode"]\n')
    (tmp_path / "index.rst").write_text("Page\n====\n\nNo example here.\n")
    app = make_app("doccode", srcdir=tmp_path)
    resolved: list[str] = []
    app.connect("doctree-resolved", lambda _app, _doctree, docname: resolved.append(docname))
    app.build()
    assert app.statuscode == 0 and warnings_of(app) == []
    assert resolved == []  # no post-transform of an output builder ran
    assert Path(app.outdir, "report.json").exists()  # finish() still wrote the reports
