"""The inline blocks a page's source asks for, so that a block Sphinx did not read is not silent.

Pure Python: no Sphinx, no docutils. A ``.. testcode::`` written right under a
paragraph line is paragraph text to docutils, and a MyST fence indented as
code is a literal block: either way no block exists, and nothing would run.
``pages/unparsed.py`` compares these blocks with what Sphinx read.
"""

from __future__ import annotations

import re

from sphinxext.doccode.sources.inline_blocks import InlineBlock, parse_page

#: a reST comment: ``..`` alone, or followed by text that is no directive, target,
#: footnote or substitution definition
COMMENT_RE = re.compile(r"^[ \t]*\.\.(?:[ \t]*$|[ \t]+(?![_\[|])(?!\S+::))")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _commented_out(lines: list[str], index: int) -> bool:
    """Whether ``lines[index]`` sits inside a reST comment (its lines are indented under it)."""
    own = _indent(lines[index])
    for above in range(index - 1, -1, -1):
        text = lines[above]
        if not text.strip() or _indent(text) >= own:
            continue
        if COMMENT_RE.match(text):
            return True
        own = _indent(text)
        if own == 0:
            break
    return False


def expected_blocks(source: str, suffix: str) -> list[InlineBlock]:
    """The blocks Sphinx must read as directives: those the page has, minus the
    commented-out ones and those with ``:skipif:`` (Sphinx drops a block whose
    condition holds)."""
    lines = source.splitlines()
    return [
        block for block in parse_page(source, suffix)
        if block.skipif is None
        and not (suffix != ".md" and _commented_out(lines, block.line - 1))
    ]


def follows_text(source: str, line: int) -> bool:
    """Whether the line above ``line`` (1-based) is text: a reST directive there
    continues the paragraph instead of starting a block."""
    lines = source.splitlines()
    return line >= 2 and bool(lines[line - 2].strip())
