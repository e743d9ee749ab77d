"""``.. anti-pattern:: TITLE`` and ``.. pattern:: TITLE``: one structured page.

The directive returns a real ``section`` whose title carries the
"Anti-pattern: " / "Pattern: " prefix, so the title is the page's title in the
toctree, the search index and cross references. Its content is parsed as
ordinary reST/MyST; the sub-directives (``tldr``, ``reasons``, ``use-case``,
``code-example``) report themselves to the :class:`PageContext` so the page
can check its own structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from sphinxext.doccode.patterns.pattern_domain import (
    ANY_PAGE,
    DOMAIN_NAME,
    TITLE_PREFIX,
    PatternDomain,
    PatternEntry,
    normalize_label,
)
from sphinxext.doccode.sphinx_compat import page_data, parse_content, set_page_data

if TYPE_CHECKING:
    from sphinx.util.typing import OptionSpec

logger = logging.getLogger(__name__)

#: key of the page being parsed in the per-page store (:mod:`~sphinxext.doccode.sphinx_compat`)
CONTEXT_KEY = "doccode_pattern_page"


@dataclass
class PageContext:
    """What the sub-directives of one pattern page report while it is parsed."""

    kind: str
    tldrs: list[nodes.Element] = field(default_factory=list)
    examples: list[nodes.Element] = field(default_factory=list)


def split_list(value: str | None) -> tuple[str, ...]:
    """``"a, b c"`` -> ``("a", "b", "c")``: commas or spaces separate items."""
    return tuple(item for item in (value or "").replace(",", " ").split() if item)


def tags_paragraph(
    tags: tuple[str, ...], heading: type[nodes.TextElement], css_class: str,
) -> nodes.paragraph:
    """"Tags: a, b": plain text in every format; HTML draws each tag as a pill."""
    paragraph = nodes.paragraph("", "", classes=[css_class])
    paragraph += heading("Tags:", "Tags:")
    paragraph += nodes.Text(" ")
    for number, tag in enumerate(tags):
        if number:
            paragraph += nodes.inline(", ", ", ", classes=["doccode-tag-separator"])
        paragraph += nodes.inline(tag, tag, classes=["doccode-tag"])
    return paragraph


class PatternPageDirective(SphinxDirective):
    """Base of both page directives; subclasses set :attr:`kind`."""

    kind: ClassVar[str]
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[OptionSpec] = {
        "label": directives.unchanged,
        "tags": directives.unchanged,
        "related": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        label = normalize_label(self.options.get("label") or self.env.docname.rsplit("/", 1)[-1])
        tags = split_list(self.options.get("tags"))
        related = tuple(normalize_label(item) for item in split_list(self.options.get("related")))

        section = nodes.section(classes=["doccode-pattern-page", f"doccode-{self.kind}-page"])
        section["classes"] += self.options.get("class", [])
        self.set_source_info(section)
        title, title_messages = self._title()
        section += title
        section += title_messages
        section["names"].append(nodes.fully_normalize_name(title.astext()))
        self.state.document.note_implicit_target(section, section)
        if tags:
            section += tags_paragraph(tags, nodes.strong, "doccode-pattern-tags")

        context = PageContext(self.kind)
        outer = page_data(self.env, CONTEXT_KEY)
        set_page_data(self.env, CONTEXT_KEY, context)
        try:
            content = parse_content(self, allow_section_headings=True)
        finally:
            set_page_data(self.env, CONTEXT_KEY, outer)
        section += content
        self._add_example_heading(section, context)
        if related:
            # Body elements may not follow a subsection: end the last one instead.
            last = section
            while isinstance(last[-1], nodes.section):
                last = last[-1]
            last += self._related_block(related)

        self._check_structure(context)
        tldr = self._first_paragraph(context.tldrs[0]) if context.tldrs else None
        domain = cast("PatternDomain", self.env.domains[DOMAIN_NAME])
        domain.add_entry(PatternEntry(
            docname=self.env.docname, lineno=self.lineno, kind=self.kind, label=label,
            title=title.astext().removeprefix(TITLE_PREFIX[self.kind]),
            anchor=section["ids"][0], tags=tags, related=related,
            title_nodes=[child.deepcopy() for child in title.children[1:]], tldr=tldr,
        ))
        return [section]

    def _title(self) -> tuple[nodes.title, list[nodes.system_message]]:
        text = self.arguments[0].strip()
        inline, messages = self.state.inline_text(text, self.lineno)
        prefix = TITLE_PREFIX[self.kind]
        title = nodes.title(prefix + text, "", nodes.Text(prefix), *inline)
        self.set_source_info(title)
        return title, messages

    def _related_block(self, labels: tuple[str, ...]) -> nodes.container:
        block = nodes.container(classes=["doccode-related"])
        block += nodes.rubric("Related pages", "Related pages")
        items = nodes.bullet_list()
        for label in labels:
            xref = addnodes.pending_xref(
                label, refdomain=DOMAIN_NAME, reftype=ANY_PAGE, reftarget=label,
                refexplicit=False, refwarn=True, refdoc=self.env.docname,
            )
            self.set_source_info(xref)
            xref += nodes.inline(label, label, classes=["doccode-related-link"])
            items += nodes.list_item("", nodes.paragraph("", "", xref))
        block += items
        return block

    @staticmethod
    def _add_example_heading(section: nodes.section, context: PageContext) -> None:
        # The page's code examples get one heading, placed before the first of
        # them when the author put it directly in the page (not in a subsection).
        if not context.examples or context.examples[0].parent is not section:
            return
        first = context.examples[0]
        text = "Code example" if len(context.examples) == 1 else "Code examples"
        previous = section.index(first) - 1
        if isinstance(section[previous], nodes.rubric):
            return
        section.insert(previous + 1, nodes.rubric(text, text, classes=["doccode-examples-heading"]))

    @staticmethod
    def _first_paragraph(tldr: nodes.Element) -> nodes.Element | None:
        # The catalog shows the TLDR's first paragraph, detached from the page.
        paragraph = next(iter(tldr.findall(nodes.paragraph)), None)
        return paragraph.deepcopy() if paragraph is not None else None

    def _check_structure(self, context: PageContext) -> None:
        name = self.name
        if not context.tldrs:
            logger.warning(
                "%s page %r has no TLDR (hint: start its content with a '.. tldr::' "
                "block summarising it in a sentence or two)",
                name, self.arguments[0], location=self.get_location(),
                type="doccode", subtype="tldr",
            )
        for extra in context.tldrs[1:]:
            logger.warning(
                "%s page %r has more than one TLDR (hint: merge them into one '.. tldr::')",
                name, self.arguments[0], location=extra, type="doccode", subtype="tldr",
            )
        if not context.examples:
            logger.warning(
                "%s page %r has no code example (hint: show the code with "
                "'.. code-example:: ../doc_code/FILE.py' and ':region: NAME')",
                name, self.arguments[0], location=self.get_location(),
                type="doccode", subtype="no-example",
            )


class AntiPatternDirective(PatternPageDirective):
    kind = "anti-pattern"


class PatternDirective(PatternPageDirective):
    kind = "pattern"


def current_page(directive: SphinxDirective) -> PageContext | None:
    """The pattern page whose content is being parsed, if any."""
    return cast("PageContext | None", page_data(directive.env, CONTEXT_KEY))
