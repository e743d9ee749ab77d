"""``literalinclude`` that also records which doc_code region a page shows.

Existing doc sets select regions with ``:start-after: __NAME_start__`` and
``:end-before: __NAME_end__`` (or ``__NAME_begin__``, or ``:start-after:``
alone, to the end of the file). This subclass renders exactly what Sphinx's
built-in directive renders; it only records the reference (so the region
counts as documented and its results name the page). The page's strings
decide the region, by ``literalinclude``'s own rules
(:mod:`sphinxext.doccode.sources.page_regions`): when they delimit lines that
no marker pair does, those lines become a region of their own, run and
reported under the page's label.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes as docutils_nodes
from sphinx.directives.code import LiteralInclude
from sphinx.util import logging

from sphinxext.doccode import paths
from sphinxext.doccode.pages.doccode_domain import record_reference, region_index
from sphinxext.doccode.pages.region_warnings import warn_missing_region
from sphinxext.doccode.pages.status import status_shown
from sphinxext.doccode.sources.page_regions import SELECTING_OPTIONS, marker_names, select_lines

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


class TrackedLiteralInclude(LiteralInclude):
    """The built-in ``literalinclude``, plus region tracking for ``*.py`` files."""

    def run(self) -> list[Node]:
        nodes = super().run()
        if "diff" not in self.options and self.state.document.settings.file_insertion_enabled:
            self._name_the_region(nodes, self._track())
        return nodes

    def _name_the_region(self, shown: list[Node], name: str | None) -> None:
        """Tag the code block with its file and region (as ``.. doc-code::`` does), so a
        status line can go under it, when it shows exactly one region. Only when status
        lines are on: otherwise the block stays exactly what plain Sphinx makes."""
        if name is None or not status_shown(self.config):
            return
        _, filename = self.env.relfn2path(self.arguments[0])
        path = Path(filename).resolve()
        display = paths.display_path(path, paths.project_root(self.env.srcdir))
        for node in shown:
            for literal in node.findall(docutils_nodes.literal_block):
                literal["doccode_path"], literal["doccode_region"] = str(path), name
                literal["doccode_display_path"] = display

    def _track(self) -> str | None:
        """Record which region the page shows; its name when it is exactly one region."""
        _, filename = self.env.relfn2path(self.arguments[0])
        path = Path(filename)
        if path.suffix != ".py" or not path.is_file():
            return None  # a missing file is already reported by the built-in directive
        root = paths.project_root(self.env.srcdir)
        index = region_index(path, paths.display_path(path, root))
        if index is None or "pyobject" in self.options:
            # Lines picked by object name: we cannot tell which regions the page shows.
            record_reference(self.env, path, None, self.lineno, exact=False)
            return None
        if not any(option in self.options for option in SELECTING_OPTIONS):
            record_reference(self.env, path, None, self.lineno)  # the whole file
            return None
        selection = select_lines(index.lines, self.options)
        if selection is None:
            # Sphinx already said which string it did not find; name the region meant.
            names = marker_names(self.options)
            for name in names:
                record_reference(self.env, path, name, self.lineno)
                if index.get(name) is None:
                    warn_missing_region(self, index, name, option=f":start-after: __{name}_start__")
            if not names:
                record_reference(self.env, path, None, self.lineno, exact=False)
            return None
        region = index.get(selection.label)
        if region is not None and (region.first_line, region.last_line) == selection.span:
            record_reference(self.env, path, region.name, self.lineno)
            return region.name
        reference = record_reference(self.env, path, selection.label, self.lineno,
                                     span=selection.span)
        return reference.region


def setup_literalinclude(app: Sphinx) -> None:
    app.add_directive("literalinclude", TrackedLiteralInclude, override=True)
