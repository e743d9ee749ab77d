"""``.. pattern-catalog::``: every pattern and anti-pattern page, grouped by kind.

The directive only leaves a placeholder; a post-transform fills it in when
the page is written, from the ``patterns`` domain, i.e. after every document
was read (and merged, under ``-j N``). The post-transform runs before the
references resolver, so the links it creates (and those inside the copied
TLDRs) are resolved like any other link of the catalog page.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from sphinxext.doccode.patterns.page import split_list, tags_paragraph
from sphinxext.doccode.patterns.pattern_domain import (
    DOMAIN_NAME,
    ENTRY,
    KINDS,
    PatternDomain,
    PatternEntry,
)

logger = logging.getLogger(__name__)

GROUP_HEADING = {"anti-pattern": "Anti-patterns", "pattern": "Patterns"}


class pattern_catalog(nodes.General, nodes.Element):
    """Placeholder replaced by :class:`CatalogFiller` before any writer sees it."""


def kind_option(argument: str | None) -> tuple[str, ...]:
    kinds = split_list(argument)
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown or not kinds:
        raise ValueError(f"expected {' or '.join(KINDS)}, got {argument!r}")
    return kinds


class PatternCatalogDirective(SphinxDirective):
    """List pattern pages; ``:tags:`` keeps pages with any of the tags."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = {
        "tags": directives.unchanged,
        "kind": kind_option,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        placeholder = pattern_catalog(
            "",
            tags=list(split_list(self.options.get("tags"))),
            kinds=list(self.options.get("kind", KINDS)),
            classes=["doccode-catalog", *self.options.get("class", [])],
        )
        self.set_source_info(placeholder)
        cast("PatternDomain", self.env.domains[DOMAIN_NAME]).note_catalog(self.env.docname)
        return [placeholder]


class CatalogFiller(SphinxPostTransform):
    """Replace each catalog placeholder with the entries known at write time."""

    default_priority = 5  # before ReferencesResolver (10)

    def run(self, **kwargs: Any) -> None:
        domain = cast("PatternDomain", self.env.domains[DOMAIN_NAME])
        docname = self.env.docname
        for placeholder in list(self.document.findall(pattern_catalog)):
            placeholder.replace_self(self.render(placeholder, domain.all_entries(), docname))

    def render(
        self, placeholder: pattern_catalog, entries: list[PatternEntry], docname: str,
    ) -> nodes.Element:
        wanted_tags = set(placeholder["tags"])
        chosen = [
            entry for entry in entries
            if entry.kind in placeholder["kinds"]
            and (not wanted_tags or wanted_tags & set(entry.tags))
        ]
        catalog = nodes.container(classes=placeholder["classes"])
        catalog.source, catalog.line = placeholder.source, placeholder.line
        if not chosen:
            self._warn_empty(placeholder, entries)
            catalog += nodes.paragraph(
                "No pattern pages match.", "No pattern pages match.",
                classes=["doccode-catalog-empty"],
            )
            return catalog
        for kind in placeholder["kinds"]:
            group = sorted((e for e in chosen if e.kind == kind), key=lambda e: e.title.lower())
            if not group:
                continue
            heading = GROUP_HEADING[kind]
            catalog += nodes.rubric(heading, heading, classes=["doccode-catalog-group"])
            items = nodes.bullet_list(classes=["doccode-catalog-list", f"doccode-catalog-{kind}"])
            items += [self._item(entry, docname) for entry in group]
            catalog += items
        return catalog

    def _item(self, entry: PatternEntry, docname: str) -> nodes.list_item:
        link = addnodes.pending_xref(
            "", refdomain=DOMAIN_NAME, reftype=ENTRY, reftarget=f"{entry.docname}#{entry.anchor}",
            refexplicit=True, refwarn=True, refdoc=docname,
        )
        link += nodes.inline("", "", *[child.deepcopy() for child in entry.title_nodes])
        item = nodes.list_item(classes=["doccode-catalog-entry", f"doccode-kind-{entry.kind}"])
        item += nodes.paragraph("", "", nodes.strong("", "", link),
                                classes=["doccode-catalog-title"])
        if entry.tldr is not None:
            tldr = entry.tldr.deepcopy()
            tldr["classes"].append("doccode-catalog-tldr")
            # Links inside the TLDR are resolved relative to the catalog page.
            for xref in tldr.findall(addnodes.pending_xref):
                xref["refdoc"] = docname
            item += tldr
        if entry.tags:
            item += tags_paragraph(entry.tags, nodes.emphasis, "doccode-catalog-tags")
        return item

    @staticmethod
    def _warn_empty(placeholder: pattern_catalog, entries: list[PatternEntry]) -> None:
        if not entries:
            return  # a project without pattern pages yet: nothing to point at
        known = sorted({tag for entry in entries for tag in entry.tags})
        logger.warning(
            "pattern catalog matches no page (tags %s, kinds %s; hint: known tags are %s)",
            ", ".join(placeholder["tags"]) or "any", ", ".join(placeholder["kinds"]),
            ", ".join(known) or "none",
            location=placeholder, type="doccode", subtype="catalog",
        )
