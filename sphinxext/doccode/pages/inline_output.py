"""Captured output under ``testcode`` blocks (``doccode_inline_output``), from the last run.

The same placeholder as ``:output:`` (:mod:`.output`) goes under each visible
``testcode`` block; when the page is written it becomes what the block printed
in the last run, or a note that the page has not been executed yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinxext.doccode import paths
from sphinxext.doccode.pages.last_run import get_last_run_domain
from sphinxext.doccode.pages.output import doccode_output
from sphinxext.doccode.sources.inline_blocks import ALL_GROUPS, DEFAULT_GROUP, block_name

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

    from sphinxext.doccode.sources.inline_blocks import InlineBlock


def attach_output(app: Sphinx, node: nodes.Element, block: InlineBlock, source: str) -> None:
    """Put an output placeholder under a shown ``testcode`` block, when configured."""
    if not app.config.doccode_inline_output or block.kind != "testcode" or block.hide:
        return
    if node.parent is None:
        return
    group = next((g for g in block.groups if g != ALL_GROUPS), DEFAULT_GROUP)
    root = paths.project_root(app.srcdir)
    placeholder = doccode_output(
        path=source,
        display_path=paths.display_path(source, root),
        region=block_name(block, group),
        inline_lines=[block.first_line, block.last_line],
    )
    placeholder.source, placeholder.line = node.source, node.line
    node.parent.insert(node.parent.index(node) + 1, placeholder)
    get_last_run_domain(app.env).note("outputs", app.env.docname)
