"""Plain ``literalinclude``: rendered exactly as Sphinx does, plus region tracking."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from docutils import nodes

from tests.sphinx_helpers import ROOTS, code_blocks, domain_of
from tests.sphinx_warnings import of_kind, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp


def rendered_code(app: SphinxTestApp, docname: str) -> list[str]:
    """Every code block and caption of a page, attributes included."""
    doctree = app.env.get_doctree(docname)
    return [n.pformat() for n in doctree.findall(nodes.container)] + [
        n.pformat() for n in doctree.findall(nodes.literal_block)
    ]


def test_a_literalinclude_doc_set_builds_unchanged_with_the_extension(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    builds: dict[str, Any] = {}
    for name, extensions in (("plain", []), ("doccode", ["sphinxext.doccode"])):
        app = make_app(
            "html",
            srcdir=ROOTS / "test-literalinclude",
            builddir=tmp_path / name,
            freshenv=True,
            confoverrides={"extensions": extensions},
        )
        app.build()
        assert warnings_of(app) == [], app.warning.getvalue()
        builds[name] = {doc: rendered_code(app, doc) for doc in ("index", "other")}
        app.cleanup()  # forget this app's directives before the next one registers its own
    assert builds["plain"]["index"]  # the comparison is not vacuous
    assert builds["doccode"] == builds["plain"]


@pytest.mark.sphinx("html", testroot="literalinclude", freshenv=True)
def test_regions_selected_by_markers_are_recorded(app: SphinxTestApp) -> None:
    app.build()
    refs = domain_of(app).all_references()
    recorded = [(Path(r.path).name, r.region, r.docname, r.line, r.exact) for r in refs]
    assert recorded == [
        ("tasks.py", "square", "index", 10, True),
        ("tasks.py", "use", "index", 17, True),
        ("tasks.py", None, "index", 30, False),  # :pyobject: - which regions is unknown
        ("tasks.py", "use", "other", 4, True),
        ("whole.py", None, "index", 26, True),  # the whole file
    ]  # settings.yaml is not Python: not tracked


@pytest.mark.sphinx("html", testroot="literalinclude", freshenv=True)
def test_pages_per_region(app: SphinxTestApp) -> None:
    app.build()
    domain = domain_of(app)
    path = str(Path(app.srcdir, "doc_code", "tasks.py").resolve())
    from sphinxext.doccode.pages.doccode_domain import region_index

    index = region_index(path, "doc_code/tasks.py")
    assert index is not None
    assert [r.location for r in domain.pages_for_region(path, index, "use")] == [
        "index:17",
        "other:4",
    ]
    assert [r.location for r in domain.pages_for_region(path, index, "square")] == ["index:10"]


@pytest.mark.sphinx("html", testroot="validation", freshenv=True)
def test_missing_region_warns_at_the_page_and_keeps_the_builtin_behaviour(
    app: SphinxTestApp,
) -> None:
    app.build()
    [warning] = of_kind(app, "doccode.region")
    assert warning.path.endswith("index.rst") and warning.line == 8
    assert "'typo'" in warning.message and "validation/doc_code/used.py" in warning.message
    assert "regions there: shown, forgotten" in warning.message
    # Sphinx's own warning is still there, and the other include still renders
    builtin = [w for w in warnings_of(app) if "start-after pattern not found" in w.message]
    assert len(builtin) == 1
    assert [b.astext() for b in code_blocks(app, "index")] == ["a = 1\n", "c = 3\n"]
