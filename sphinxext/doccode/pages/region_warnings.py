"""Directives that put doc_code regions on pages; shared warning helpers.

``include`` holds ``.. doc-code::`` (and the reusable code-building part),
``literalinclude`` the tracking subclass of Sphinx's built-in directive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

from sphinxext.doccode.sources.regions import IMPLICIT_REGION

if TYPE_CHECKING:
    from sphinx.util.docutils import SphinxDirective

    from sphinxext.doccode.sources.regions import MarkerProblem, RegionIndex

logger = logging.getLogger(__name__)


def problems_about(index: RegionIndex, name: str) -> list[MarkerProblem]:
    """Marker problems that break region ``name``."""
    return [p for p in index.problems if name in p.regions]


def warn_missing_region(
    directive: SphinxDirective, index: RegionIndex, name: str, *, option: str
) -> None:
    """Warn, at the directive, that region ``name`` does not exist in ``index``'s file."""
    problems = problems_about(index, name)
    if problems:
        logger.warning(
            "region %r of %s has broken markers: %s",
            name,
            index.path,
            "; ".join(str(p) for p in problems),
            location=directive.get_location(),
            type="doccode",
            subtype="marker",
        )
        return
    known = ", ".join(n for n in index.names() if n != IMPLICIT_REGION) or "none"
    logger.warning(
        "region %r not found in %s (regions there: %s) (hint: check the name in %s, "
        "or add '# __%s_start__' and '# __%s_end__' around the code in the file)",
        name,
        index.path,
        known,
        option,
        name,
        name,
        location=directive.get_location(),
        type="doccode",
        subtype="region",
    )
