"""The parts of a pattern page: ``tldr``, ``reasons`` (anti-pattern) and ``use-case`` (pattern).

Each part is rich content (any reST/MyST: roles, links, lists, figures)
wrapped in nodes every builder knows (an admonition, a container with a
rubric), so text, LaTeX and man output keep the headings while HTML styles
them through CSS classes.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from sphinxext.doccode.patterns.page import current_page
from sphinxext.doccode.sphinx_compat import parse_content

logger = logging.getLogger(__name__)


class _PartDirective(SphinxDirective):
    """Shared shape: optional heading argument, required content."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[OptionSpec] = {"class": directives.class_option}
    #: page kinds this part belongs to
    allowed_kinds: ClassVar[tuple[str, ...]] = ("anti-pattern", "pattern")
    default_heading: ClassVar[str]
    css_class: ClassVar[str]
    hint: ClassVar[str]

    def heading(self) -> str:
        return self.arguments[0].strip() if self.arguments else self.default_heading

    def check_placement(self) -> None:
        page = current_page(self)
        if page is None:
            logger.warning(
                "'.. %s::' is only meaningful inside '.. anti-pattern::' or '.. pattern::' "
                "(hint: indent it under the page directive)",
                self.name, location=self.get_location(), type="doccode", subtype="pattern",
            )
        elif page.kind not in self.allowed_kinds:
            logger.warning(
                "'.. %s::' does not belong in a %s page (hint: %s)",
                self.name, page.kind, self.hint,
                location=self.get_location(), type="doccode", subtype="pattern",
            )

    def parse_body(self, subtype: str) -> list[nodes.Node]:
        body = parse_content(self)
        if not self.content or not any(isinstance(n, nodes.Element) for n in body):
            logger.warning(
                "'.. %s::' is empty (hint: write its text indented under it)",
                self.name, location=self.get_location(), type="doccode", subtype=subtype,
            )
        return body


class TldrDirective(_PartDirective):
    """The page's summary: an admonition titled "TLDR"."""

    default_heading = "TLDR"
    css_class = "doccode-tldr"
    hint = ""

    def run(self) -> list[nodes.Node]:
        self.check_placement()
        heading = self.heading()
        box = nodes.admonition(classes=["admonition-tldr", self.css_class])
        box["classes"] += self.options.get("class", [])
        self.set_source_info(box)
        box += nodes.title(heading, heading)
        box += self.parse_body("tldr")
        page = current_page(self)
        if page is not None:
            page.tldrs.append(box)
        return [box]


class _SectionPartDirective(_PartDirective):
    """A headed block: a container holding a rubric and the content."""

    def run(self) -> list[nodes.Node]:
        self.check_placement()
        heading = self.heading()
        block = nodes.container(classes=["doccode-pattern-part", self.css_class])
        block["classes"] += self.options.get("class", [])
        self.set_source_info(block)
        block += nodes.rubric(heading, heading, classes=[f"{self.css_class}-heading"])
        block += self.parse_body("pattern")
        return [block]


class ReasonsDirective(_SectionPartDirective):
    """Why an anti-pattern hurts."""

    allowed_kinds = ("anti-pattern",)
    default_heading = "Why it hurts"
    css_class = "doccode-reasons"
    hint = "a pattern page describes when to use it with '.. use-case::'"


class UseCaseDirective(_SectionPartDirective):
    """When a pattern is the right tool."""

    allowed_kinds = ("pattern",)
    default_heading = "Use case"
    css_class = "doccode-use-case"
    hint = "an anti-pattern page explains the harm with '.. reasons::'"
