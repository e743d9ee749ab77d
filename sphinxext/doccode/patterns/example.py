"""``.. code-example:: PATH``: a doc_code region shown as bad, better or neutral code.

Built on ``.. doc-code::`` (same options, same region lookup and warnings,
same reference bookkeeping, so the ``doccode`` builder runs the region).
The kind is spelled out in a label paragraph ("Anti-pattern" / "Better
approach") that every output format prints; HTML adds colour through the
``doccode-kind-*`` classes.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from sphinxext.doccode.pages.include import CODE_OPTIONS, build_region_nodes
from sphinxext.doccode.patterns.page import current_page
from sphinxext.doccode.sphinx_compat import parse_content

logger = logging.getLogger(__name__)

#: kind -> the label every format shows ("" for neutral: no label)
EXAMPLE_LABELS = {"anti-pattern": "Anti-pattern", "better": "Better approach", "neutral": ""}


class CodeExampleDirective(SphinxDirective):
    """One code example: optional text above, then the region's code."""

    has_content = True
    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[OptionSpec] = {
        **CODE_OPTIONS,
        "kind": directives.unchanged,
        "label": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        kind = self._kind()
        example = nodes.container(
            classes=["doccode-code-example", f"doccode-kind-{kind}"], doccode_kind=kind,
        )
        self.set_source_info(example)
        label = self.options.get("label", EXAMPLE_LABELS[kind])
        if label:
            example += nodes.paragraph(
                "", "", nodes.strong(label, label), classes=["doccode-example-label"],
            )
        if self.content:
            example += parse_content(self)
        if self.state.document.settings.file_insertion_enabled:
            example += build_region_nodes(self, self.arguments[0])
        page = current_page(self)
        if page is not None:
            page.examples.append(example)
        return [example]

    def _kind(self) -> str:
        kind = (self.options.get("kind") or "neutral").strip().lower()
        if kind in EXAMPLE_LABELS:
            return kind
        logger.warning(
            "unknown code example :kind: %r, shown as neutral (hint: use %s)",
            kind, ", ".join(EXAMPLE_LABELS), location=self.get_location(),
            type="doccode", subtype="kind",
        )
        return "neutral"
