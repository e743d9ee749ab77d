"""Warn at each line that looks like an inline-block directive but that Sphinx did not read as one.

Such a block would never run and nothing would say so. The usual causes: no
blank line between a paragraph and ``.. testcode::`` (docutils reads the
directive as paragraph text), or a directive inside a literal block (a MyST
fence indented as code). Each is a ``doccode.inline`` warning at page:line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

from sphinxext.doccode.pages.inline import match_block
from sphinxext.doccode.sources.expected_blocks import expected_blocks, follows_text
from sphinxext.doccode.sources.inline_blocks import PAGE_SUFFIXES

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

HINT_BLANK_LINE = "add a blank line before it"
HINT_LITERAL = ("it is inside a literal block or a code block, which only shows it; "
                "write it outside, at the indentation of the text around it")


def warn_unparsed_blocks(app: Sphinx, doctree: nodes.document) -> None:
    """After a page is read: every block its source asks for must be a doctest node."""
    env = app.env
    if not env.config.doccode_inline:
        return
    path = Path(env.doc2path(env.docname)).resolve()
    if path.suffix not in PAGE_SUFFIXES:
        return
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    expected = expected_blocks(text, path.suffix)
    if not expected:
        return
    read = {
        match_block(node, expected) for node in doctree.findall(nodes.Element)
        if "testnodetype" in node.attributes and node.source
        and Path(node.source).resolve() == path
    }
    for block in expected:
        if block in read:
            continue
        hint = HINT_BLANK_LINE if follows_text(text, block.line) else HINT_LITERAL
        shown = f"```{{{block.kind}}}" if path.suffix == ".md" else f".. {block.kind}::"
        logger.warning(
            "doccode: this line looks like a '%s' directive, but Sphinx did not read it as "
            "one, so the block does not run (hint: %s)", shown, hint,
            type="doccode", subtype="inline", location=(env.docname, block.line))


def setup_unparsed(app: Sphinx) -> None:
    app.connect("doctree-read", warn_unparsed_blocks)
