"""Helpers for the Sphinx-side tests: test roots, parsed warnings, doctree lookups."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from docutils import nodes

from sphinxext.doccode.domain import DocCodeDomain, get_domain

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).resolve().parent.parent / "roots"
WARNING_RE = re.compile(
    r"^(?:(?P<location>\S*?):(?P<line>\d*): )?WARNING: (?P<message>.*?)"
    r"(?: \[(?P<kind>[\w.-]+)\])?$"
)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def copy_root(name: str, destination: Path) -> Path:
    """Copy ``tests/roots/test-NAME`` to ``destination``, so a test may edit it."""
    target = destination / name
    shutil.copytree(ROOTS / f"test-{name}", target, ignore=shutil.ignore_patterns("_build"))
    return target


@dataclass(frozen=True)
class Warning_:
    path: str
    line: int | None
    message: str
    kind: str  # e.g. "doccode.region" ("" when the warning has no type)


def warnings_of(app: SphinxTestApp) -> list[Warning_]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    records = []
    for raw in text.splitlines():
        match = WARNING_RE.match(raw.strip())
        if match:
            line = match["line"]
            records.append(
                Warning_(match["location"] or "", int(line) if line else None, match["message"],
                         match["kind"] or "")
            )
    return records


def of_kind(app: SphinxTestApp, kind: str) -> list[Warning_]:
    return [w for w in warnings_of(app) if w.kind == kind]


def domain_of(app: SphinxTestApp) -> DocCodeDomain:
    return get_domain(app.env)


def code_blocks(app: SphinxTestApp, docname: str) -> list[nodes.literal_block]:
    doctree = app.env.get_doctree(docname)
    return list(doctree.findall(nodes.literal_block))
