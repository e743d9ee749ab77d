"""Build-wide bookkeeping of pattern pages: what to rewrite, what to warn about.

* Incremental builds: links and catalogs are resolved at write time, so a
  page whose catalog or links show another page must be *rewritten* when that
  page's title, TLDR, tags or label change (or it appears or disappears).
  The domain is snapshotted before reading and compared after.
* Warnings that need every page: duplicate labels (checked once all reads,
  parallel or not, are merged) and links to labels that do not exist.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, cast

from sphinx.util import logging

from sphinxext.doccode.patterns.pattern_domain import (
    DOMAIN_NAME,
    ENTRY,
    PatternDomain,
    PatternEntry,
)

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.domains import Domain
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def _domain(env: BuildEnvironment) -> PatternDomain:
    return cast("PatternDomain", env.domains[DOMAIN_NAME])


def snapshot_entries(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str],
) -> list[str]:
    """Remember what every page showed before this build reads anything."""
    _domain(env).snapshot = _domain(env).signatures()
    return []


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Catalog pages and linking pages whose output depends on a changed entry."""
    domain = _domain(env)
    before, after = domain.snapshot or {}, domain.signatures()
    domain.snapshot = None
    changed_keys = {key for key in before.keys() | after.keys()
                    if before.get(key) != after.get(key)}
    if not changed_keys:
        return []
    changed_labels = {signature[2] for key in changed_keys
                      for signature in (before.get(key), after.get(key)) if signature}
    rewrite = set(domain.catalogs)
    rewrite |= {docname for docname, labels in domain.references.items()
                if labels & changed_labels}
    return sorted(rewrite & env.found_docs)


def report_missing_reference(app: Sphinx, domain: Domain | None, node: nodes.Element) -> bool:
    """Our own warning (type ``doccode``) for a link to an unknown label."""
    if domain is None or domain.name != DOMAIN_NAME:
        return False
    if node["reftype"] == ENTRY:
        return True  # a catalog entry of a page removed since: nothing a user can fix here
    patterns = cast("PatternDomain", domain)
    known = sorted({entry.label for entry in patterns.all_entries()})
    logger.warning(
        "no pattern page has the label %r (hint: known labels are %s)",
        node["reftarget"], ", ".join(known) or "none yet",
        location=node, type="doccode", subtype="pattern-ref",
    )
    return True


def check_duplicate_labels(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn once per extra page that reuses a label; the first page by name keeps it."""
    by_label: dict[str, list[PatternEntry]] = defaultdict(list)
    for entry in _domain(env).all_entries():
        by_label[entry.label].append(entry)
    for label, entries in sorted(by_label.items()):
        first = entries[0]
        for other in entries[1:]:
            logger.warning(
                "label %r is used by two pattern pages, %s:%d and this one; "
                "links go to %s (hint: give each page its own ':label:')",
                label, first.docname, first.lineno, first.docname,
                location=(other.docname, other.lineno), type="doccode",
                subtype="duplicate-label",
            )


def check_related(app: Sphinx, env: BuildEnvironment) -> None:
    """A page listing itself as related is a copy-paste slip worth a word."""
    for entry in _domain(env).all_entries():
        if entry.label in entry.related:
            logger.warning(
                "pattern page %r lists itself under ':related:' (hint: remove %r)",
                entry.label, entry.label, location=(entry.docname, entry.lineno),
                type="doccode", subtype="pattern-ref",
            )

