"""``literalinclude`` that also records which doc_code region a page shows.

Existing doc sets select regions with ``:start-after: __NAME_start__`` and
``:end-before: __NAME_end__``. This subclass renders exactly what Sphinx's
built-in directive renders; it only records the reference (so the region
counts as documented and its results name the page) and warns when the named
region does not exist in the file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes as docutils_nodes
from sphinx.directives.code import LiteralInclude
from sphinx.util import logging

from sphinxext.doccode import config as doccode_config
from sphinxext.doccode.pages.domain import record_reference, region_index
from sphinxext.doccode.pages.region_warnings import warn_missing_region
from sphinxext.doccode.pages.status import status_shown

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

START_NAME_RE = re.compile(r"__(\w+?)_start__")
END_NAME_RE = re.compile(r"__(\w+?)_end__")
# Options that pick lines without naming a region marker.
OTHER_SELECTIONS = ("lines", "pyobject", "start-after", "start-at", "end-before", "end-at")


def regions_named(options: dict[str, object]) -> list[str]:
    """Region names that the start/end options point at, in order, no repeats."""
    names: list[str] = []
    for option, pattern in (
        ("start-after", START_NAME_RE),
        ("start-at", START_NAME_RE),
        ("end-before", END_NAME_RE),
        ("end-at", END_NAME_RE),
    ):
        value = options.get(option)
        match = pattern.search(value) if isinstance(value, str) else None
        if match and match[1] not in names:
            names.append(match[1])
    return names


class TrackedLiteralInclude(LiteralInclude):
    """The built-in ``literalinclude``, plus region tracking for ``*.py`` files."""

    def run(self) -> list[Node]:
        nodes = super().run()
        if "diff" not in self.options and self.state.document.settings.file_insertion_enabled:
            self._track()
            self._name_the_region(nodes)
        return nodes

    def _name_the_region(self, shown: list[Node]) -> None:
        """Tag the code block with its file and region (as ``.. doc-code::`` does), so a
        status line can go under it, when it shows exactly one region. Only when status
        lines are on: otherwise the block stays exactly what plain Sphinx makes."""
        names = regions_named(self.options)
        if not status_shown(self.config):
            return
        _, filename = self.env.relfn2path(self.arguments[0])
        path = Path(filename).resolve()
        if len(names) != 1 or path.suffix != ".py" or not path.is_file():
            return
        display = doccode_config.display_path(path, doccode_config.project_root(self.env.srcdir))
        for node in shown:
            for literal in node.findall(docutils_nodes.literal_block):
                literal["doccode_path"], literal["doccode_region"] = str(path), names[0]
                literal["doccode_display_path"] = display

    def _track(self) -> None:
        _, filename = self.env.relfn2path(self.arguments[0])
        path = Path(filename)
        if path.suffix != ".py" or not path.is_file():
            return  # a missing file is already reported by the built-in directive
        names = regions_named(self.options)
        if not names:
            # Whole file, or lines picked some other way (then we cannot tell
            # which regions the page shows).
            exact = not any(option in self.options for option in OTHER_SELECTIONS)
            record_reference(self.env, path, None, self.lineno, exact=exact)
            return
        root = doccode_config.project_root(self.env.srcdir)
        index = region_index(path, doccode_config.display_path(path, root))
        for name in names:
            record_reference(self.env, path, name, self.lineno)
            if index is not None and index.get(name) is None:
                warn_missing_region(self, index, name, option=f":start-after: __{name}_start__")


def setup_literalinclude(app: Sphinx) -> None:
    app.add_directive("literalinclude", TrackedLiteralInclude, override=True)
