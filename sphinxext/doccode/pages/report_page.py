"""``.. doccode-report::``: the last run of every doc_code file, as a table.

One row per file (regions, status, duration, cached), slowest first, like an
"execution times" page; each region links to the pages that show it, and the
``:output:`` captions of those pages link back to the file's row.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from sphinxext.doccode import paths
from sphinxext.doccode.pages import run_plan
from sphinxext.doccode.pages.doccode_domain import get_domain, region_index
from sphinxext.doccode.pages.inline import page_docnames
from sphinxext.doccode.pages.last_run import (
    NOT_EXECUTED,
    SKIP_IN_EVERY_FORMAT,
    STATUS_TEXT,
    get_last_run_domain,
    latest_results,
    row_id,
)
from sphinxext.doccode.pages.run_picture import run_picture_nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import OptionSpec

    from sphinxext.doccode.results import FileResult

COLUMNS = (("File", 4), ("Regions (and the pages showing them)", 6), ("Status", 2),
           ("Duration", 2), ("Cached", 2))


class doccode_report(nodes.General, nodes.Element):
    """Where the report table goes; built when the page is written."""


class DocCodeReport(SphinxDirective):
    """``.. doccode-report::``; with ``:page:``, only the examples of the page it is on."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = {"page": directives.flag}

    def run(self) -> list[nodes.Node]:
        page_only = "page" in self.options
        node = doccode_report(page_only=page_only)
        self.set_source_info(node)
        kind = "page_reports" if page_only else "reports"
        get_last_run_domain(self.env).note(kind, self.env.docname)
        return [node]


def _files(app: Sphinx) -> dict[str, Path]:
    """Display path -> absolute path of every doc_code file the docs run."""
    files, _ = run_plan.files_to_run(app.env, app.config, app.confdir)
    root = paths.project_root(app.srcdir)
    shown = {paths.display_path(p, root): p for p in files}
    # pages with inline blocks are units too (pages/inline.py)
    shown.update({display: path for display, (path, _) in page_docnames(app.env, root).items()})
    return shown


def _shown_on(app: Sphinx, path: Path, display: str, region: str) -> list[str]:
    """Docnames of the pages that show ``region``."""
    root = paths.project_root(app.srcdir)
    if (page := page_docnames(app.env, root).get(display)) is not None:
        return [page[1]]  # an inline block is shown by its own page
    index = region_index(path, display)
    if index is None:
        return []
    return sorted({ref.docname for ref in get_domain(app.env).pages_for_region(
        str(path), index, region)})


def _page_links(app: Sphinx, docname: str, pages: list[str]) -> list[nodes.Node]:
    links: list[nodes.Node] = []
    for page in pages:
        title = app.env.titles[page].astext() if page in app.env.titles else page
        if links:
            links.append(nodes.Text(", "))
        links.append(make_refnode(app.builder, docname, page, "", nodes.inline(text=title)))
    return links


def _regions_cell(app: Sphinx, docname: str, path: Path, display: str,
                  result: FileResult | None, *, page_only: bool) -> nodes.Element:
    if result is None:
        return nodes.paragraph(text="—")
    items = nodes.bullet_list(classes=["doccode-report-regions"])
    for region in result.regions:
        pages = _shown_on(app, path, display, region.name)
        if page_only and docname not in pages:
            continue
        paragraph = nodes.paragraph()
        paragraph += nodes.literal(text=region.name)
        paragraph += nodes.Text(f" {STATUS_TEXT[region.status.value]}")
        links = [] if page_only else _page_links(app, docname, pages)
        if links:
            paragraph += nodes.Text(": ")
            paragraph.extend(links)
        items += nodes.list_item("", paragraph)
    return items


def _row(app: Sphinx, docname: str, path: Path, display: str,
         result: FileResult | None, *, page_only: bool) -> nodes.row:
    status = STATUS_TEXT[result.status.value] if result else NOT_EXECUTED
    cells: list[nodes.Element] = [
        nodes.paragraph("", "", nodes.literal(text=display)),
        _regions_cell(app, docname, path, display, result, page_only=page_only),
        nodes.paragraph(text=status, classes=[f"doccode-{status.replace(' ', '-')}"]),
        nodes.paragraph(text=f"{result.duration_s:.2f} s" if result else "—"),
        nodes.paragraph(text=("yes" if result.cached else "no") if result else "—"),
    ]
    # Links from the examples' captions land on the full report's rows only.
    row = nodes.row(ids=[] if page_only else [row_id(display)])
    for cell in cells:
        row += nodes.entry("", cell)
    return row


def report_nodes(app: Sphinx, docname: str, *, page_only: bool = False) -> list[nodes.Node]:
    files = _files(app)
    if page_only:
        references = get_domain(app.env).references_by_file()
        files = {
            display: path for display, path in files.items()
            if any(ref.docname == docname for ref in references.get(str(path), ()))
            or _shown_on(app, path, display, "") == [docname]
        }
    results = latest_results(app, list(files))
    ran = [r for r in results.values() if r is not None]
    order = sorted(files, key=lambda p: (results[p] is None, -(r.duration_s if (r := results[p])
                                                                  else 0.0), p))
    counts = {status: sum(STATUS_TEXT[r.status.value] == status for r in ran)
              for status in dict.fromkeys(STATUS_TEXT.values())}
    summary = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
    missing = len(files) - len(ran)
    text = (("Examples on this page: " if page_only else "")
            + f"{len(files)} doc_code file(s): {summary or 'none run'}"
            + (f", {missing} {NOT_EXECUTED}" if missing else "")
            + f"; {sum(r.duration_s for r in ran):.1f} s in total.")
    if not files:
        return [nodes.paragraph(text="No doc_code file to report on.")]
    table = nodes.table(classes=["doccode-report", "colwidths-given"])
    group = nodes.tgroup(cols=len(COLUMNS))
    table += group
    group.extend(nodes.colspec(colwidth=width) for _, width in COLUMNS)
    header = nodes.row()
    for title, _ in COLUMNS:
        header += nodes.entry("", nodes.paragraph(text=title))
    group += nodes.thead("", header)
    group += nodes.tbody("", *(_row(app, docname, files[p], p, results[p], page_only=page_only)
                               for p in order))
    picture = [] if page_only else run_picture_nodes(app, ran)  # the run's timeline
    return [nodes.paragraph(text=text, classes=["doccode-report-summary"]), *picture, table]


def fill_reports(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(doccode_report)):
        node.replace_self(report_nodes(app, docname, page_only=node.get("page_only", False)))


def setup_report_page(app: Sphinx) -> None:
    app.add_node(doccode_report, **SKIP_IN_EVERY_FORMAT)
    app.add_directive("doccode-report", DocCodeReport)
    app.connect("doctree-resolved", fill_reports)
