"""The ``patterns`` domain: every pattern page of the project, by label.

State lives here (not in module globals) so that parallel reads merge it and
incremental builds purge it per document. Links are resolved from it at write
time, when every document has been read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

if TYPE_CHECKING:
    from collections.abc import Iterable, Set

    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

DOMAIN_NAME = "patterns"
#: the two page kinds, in the order a catalog shows them
KINDS = ("anti-pattern", "pattern")
TITLE_PREFIX = {"anti-pattern": "Anti-pattern: ", "pattern": "Pattern: "}
#: role / object type name of each kind (a role name cannot hold a dash well in prose)
ROLE_OF_KIND = {"anti-pattern": "antipattern", "pattern": "pattern"}
KIND_OF_ROLE = {role: kind for kind, role in ROLE_OF_KIND.items()}
#: xref type used by ``:related:`` links: any kind
ANY_PAGE = "page"
#: xref type used by the catalog: one exact page entry, ``docname#anchor``
ENTRY = "entry"


@dataclass
class PatternEntry:
    """What the domain knows about one pattern or anti-pattern page."""

    docname: str
    lineno: int
    kind: str
    label: str
    title: str  # plain text, without the "Anti-pattern: " prefix
    anchor: str  # id of the page's section
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    # rich copies, detached from the page's doctree, for links and the catalog
    title_nodes: list[nodes.Node] = field(default_factory=list)
    tldr: nodes.Element | None = None

    @property
    def full_title(self) -> str:
        return TITLE_PREFIX[self.kind] + self.title

    def signature(self) -> tuple[Any, ...]:
        """What a catalog or a link shows of this entry; a change means rewrite."""
        tldr = self.tldr.astext() if self.tldr is not None else ""
        return (self.docname, self.kind, self.label, self.title, self.anchor, self.tags, tldr)


class PatternRefRole(XRefRole):
    """``:antipattern:`label``` / ``:pattern:`label```: links with the page's title.

    Registered globally as well as in the domain, so the short form works in
    every document without a default-domain directive.
    """

    def __init__(self) -> None:
        # Plain text, not code: the link shows a page title (or the author's words).
        super().__init__(innernodeclass=nodes.inline, warn_dangling=True)

    def create_xref_node(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.refdomain = DOMAIN_NAME
        return super().create_xref_node()

    def process_link(
        self, env: BuildEnvironment, refnode: nodes.Element, has_explicit_title: bool,
        title: str, target: str,
    ) -> tuple[str, str]:
        return title, normalize_label(target)


def normalize_label(label: str) -> str:
    """Labels compare like Sphinx's ``:ref:`` labels: case and spacing do not matter."""
    return " ".join(label.split()).lower()


