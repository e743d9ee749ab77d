"""The page directives build a real, titled section with the page's parts."""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from docutils import nodes

from sphinxext.doccode.pages.doccode_domain import get_domain
from tests.patterns.conftest import html, text
from tests.sphinx_warnings import warnings_of

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

SEED_TITLE = "Anti-pattern: Returning ray.put() ObjectRefs from a task harms performance"
PATTERN_TITLE = "Pattern: Limiting pending tasks with a bound"
MYST_TITLE = "Anti-pattern: Calling a getter in a loop serialises the work"


def classes_of(node: nodes.Element) -> list[str]:
    return list(node.get("classes", []))


def with_class(tree: nodes.Node, cls: str) -> list[nodes.Element]:
    return [n for n in tree.findall(nodes.Element) if cls in n.get("classes", [])]


@pytest.mark.sphinx("html", testroot="patterns", freshenv=True)
def test_build_is_warning_free(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []


@pytest.mark.sphinx("html", testroot="patterns")
def test_title_is_the_pages_title_everywhere(app: SphinxTestApp) -> None:
    app.build()
    env = app.env
    # the environment's idea of each page's title (used by :doc:, toctrees, <title>)
    assert env.titles["patterns/return-ray-put"].astext() == SEED_TITLE
    assert env.titles["patterns/limit-pending"].astext() == PATTERN_TITLE
    assert env.titles["patterns/myst-loop"].astext() == MYST_TITLE
    # the first node of the doctree is the page's section, titled with the prefix
    doctree = env.get_doctree("patterns/return-ray-put")
    section = doctree[0]
    assert isinstance(section, nodes.section)
    assert section[0].astext() == SEED_TITLE
    assert [type(c).__name__ for c in section[0].children] == ["Text", "Text", "literal", "Text"]
    # the toctree of the index lists the titles
    toc = html(app, "index").select("div.toctree-wrapper a.reference")
    assert [text(a) for a in toc][:3] == [SEED_TITLE, PATTERN_TITLE, MYST_TITLE]
    # the HTML <title> and <h1>
    page = html(app, "patterns/return-ray-put")
    assert page.title is not None and page.title.get_text().startswith(SEED_TITLE)
    assert [text(h) for h in page.select("div.body h1")] == [SEED_TITLE]
    # the search index knows the titles
    raw = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(re.search(r"Search\.setIndex\((.*)\)\s*$", raw, re.S)[1])  # type: ignore[index]
    # (Sphinx < 7.3 keeps the titles' HTML markup there)
    titles = {docname: re.sub(r"<[^>]+>", "", title)
              for docname, title in zip(index["docnames"], index["titles"], strict=True)}
    assert titles["patterns/return-ray-put"] == SEED_TITLE
    assert titles["patterns/myst-loop"] == MYST_TITLE


@pytest.mark.sphinx("html", testroot="patterns")
def test_anti_pattern_page_parts(app: SphinxTestApp) -> None:
    app.build()
    section = app.env.get_doctree("patterns/return-ray-put")[0]
    assert "doccode-anti-pattern-page" in classes_of(section)
    parts = [child for child in section.children if isinstance(child, nodes.Element)]
    kinds = [type(p).__name__ for p in parts]
    # title, tags, TLDR box, reasons, the author's note, heading, three examples, related
    assert kinds == ["title", "paragraph", "admonition", "container", "note", "rubric",
                     "container", "container", "container", "container"]
    tags, tldr, reasons = parts[1], parts[2], parts[3]
    assert [n.astext() for n in with_class(tags, "doccode-tag")] == ["tasks", "objects"]
    assert "doccode-tldr" in classes_of(tldr)
    assert tldr[0].astext() == "TLDR"
    assert "Avoid calling ray.put() on task return values" in tldr.astext()
    assert "doccode-reasons" in classes_of(reasons)
    assert reasons[0].astext() == "Why it hurts"
    assert isinstance(reasons[1], nodes.bullet_list) and len(reasons[1]) == 2
    assert parts[5].astext() == "Code examples"
    examples = parts[6:9]
    assert [e["doccode_kind"] for e in examples] == ["anti-pattern", "better", "neutral"]
    assert [with_class(e, "doccode-example-label")[0].astext() for e in examples[:2]] == [
        "Anti-pattern", "Better approach"]
    assert with_class(examples[2], "doccode-example-label") == []
    bad_code = next(examples[0].findall(nodes.literal_block))
    assert bad_code.astext().strip() == 'return {"ref": value}  # stands in for ray.put(value)'
    assert bad_code["doccode_region"] == "return_single_value_bad"
    assert examples[0][1].astext() == "Returning a ref from a task:"  # text above the code


@pytest.mark.sphinx("html", testroot="patterns")
def test_rich_content_and_related_links_in_html(app: SphinxTestApp) -> None:
    app.build()
    page = html(app, "patterns/return-ray-put")
    tldr = page.select_one("div.admonition.doccode-tldr")
    assert tldr is not None
    links = {a.get("href"): text(a) for a in tldr.select("a")}
    assert links == {
        "limit-pending.html#pattern-limiting-pending-tasks-with-a-bound": PATTERN_TITLE,
        "https://docs.ray.io": "Ray",
    }
    related = page.select("div.doccode-related li a")
    assert [(a["href"].split("#")[0], text(a)) for a in related] == [
        ("limit-pending.html", PATTERN_TITLE), ("myst-loop.html", MYST_TITLE)]
    # the author's own content (a note) stays where it was written
    assert text(page.select_one("div.admonition.note p:not(.admonition-title)")) == (
        "A note written by the author.")
    # the caption option of the include directive works on code examples
    better = page.select_one("div.doccode-kind-better")
    assert better is not None
    assert text(better.select_one(".code-block-caption")) == "Return the value itself"


@pytest.mark.sphinx("html", testroot="patterns")
def test_code_examples_are_tracked_regions(app: SphinxTestApp) -> None:
    app.build()
    shown = {(Path(r.path).name, r.region, r.docname)
             for r in get_domain(app.env).all_references()}
    assert shown == {
        ("return_put.py", "return_single_value_bad", "patterns/return-ray-put"),
        ("return_put.py", "return_single_value_better", "patterns/return-ray-put"),
        ("return_put.py", "compare", "patterns/return-ray-put"),
        ("pending.py", "limit", "patterns/limit-pending"),
        ("pending.py", "limit", "patterns/myst-loop"),
        ("return_put.py", "compare", "patterns/myst-loop"),
    }


@pytest.mark.sphinx("html", testroot="patterns")
def test_pattern_page_with_use_case_and_subsection(app: SphinxTestApp) -> None:
    app.build()
    section = app.env.get_doctree("patterns/limit-pending")[0]
    assert "doccode-pattern-page" in classes_of(section)
    use_case = with_class(section, "doccode-use-case")
    assert [u[0].astext() for u in use_case] == ["Use case"]
    # a subsection written inside the directive is a real subsection of the page
    subsections = [c for c in section.children if isinstance(c, nodes.section)]
    assert [s[0].astext() for s in subsections] == ["Subsection inside the page"]
    assert with_class(subsections[0], "doccode-kind-better")
    # nothing but sections may follow a section: the related list ends the last one
    assert isinstance(section[-1], nodes.section)
    assert "doccode-related" in classes_of(subsections[0][-1])
    toc = app.env.tocs["patterns/limit-pending"]
    assert [t.astext() for t in toc.findall(nodes.reference)] == [
        PATTERN_TITLE, "Subsection inside the page"]
    # the automatic heading is only added when the examples sit directly in the page
    assert not with_class(section, "doccode-examples-heading")
    # a figure is ordinary content of the page
    figure = html(app, "patterns/limit-pending").select_one("section.doccode-pattern-page figure")
    assert figure is not None
    assert figure.select_one("img")["alt"] == "four tasks in flight"
    assert text(figure.select_one("figcaption")) == "At most four tasks run at once."
    assert (Path(app.outdir) / "_images" / "in-flight.svg").is_file()


@pytest.mark.sphinx("html", testroot="patterns")
def test_myst_page_has_the_same_structure(app: SphinxTestApp) -> None:
    app.build()
    page = html(app, "patterns/myst-loop")
    section = page.select_one("section.doccode-anti-pattern-page")
    assert section is not None
    assert text(section.select_one("h1")) == MYST_TITLE
    tldr = section.select_one("div.doccode-tldr")
    assert tldr is not None and "in one call" in text(tldr.select_one("strong"))
    # a role inside MyST content links the other page with its title
    assert text(tldr.select_one("a.reference.internal")) == SEED_TITLE
    assert [text(li) for li in section.select("div.doccode-reasons li")] == [
        "Each call waits for one result.", "The next task is only submitted after the wait."]
    labels = [text(p) for p in section.select("div.doccode-code-example p.doccode-example-label")]
    assert labels == ["Anti-pattern", "Better approach"]
    assert text(section.select_one("div.doccode-kind-anti-pattern pre")).startswith(
        "MAX_IN_FLIGHT = 4")


def inventory_lines(app: SphinxTestApp) -> list[str]:
    """The object lines of ``objects.inv`` (after its four header lines)."""
    raw = (Path(app.outdir) / "objects.inv").read_bytes()
    body = raw.split(b"\n", 4)[4]
    return zlib.decompress(body).decode().splitlines()


@pytest.mark.sphinx("html", testroot="patterns")
def test_roles_link_by_label_and_pages_are_in_the_inventory(app: SphinxTestApp) -> None:
    app.build()
    links = html(app, "links").select("div.body a.reference.internal, article a.reference.internal")
    assert [(a["href"].split("#")[0], text(a)) for a in links] == [
        ("patterns/return-ray-put.html", SEED_TITLE),  # :antipattern:
        ("patterns/limit-pending.html", PATTERN_TITLE),  # :pattern:
        ("patterns/myst-loop.html", "this one"),  # explicit title
        ("patterns/return-ray-put.html", SEED_TITLE),  # :patterns:antipattern:, any case
        ("patterns/limit-pending.html", PATTERN_TITLE),  # :any:
    ]
    entries = {line.split(" ")[0]: line.split(" ", 4) for line in inventory_lines(app)
               if " patterns:" in line}
    assert sorted(entries) == ["limit-pending", "myst-loop", "return-ray-put"]
    _, role, _, uri, shown = entries["return-ray-put"]
    assert role == "patterns:antipattern"
    assert uri.startswith("patterns/return-ray-put.html#")
    assert shown == SEED_TITLE
    assert entries["limit-pending"][1] == "patterns:pattern"
