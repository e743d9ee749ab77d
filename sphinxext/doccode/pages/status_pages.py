"""Which pages show status lines, and which of them must be written again.

A page is rewritten only when a result it shows changed since it was last
written (a fingerprint per page, kept in the environment), so a rebuild where
nothing changed writes no more pages with status lines on than with them off.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any, ClassVar, cast

from sphinx.domains import Domain

from sphinxext.doccode.pages.last_run import latest_results

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinxext.doccode.results import FileResult


class StatusPagesDomain(Domain):
    """Per page: the doc_code files whose status it shows, and their fingerprint."""

    name = "doccode_status"
    label = "doc_code status lines"
    initial_data: ClassVar[dict[str, Any]] = {"pages": {}, "fingerprints": {}}

    @property
    def pages(self) -> dict[str, list[str]]:
        return cast("dict[str, list[str]]", self.data["pages"])

    @property
    def fingerprints(self) -> dict[str, str]:
        return cast("dict[str, str]", self.data["fingerprints"])

    def clear_doc(self, docname: str) -> None:
        self.pages.pop(docname, None)
        self.fingerprints.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames & set(otherdata["pages"]):
            self.pages[docname] = otherdata["pages"][docname]

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []  # holds data only

    def note(self, docname: str, display_path: str) -> None:
        shown = self.pages.setdefault(docname, [])
        if display_path not in shown:
            shown.append(display_path)


def get_status_pages(env: BuildEnvironment) -> StatusPagesDomain:
    return cast("StatusPagesDomain", env.get_domain(StatusPagesDomain.name))


def fingerprint(results: list[FileResult | None]) -> str:
    """What the status lines of a page depend on (the cached flag aside: it is per build)."""
    stored = [None if r is None else {**r.to_dict(), "cached": False} for r in results]
    return hashlib.sha256(json.dumps(stored, sort_keys=True, default=str).encode()).hexdigest()


def pages_with_new_results(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages whose shown results changed (after this build ran)."""
    domain = get_status_pages(env)
    if not domain.pages:
        return []
    results = latest_results(app, sorted({p for shown in domain.pages.values() for p in shown}))
    changed = []
    for docname, shown in sorted(domain.pages.items()):
        now = fingerprint([results[path] for path in sorted(shown)])
        if domain.fingerprints.get(docname) != now:
            domain.fingerprints[docname] = now
            changed.append(docname)
    return changed


def setup_status_pages(app: Sphinx) -> None:
    app.add_domain(StatusPagesDomain)
    app.connect("env-get-updated", pages_with_new_results)
