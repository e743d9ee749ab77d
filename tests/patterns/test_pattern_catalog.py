"""``.. pattern-catalog::`` lists every page, also under ``-j 2`` and after edits."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from bs4 import BeautifulSoup, Tag

from tests.patterns.conftest import html, text
from tests.sphinx_warnings import warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

SEED = "Returning ray.put() ObjectRefs from a task harms performance"
LIMIT = "Limiting pending tasks with a bound"
MYST = "Calling a getter in a loop serialises the work"


def catalog_view(catalog: Tag) -> list[tuple[str, list[dict[str, Any]]]]:
    """What a reader sees in one catalog: groups, each with linked titles, TLDRs, tags."""
    groups = []
    for heading in catalog.select("p.doccode-catalog-group"):
        items = heading.find_next_sibling("ul")
        assert isinstance(items, Tag)
        entries = []
        for item in items.select("li.doccode-catalog-entry"):
            link = item.select_one("p.doccode-catalog-title a")
            tldr = item.select_one("p.doccode-catalog-tldr")
            entries.append({
                "title": text(link),
                "href": link["href"] if link else None,
                "tldr": text(tldr) if tldr else None,
                "tags": [text(t) for t in item.select("p.doccode-catalog-tags .doccode-tag")],
            })
        groups.append((text(heading), entries))
    return groups


def catalogs(soup: BeautifulSoup) -> list[list[tuple[str, list[dict[str, Any]]]]]:
    return [catalog_view(c) for c in soup.select("div.doccode-catalog")]


@pytest.mark.sphinx("html", testroot="patterns")
def test_catalog_lists_every_page_grouped_by_kind(app: SphinxTestApp) -> None:
    app.build()
    everything, memory_only, anti_only = catalogs(html(app, "catalog"))
    assert everything == [
        ("Anti-patterns", [
            {"title": MYST, "href": "patterns/myst-loop.html#anti-pattern-calling-a-getter-in"
             "-a-loop-serialises-the-work",
             "tldr": "Fetch results in one call after submitting everything; see "
             f"Anti-pattern: {SEED}.", "tags": ["tasks"]},
            {"title": SEED, "href": "patterns/return-ray-put.html#anti-pattern-returning-ray"
             "-put-objectrefs-from-a-task-harms-performance",
             "tldr": "Avoid calling ray.put() on task return values; see "
             f"Pattern: {LIMIT} for a related pattern and Ray.", "tags": ["tasks", "objects"]},
        ]),
        ("Patterns", [
            # only the TLDR's first paragraph
            {"title": LIMIT, "href": "patterns/limit-pending.html#pattern-limiting-pending"
             "-tasks-with-a-bound",
             "tldr": "Keep at most a fixed number of tasks in flight.",
             "tags": ["tasks", "memory"]},
        ]),
    ]
    assert memory_only == [("Patterns", everything[1][1])]
    assert anti_only == [("Anti-patterns", everything[0][1])]
    # links inside a copied TLDR point from the catalog page, not from the source page
    tldr_link = html(app, "catalog").select_one("p.doccode-catalog-tldr a.reference.internal")
    assert tldr_link is not None
    assert tldr_link["href"].startswith("patterns/return-ray-put.html#")


@pytest.mark.sphinx("html", testroot="patterns", srcdir="patterns-serial", freshenv=True)
def test_parallel_read_gives_the_same_catalog(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    app.build()
    serial = catalogs(html(app, "catalog"))
    app.cleanup()  # a second app in this process must not see the first one's registrations
    parallel_app = make_app("html", srcdir=app.srcdir, builddir=tmp_path / "par",
                            parallel=2, freshenv=True)
    assert parallel_app.is_parallel_allowed("read")
    parallel_app.build()
    assert " .. " in parallel_app.status.getvalue()  # documents were read in chunks
    assert catalogs(html(parallel_app, "catalog")) == serial
    assert len(serial[0][0][1]) + len(serial[0][1][1]) == 3
    assert warnings_of(parallel_app) == []


def touch(path: Path, content: str | None = None) -> None:
    """Write (or just touch) a source file with an mtime Sphinx cannot miss."""
    if content is not None:
        path.write_text(content, encoding="utf-8")
    future = time.time() + 5
    os.utime(path, (future, future))


NEW_PAGE = """\
.. anti-pattern:: A page added later
   :label: added-later
   :tags: memory

   .. tldr::

      Added after the first build.

   .. code-example:: ../doc_code/pending.py
      :region: limit
      :kind: anti-pattern
"""


@pytest.mark.sphinx("html", testroot="patterns", srcdir="patterns-incremental", freshenv=True)
def test_incremental_builds_update_catalog_and_links(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp]
) -> None:
    app.build()
    src = Path(app.srcdir)

    def rebuild() -> SphinxTestApp:
        again = make_app("html", srcdir=app.srcdir)
        again.build()
        return again

    def titles(built: SphinxTestApp) -> list[list[str]]:
        everything = catalogs(html(built, "catalog"))[0]
        return [[entry["title"] for entry in entries] for _, entries in everything]

    assert titles(app) == [[MYST, SEED], [LIMIT]]

    # a page is added (not even in a toctree: the catalog still finds it)
    touch(src / "patterns" / "added-later.rst", NEW_PAGE)
    added = rebuild()
    assert titles(added) == [["A page added later", MYST, SEED], [LIMIT]]
    assert "memory" in [t for e in catalogs(html(added, "catalog"))[1][0][1] for t in e["tags"]]

    # a page's title changes: the catalog and the pages linking to it follow
    limit = src / "patterns" / "limit-pending.rst"
    touch(limit, limit.read_text(encoding="utf-8").replace(LIMIT, "Bounding in-flight tasks"))
    changed = rebuild()
    assert titles(changed) == [["A page added later", MYST, SEED], ["Bounding in-flight tasks"]]
    assert "Pattern: Bounding in-flight tasks" in text(html(changed, "links"))
    written = changed.status.getvalue()
    assert "catalog" in written and "links" in written

    # a page is removed
    (src / "patterns" / "myst-loop.md").unlink()
    touch(src / "index.rst", (src / "index.rst").read_text(encoding="utf-8").replace(
        "   patterns/myst-loop\n", ""))
    removed = rebuild()
    assert titles(removed) == [["A page added later", SEED], ["Bounding in-flight tasks"]]


@pytest.mark.sphinx("html", testroot="patterns", srcdir="patterns-unchanged", freshenv=True)
def test_unrelated_edit_does_not_rewrite_the_catalog(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp]
) -> None:
    app.build()
    catalog_html = Path(app.outdir) / "catalog.html"
    before = catalog_html.stat().st_mtime_ns
    links = Path(app.srcdir) / "links.rst"
    touch(links, links.read_text(encoding="utf-8") + "\nOne more sentence.\n")
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    assert "One more sentence." in text(html(again, "links"))
    assert catalog_html.stat().st_mtime_ns == before
