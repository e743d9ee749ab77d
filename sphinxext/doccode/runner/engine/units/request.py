"""``FileRequest``: one call that makes the unit of either kind, as callers wrote it
before units had kinds (``FileRequest(path, name, inline=blocks)`` is a page)."""

from __future__ import annotations

from pathlib import Path

from sphinxext.doccode.runner.engine.units.file_unit import FileUnit
from sphinxext.doccode.runner.engine.units.page_unit import PageUnit
from sphinxext.doccode.sources.inline_blocks import InlineBlock

#: a unit of either kind (``unit.Unit`` is what the engine asks of one)
AnyUnit = FileUnit | PageUnit


def FileRequest(  # a function that stands where a class used to
    path: Path, display_path: str, stop_after: str | None = None,
    rewrite_asserts: bool = False, regions: tuple[tuple[str, int, int], ...] = (),
    inline: tuple[InlineBlock, ...] | None = None,
) -> AnyUnit:
    """A :class:`FileUnit`, or with ``inline`` a :class:`PageUnit` of those blocks."""
    if inline is not None:
        return PageUnit(path, display_path, inline)
    return FileUnit(path, display_path, stop_after, rewrite_asserts, regions)
