"""The Sphinx APIs that differ between the versions we support (7.2 to 9), in one place.

Each function uses the current public API where the running Sphinx has it and
the older equivalent otherwise; ``tests/test_sphinx_compat.py`` names the
version each branch is for. Everything else in the package uses APIs that all
supported versions share (``env.docname``, ``state.inline_text``, ...).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sphinx
from docutils import nodes
from sphinx.builders import Builder

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence, Set

    from docutils.nodes import Node
    from sphinx.environment import BuildEnvironment
    from sphinx.util.docutils import SphinxDirective

#: ``env.current_document`` (Sphinx 8.2) replaced the dict ``env.temp_data``
HAS_CURRENT_DOCUMENT = sphinx.version_info >= (8, 2)
#: ``SphinxDirective.parse_content_to_nodes`` came with Sphinx 7.4
HAS_PARSE_CONTENT = sphinx.version_info >= (7, 4)
#: ``Builder.write_documents`` (Sphinx 8.1) is the step a builder that writes no page
#: overrides; before it, that was ``Builder.write`` (final since Sphinx 9)
HAS_WRITE_DOCUMENTS = sphinx.version_info >= (8, 1)
#: ``sphinx.util.parselinenos`` moved to ``sphinx.util._lines`` in Sphinx 8.1
HAS_LINES_MODULE = sphinx.version_info >= (8, 1)


def page_data(env: BuildEnvironment, key: str) -> Any:
    """What an extension stored under ``key`` for the page being read (None if nothing)."""
    store = env.current_document if HAS_CURRENT_DOCUMENT else env.temp_data
    return store.get(key)


def set_page_data(env: BuildEnvironment, key: str, value: Any) -> None:
    """Store ``value`` for the page being read; Sphinx drops it when the page is done."""
    store = env.current_document if HAS_CURRENT_DOCUMENT else env.temp_data
    store[key] = value


def parse_content(directive: SphinxDirective, *, allow_section_headings: bool = False,
                  ) -> list[Node]:
    """The directive's content parsed into nodes, with the page's source lines."""
    if HAS_PARSE_CONTENT:
        return directive.parse_content_to_nodes(allow_section_headings=allow_section_headings)
    from sphinx.util.nodes import nested_parse_with_titles

    holder = nodes.Element()
    holder.document = directive.state.document
    if allow_section_headings:
        nested_parse_with_titles(directive.state, directive.content, holder,
                                 directive.content_offset)
    else:
        directive.state.nested_parse(directive.content, directive.content_offset, holder)
    return list(holder.children)


def parse_line_numbers(spec: str, total: int) -> list[int]:
    """``"1,3-5"`` -> zero-based line indexes, as ``literalinclude``'s ``:lines:`` reads it."""
    if HAS_LINES_MODULE:
        from sphinx.util._lines import parse_line_num_spec

        return parse_line_num_spec(spec, total)
    from sphinx.util import parselinenos

    return list(parselinenos(spec, total))


if HAS_WRITE_DOCUMENTS:

    class ReadOnlyBuilder(Builder):
        """A builder that reads the pages and neither resolves nor writes any of them."""

        def write_documents(self, docnames: Set[str]) -> None:
            pass

else:

    class ReadOnlyBuilder(Builder):  # type: ignore[no-redef]
        """A builder that reads the pages and neither resolves nor writes any of them."""

        def write(  # type: ignore[misc, override]
            self, build_docnames: Iterable[str] | None, updated_docnames: Sequence[str],
            method: str = "update",
        ) -> None:
            pass
