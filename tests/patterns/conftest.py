"""Helpers for the pattern-page tests: built HTML as soup, warnings as records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup, Tag

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).resolve().parent.parent / "roots"
WARNING_RE = re.compile(
    r"^(?P<location>\S*?):(?P<line>\d*): WARNING: (?P<message>.*?)(?: \[(?P<kind>[\w.-]+)\])?$"
)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@dataclass(frozen=True)
class Warning_:
    path: str  # file name as Sphinx printed it ("" when none)
    line: int | None
    message: str
    kind: str  # "doccode.tldr", ... ("" when the warning has no type)


def warnings_of(app: SphinxTestApp) -> list[Warning_]:
    """Every warning of the build, parsed (colours stripped)."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    records = []
    for raw in text.splitlines():
        match = WARNING_RE.match(raw.strip())
        if match:
            line = match["line"]
            records.append(Warning_(match["location"], int(line) if line else None,
                                    match["message"], match["kind"] or ""))
    return records


def of_kind(app: SphinxTestApp, kind: str) -> list[Warning_]:
    return [w for w in warnings_of(app) if w.kind == kind]


def html(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    path = Path(app.outdir) / f"{docname}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text(node: Tag | None) -> str:
    """Visible text of a soup element, whitespace collapsed, header links dropped."""
    assert node is not None, "element not found"
    return " ".join(node.get_text().replace("¶", "").split())
