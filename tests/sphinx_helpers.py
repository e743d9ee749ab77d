"""Helpers for the Sphinx-side tests: test roots, parsed warnings, doctree lookups."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from sphinxext.doccode.pages.doccode_domain import DocCodeDomain, get_domain

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).resolve().parent / "roots"


def copy_root(name: str, destination: Path) -> Path:
    """Copy ``tests/roots/test-NAME`` to ``destination``, so a test may edit it."""
    target = destination / name
    shutil.copytree(ROOTS / f"test-{name}", target, ignore=shutil.ignore_patterns("_build"))
    return target


def domain_of(app: SphinxTestApp) -> DocCodeDomain:
    return get_domain(app.env)


def code_blocks(app: SphinxTestApp, docname: str) -> list[nodes.literal_block]:
    doctree = app.env.get_doctree(docname)
    return list(doctree.findall(nodes.literal_block))
