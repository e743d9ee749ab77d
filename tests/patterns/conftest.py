"""Helpers for the pattern-page tests: built HTML as soup, warnings as records."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup, Tag

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

def html(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    path = Path(app.outdir) / f"{docname}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text(node: Tag | None) -> str:
    """Visible text of a soup element, whitespace collapsed, header links dropped."""
    assert node is not None, "element not found"
    return " ".join(node.get_text().replace("¶", "").split())
