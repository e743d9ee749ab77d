"""The last execution's results, as pages see them: read from the result cache.

Shared by ``:output:`` (:mod:`.output`) and ``.. doccode-report::``
(:mod:`.report_page`). Pages that show results are rewritten on every build,
so what they show is always the cache's latest result, never a stale copy.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from docutils import nodes
from sphinx.domains import Domain
from sphinx.util.nodes import make_refnode

from sphinxext.doccode import paths
from sphinxext.doccode.pages.assets import add_stylesheet
from sphinxext.doccode.pages.fresh_results import this_build
from sphinxext.doccode.results import FileResult, FileStatus, RegionStatus

if TYPE_CHECKING:
    from collections.abc import Callable, Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: what a status means to a reader of the page
STATUS_TEXT = {
    FileStatus.PASSED.value: "passed",
    FileStatus.FAILED.value: "failed",
    FileStatus.TIMEOUT.value: "timed out",
    FileStatus.ERROR.value: "could not run",
    FileStatus.SKIPPED.value: "skipped",
    RegionStatus.NOT_RUN.value: "not run",
}
NOT_EXECUTED = "not executed yet"


class LastRunDomain(Domain):
    """Which pages show last-run results (so they are rewritten on each build)."""

    name = "doccode_run"
    label = "doc_code results"
    #: outputs: pages with ``:output:``; reports / page_reports: full / ``:page:`` reports
    KINDS = ("outputs", "reports", "page_reports")
    initial_data: ClassVar[dict[str, Any]] = {kind: {} for kind in KINDS}

    def docs(self, kind: str) -> dict[str, bool]:
        # setdefault: an environment pickled by an older version lacks newer kinds.
        return cast("dict[str, bool]", self.data.setdefault(kind, {}))

    def clear_doc(self, docname: str) -> None:
        for kind in self.KINDS:
            self.docs(kind).pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for kind in self.KINDS:
            for docname in docnames & set(otherdata.get(kind, ())):
                self.docs(kind)[docname] = True

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []  # holds data only

    def note(self, kind: str, docname: str) -> None:
        self.docs(kind)[docname] = True

    def report_page(self) -> str | None:
        """The page holding the full ``.. doccode-report::`` (the first, when there are several)."""
        return min(self.docs("reports"), default=None)


def get_last_run_domain(env: BuildEnvironment) -> LastRunDomain:
    return cast("LastRunDomain", env.get_domain(LastRunDomain.name))


Placeholder = TypeVar("Placeholder", bound=nodes.Element)


def fill_placeholders(
    app: Sphinx, doctree: nodes.document, docname: str, kind: type[Placeholder],
    build: Callable[[Sphinx, str, Placeholder, FileResult | None], nodes.Node],
) -> None:
    """Replace each ``kind`` placeholder of ``doctree`` by what ``build`` makes of the
    last result of its ``display_path`` (looked up once per file)."""
    placeholders = list(doctree.findall(kind))
    if not placeholders:
        return
    results = latest_results(app, sorted({p["display_path"] for p in placeholders}))
    for placeholder in placeholders:
        placeholder.replace_self(
            build(app, docname, placeholder, results[placeholder["display_path"]]))


def latest_results(app: Sphinx, display_paths: list[str]) -> dict[str, FileResult | None]:
    """The last recorded result of each file (None: never executed, or no cache)."""
    from sphinxext.doccode.runner.engine.plan.cache import ResultCache

    fresh = this_build(app)  # executed by this very build (doccode_execute)
    if app.config.doccode_cache == "off":
        return {path: fresh.get(path) for path in display_paths}
    cache = ResultCache(paths.cache_dir(app.config, app.confdir, app.srcdir))
    return {path: fresh.get(path) or cache.latest(path) for path in display_paths}


def row_id(display_path: str) -> str:
    """The id of a file's row in the report table (links from examples land there)."""
    return "doccode-file-" + re.sub(r"[^a-z0-9]+", "-", display_path.lower()).strip("-")


def skip_placeholder(translator: object, node: nodes.Element) -> None:
    """Visitor for a placeholder no handler filled (a builder that never resolves pages)."""
    raise nodes.SkipNode


#: ``app.add_node`` keyword arguments: every common format skips an unfilled placeholder
SKIP_IN_EVERY_FORMAT: dict[str, Any] = {
    name: (skip_placeholder, None) for name in ("html", "latex", "text", "man", "texinfo")
}


def link_to_report(
    app: Sphinx, fromdocname: str, display_path: str, child: nodes.Node
) -> nodes.Node:
    """``child`` linked to the file's row of the report page, or as is without one."""
    report = get_last_run_domain(app.env).report_page()
    if report is None or app.builder.format != "html":
        return child
    return make_refnode(app.builder, fromdocname, report, row_id(display_path), child)


def _rewrite_pages_with_results(app: Sphinx, env: BuildEnvironment) -> list[str]:
    # Results change without any page changing: write these pages again every time.
    domain = get_last_run_domain(env)
    return sorted({docname for kind in domain.KINDS for docname in domain.docs(kind)})


def setup_last_run(app: Sphinx) -> None:
    app.add_domain(LastRunDomain)
    app.connect("env-get-updated", _rewrite_pages_with_results)
    add_stylesheet(app, "doccode-results.css")