class PatternDomain(Domain):
    """Pattern and anti-pattern pages, their labels, and the pages that list them."""

    name = DOMAIN_NAME
    label = "Patterns and anti-patterns"
    object_types: ClassVar[dict[str, ObjType]] = {
        "antipattern": ObjType("anti-pattern", "antipattern", ANY_PAGE),
        "pattern": ObjType("pattern", "pattern", ANY_PAGE),
    }
    roles: ClassVar[dict[str, Any]] = {
        "antipattern": PatternRefRole(),
        "pattern": PatternRefRole(),
        ANY_PAGE: PatternRefRole(),
    }
    initial_data: ClassVar[dict[str, Any]] = {
        "entries": {},  # docname -> [PatternEntry]
        "catalogs": {},  # docname -> number of catalogs on that page
        "references": {},  # docname -> labels its links point to
    }
    data_version = 1
    #: signatures of all entries before this build read anything (see pattern_events)
    snapshot: dict[str, tuple[Any, ...]] | None = None

    @property
    def entries(self) -> dict[str, list[PatternEntry]]:
        return self.data.setdefault("entries", {})  # type: ignore[no-any-return]

    @property
    def catalogs(self) -> dict[str, int]:
        return self.data.setdefault("catalogs", {})  # type: ignore[no-any-return]

    @property
    def references(self) -> dict[str, set[str]]:
        return self.data.setdefault("references", {})  # type: ignore[no-any-return]

    def add_entry(self, entry: PatternEntry) -> None:
        self.entries.setdefault(entry.docname, []).append(entry)

    def note_catalog(self, docname: str) -> None:
        self.catalogs[docname] = self.catalogs.get(docname, 0) + 1

    def all_entries(self) -> list[PatternEntry]:
        """Every entry, in a stable order (docname, then position in the page)."""
        return [entry for docname in sorted(self.entries) for entry in self.entries[docname]]

    def lookup(self, label: str) -> PatternEntry | None:
        """The page a label names; with duplicates, the first by docname wins."""
        wanted = normalize_label(label)
        return next((e for e in self.all_entries() if e.label == wanted), None)

    def signatures(self) -> dict[str, tuple[Any, ...]]:
        return {f"{e.docname}#{e.anchor}": e.signature() for e in self.all_entries()}

    def clear_doc(self, docname: str) -> None:
        self.entries.pop(docname, None)
        self.catalogs.pop(docname, None)
        self.references.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in ("entries", "catalogs", "references"):
            mine, theirs = self.data.setdefault(key, {}), otherdata.get(key, {})
            for docname in docnames:
                if docname in theirs:
                    mine[docname] = theirs[docname]

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        from sphinx.addnodes import pending_xref

        targets = {
            node["reftarget"]
            for node in document.findall(pending_xref)
            if node.get("refdomain") == DOMAIN_NAME and node.get("reftype") != ENTRY
        }
        if targets:
            self.references[docname] = targets

    def resolve_xref(
        self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str,
        target: str, node: pending_xref, contnode: nodes.Element,
    ) -> nodes.reference | None:
        if typ == ENTRY:
            return self._resolve_entry(fromdocname, builder, target, contnode)
        entry = self.lookup(target)
        if entry is None:
            return None  # reported by the warn-missing-reference handler
        wanted_kind = KIND_OF_ROLE.get(typ)
        if wanted_kind is not None and wanted_kind != entry.kind:
            logger.warning(
                "label %r names %s page %r, but the :%s: role links %s pages "
                "(hint: use :%s:`%s`)",
                target, "an anti-pattern" if entry.kind == "anti-pattern" else "a pattern",
                entry.docname, typ,
                "anti-pattern" if wanted_kind == "anti-pattern" else "pattern",
                ROLE_OF_KIND[entry.kind], target,
                location=node, type="doccode", subtype="pattern-ref",
            )
        return self._link(fromdocname, builder, entry, node, contnode)

    def resolve_any_xref(
        self, env: BuildEnvironment, fromdocname: str, builder: Builder, target: str,
        node: pending_xref, contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        entry = self.lookup(target)
        if entry is None:
            return []
        role = f"{DOMAIN_NAME}:{ROLE_OF_KIND[entry.kind]}"
        return [(role, self._link(fromdocname, builder, entry, node, contnode))]

    def _link(
        self, fromdocname: str, builder: Builder, entry: PatternEntry,
        node: pending_xref, contnode: nodes.Element,
    ) -> nodes.reference:
        # Without an explicit title the link shows the page's own (rich) title.
        if node.get("refexplicit"):
            inner: nodes.Node = contnode
        else:
            inner = nodes.inline("", "", classes=contnode.get("classes", []))
            inner += nodes.Text(TITLE_PREFIX[entry.kind])
            inner += [child.deepcopy() for child in entry.title_nodes]
        return make_refnode(builder, fromdocname, entry.docname, entry.anchor, inner,
                            entry.full_title)

    def _resolve_entry(
        self, fromdocname: str, builder: Builder, target: str, contnode: nodes.Element,
    ) -> nodes.reference | None:
        docname, _, anchor = target.partition("#")
        if not any(e.anchor == anchor for e in self.entries.get(docname, [])):
            return None
        return make_refnode(builder, fromdocname, docname, anchor, contnode)

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        for entry in self.all_entries():
            yield (entry.label, entry.full_title, ROLE_OF_KIND[entry.kind],
                   entry.docname, entry.anchor, 1)
