"""Inline test blocks (``testcode``, ``testoutput``, ``testsetup``, ``testcleanup``, ``doctest``).

The directives are ``sphinx.ext.doctest``'s own classes, registered only when
that extension is not loaded: a doc set that loads it keeps its directives and
its ``-b doctest`` builder, and ours reads the same nodes. After a page is
read, its nodes (``testnodetype`` set) are matched with the blocks that the
light parser (``sources/inline_blocks``) finds in the page source, which gives
exact code lines; the blocks are recorded per page in the ``doccode`` domain.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

from sphinxext.doccode import paths
from sphinxext.doccode.pages.doccode_domain import get_domain
from sphinxext.doccode.pages.inline_output import attach_output
from sphinxext.doccode.sources.inline_blocks import InlineBlock, parse_page

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from sphinxext.doccode.results import FileResult
    from sphinxext.doccode.runner import PageUnit

logger = logging.getLogger(__name__)

DOCTEST_EXTENSION = "sphinx.ext.doctest"


def register_directives(app: Sphinx, config: Config) -> None:
    """Register the doctest directives unless ``sphinx.ext.doctest`` already did."""
    if DOCTEST_EXTENSION in app.extensions:
        return
    from sphinx.ext import doctest as sphinx_doctest

    app.add_directive("testsetup", sphinx_doctest.TestsetupDirective)
    app.add_directive("testcleanup", sphinx_doctest.TestcleanupDirective)
    app.add_directive("doctest", sphinx_doctest.DoctestDirective)
    app.add_directive("testcode", sphinx_doctest.TestcodeDirective)
    app.add_directive("testoutput", sphinx_doctest.TestoutputDirective)


def _parsed(source: str) -> list[InlineBlock]:
    try:
        text = Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return parse_page(text, Path(source).suffix)


def match_block(node: nodes.Element, candidates: list[InlineBlock]) -> InlineBlock | None:
    """The parsed block a node comes from: same kind, directive at (or just before) its line."""
    kind, line = node["testnodetype"], node.line or 0
    near = [b for b in candidates if b.kind == kind and 0 <= line - b.line <= 2]
    return min(near, key=lambda b: line - b.line) if near else None


def collect_blocks(app: Sphinx, doctree: nodes.document) -> None:
    """Record the page's inline blocks, by source file, in the ``doccode`` domain."""
    env = app.env
    found: dict[str, list[InlineBlock]] = {}
    parsed: dict[str, list[InlineBlock]] = {}
    for node in doctree.findall(nodes.Element):
        if "testnodetype" not in node.attributes or not node.source:
            continue
        source = str(Path(node.source).resolve())
        if source not in parsed:
            parsed[source] = _parsed(source)
        block = match_block(node, parsed[source])
        if block is None:
            logger.warning(
                "doccode: cannot locate this %s block in %s, so it does not run "
                "(hint: write the directive at the start of a line, its options right "
                "below it, then the content indented)", node["testnodetype"], source,
                type="doccode", subtype="inline", location=node)
            continue
        found.setdefault(source, []).append(block)
        attach_output(app, node, block, source)
    domain = get_domain(env)
    for source, blocks in found.items():
        unique = sorted(set(blocks), key=lambda b: b.line)
        domain.inline_blocks.setdefault(env.docname, {})[source] = [b.to_dict() for b in unique]


def inline_pages(env: BuildEnvironment) -> dict[str, list[InlineBlock]]:
    """Source file -> its inline blocks, in page order, over every page read."""
    pages: dict[str, dict[int, InlineBlock]] = {}
    for per_source in get_domain(env).inline_blocks.values():
        for source, blocks in per_source.items():
            for data in blocks:
                block = InlineBlock.from_dict(data)
                pages.setdefault(source, {})[block.line] = block
    return {source: [b[k] for k in sorted(b)] for source, b in sorted(pages.items())}


def setup_inline(app: Sphinx) -> None:
    app.connect("config-inited", register_directives)
    app.connect("doctree-read", collect_blocks)


def page_units(env: BuildEnvironment, root: Path) -> list[PageUnit]:
    """One engine unit per page source with inline blocks (none when ``doccode_inline``
    is off)."""
    from sphinxext.doccode.runner import PageUnit

    if not env.config.doccode_inline:
        return []
    return [
        PageUnit(Path(source), paths.display_path(source, root), tuple(blocks))
        for source, blocks in inline_pages(env).items()
    ]


def attach_page_locations(env: BuildEnvironment, results: list[FileResult],
                          root: Path) -> dict[tuple[str, str], list[str]]:
    """A block is shown by its own page: fill ``pages`` and return ``docname:line`` per block."""
    docnames = {display: docname for display, (_, docname) in page_docnames(env, root).items()}
    locations: dict[tuple[str, str], list[str]] = {}
    for result in results:
        if result.kind != "page" or result.path not in docnames:
            continue
        docname = docnames[result.path]
        for region in result.regions:
            region.pages = [docname]
            locations[result.path, region.name] = [f"{docname}:{region.start_line}"]
    return locations


def page_docnames(env: BuildEnvironment, root: Path) -> dict[str, tuple[Path, str]]:
    """Display path -> (source file, docname) of every page with inline blocks."""
    pages: dict[str, tuple[Path, str]] = {}
    for docname, per_source in sorted(get_domain(env).inline_blocks.items()):
        for source in per_source:
            pages.setdefault(paths.display_path(source, root), (Path(source), docname))
    return pages
