"""Results executed during this build, kept in memory for the pages written by it.

With ``doccode_cache = "off"`` nothing is written to the cache, yet the pages
of the build that ran the examples must show what they printed.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinxext.doccode.results import FileResult

_by_app: weakref.WeakKeyDictionary[Sphinx, dict[str, FileResult]] = weakref.WeakKeyDictionary()


def remember(app: Sphinx, results: list[FileResult]) -> None:
    """Keep ``results`` (by display path) for the rest of ``app``'s build."""
    _by_app.setdefault(app, {}).update((result.path, result) for result in results)


def this_build(app: Sphinx) -> dict[str, FileResult]:
    """Display path -> result of every file executed (or reused) by this build."""
    return _by_app.get(app, {})


def executed_this_build(app: Sphinx) -> bool:
    return app in _by_app
