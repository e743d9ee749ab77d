"""Every output format keeps the structure's words: title prefix, TLDR, labels."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.patterns.conftest import html, text
from tests.sphinx_warnings import warnings_of

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp


def lines_of(path: Path) -> list[str]:
    return [line.rstrip() for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.sphinx("text", testroot="patterns", freshenv=True)
def test_text_output_keeps_labels(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    lines = lines_of(Path(app.outdir) / "patterns" / "return-ray-put.txt")
    assert lines[0] == (
        'Anti-pattern: Returning "ray.put()" ObjectRefs from a task harms performance')
    assert set(lines[1]) == {"*"}  # the title's underline: it is the page title
    assert lines[3] == "**Tags:** tasks, objects"
    assert lines[5].startswith('TLDR: Avoid calling "ray.put()"')
    assert "-[ Why it hurts ]-" in lines
    assert "-[ Code examples ]-" in lines
    bad, better = lines.index("**Anti-pattern**"), lines.index("**Better approach**")
    assert bad < better
    # each label sits right above its example's text and code
    assert lines[bad + 2] == "Returning a ref from a task:"
    assert lines[bad + 4].strip().startswith('return {"ref": value}')
    assert lines[better + 2] == "Return the value directly instead."
    assert "-[ Related pages ]-" in lines
    assert "* Pattern: Limiting pending tasks with a bound" in lines
    catalog = lines_of(Path(app.outdir) / "catalog.txt")
    assert "-[ Anti-patterns ]-" in catalog and "-[ Patterns ]-" in catalog
    assert "* **Limiting pending tasks with a bound**" in catalog


@pytest.mark.sphinx("latex", testroot="patterns", freshenv=True)
def test_latex_output_keeps_labels(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    chapters = re.findall(r"\\chapter\{(.*)\}", tex)
    assert chapters[:3] == [
        r"Anti\sphinxhyphen{}pattern: Returning \sphinxstyleliteralintitle{\sphinxupquote"
        r"{ray.put()}} ObjectRefs from a task harms performance",
        "Pattern: Limiting pending tasks with a bound",
        r"Anti\sphinxhyphen{}pattern: Calling a getter in a loop serialises the work",
    ]
    assert tex.count(r"\begin{sphinxadmonition}{note}{TLDR}") == 3
    assert tex.count(r"\sphinxstylestrong{Anti\sphinxhyphen{}pattern}") == 2
    assert tex.count(r"\sphinxstylestrong{Better approach}") == 3
    assert r"\subsubsection*{Why it hurts}" in tex
    assert r"\begin{sphinxuseclass}{doccode-kind-anti-pattern}" in tex


@pytest.mark.sphinx("man", testroot="patterns", freshenv=True)
def test_man_output_keeps_labels(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    man = next(Path(app.outdir).glob("*.1")).read_text(encoding="utf-8")
    headings = re.findall(r"^\.SH (.*)$", man, re.M)
    assert headings[1:4] == [
        "ANTI-PATTERN: RETURNING RAY.PUT() OBJECTREFS FROM A TASK HARMS PERFORMANCE",
        "PATTERN: LIMITING PENDING TASKS WITH A BOUND",
        "ANTI-PATTERN: CALLING A GETTER IN A LOOP SERIALISES THE WORK",
    ]
    assert man.count('.IP "TLDR"') == 3
    assert man.count("\\fBAnti\\-pattern\\fP") == 2
    assert man.count("\\fBBetter approach\\fP") == 3


@pytest.mark.sphinx("html", testroot="patterns", freshenv=True,
                    confoverrides={"html_theme": "furo"})
def test_furo_theme_renders_the_structure(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    page = html(app, "patterns/return-ray-put")
    assert page.select_one('link[rel="stylesheet"][href*="doccode-patterns.css"]') is not None
    assert (Path(app.outdir) / "_static" / "doccode-patterns.css").is_file()
    article = page.select_one("article")
    assert article is not None
    assert text(article.select_one("h1")).startswith("Anti-pattern: Returning ray.put()")
    assert text(article.select_one(".doccode-tldr .admonition-title")) == "TLDR"
    kinds = [e["class"] for e in article.select("div.doccode-code-example")]
    assert [k[1] for k in kinds] == [
        "doccode-kind-anti-pattern", "doccode-kind-better", "doccode-kind-neutral"]
    # furo's navigation shows the page under its prefixed title
    nav = [text(a) for a in page.select(".sidebar-tree a.reference")]
    assert "Anti-pattern: Returning ray.put() ObjectRefs from a task harms performance" in nav


@pytest.mark.sphinx("html", testroot="patterns", freshenv=True)
def test_default_theme_links_the_stylesheet(app: SphinxTestApp) -> None:
    app.build()
    page = html(app, "catalog")
    assert page.select_one('link[rel="stylesheet"][href*="doccode-patterns.css"]') is not None
    css = (Path(app.outdir) / "_static" / "doccode-patterns.css").read_text(encoding="utf-8")
    assert "doccode-kind-anti-pattern" in css


@pytest.mark.sphinx("dirhtml", testroot="patterns", freshenv=True)
def test_links_are_relative_to_the_page_that_shows_them(app: SphinxTestApp) -> None:
    # dirhtml nests every page one level deeper: a link copied from another page's
    # TLDR must still be computed from the catalog page.
    app.build()
    assert warnings_of(app) == []
    catalog = html(app, "catalog/index")
    hrefs = [a["href"] for a in catalog.select("div.doccode-catalog a.reference.internal")]
    assert hrefs, "no links in the catalog"
    assert all(href.startswith("../patterns/") for href in hrefs), hrefs
    links = html(app, "links/index")
    body_links = links.select("div.body a.reference.internal")  # not the theme's sidebar
    assert {a["href"].split("#")[0] for a in body_links} == {
        "../patterns/return-ray-put/", "../patterns/limit-pending/", "../patterns/myst-loop/"}
