"""``:output:`` of ``.. doc-code::``: what the region printed, shown under its code.

While a page is read, a placeholder goes under every code block asked to show
its output; when the page is written, the placeholder becomes the output the
last execution captured (the result cache's latest result for the file). A page
built before any execution says so, in a note, instead of showing nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from sphinxext.doccode.pages.doccode_domain import region_index
from sphinxext.doccode.pages.last_run import (
    NOT_EXECUTED,
    SKIP_IN_EVERY_FORMAT,
    STATUS_TEXT,
    fill_placeholders,
    get_last_run_domain,
    link_to_report,
    setup_last_run,
)
from sphinxext.doccode.results import FileResult, RegionResult, RegionStatus
from sphinxext.doccode.sources.expected_output import strip_ansi

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


class doccode_output(nodes.General, nodes.Element):
    """Where a region's captured output goes; filled in when the page is written."""


class AttachOutputPlaceholders(SphinxTransform):
    """Put a placeholder under each doc_code block that has ``:output:``."""

    default_priority = 500

    def apply(self, **kwargs: object) -> None:
        for literal in list(self.document.findall(nodes.literal_block)):
            if not literal.get("doccode_output"):
                continue
            # Under the caption wrapper when there is one, so the caption stays on top.
            anchor: nodes.Element = literal
            parent = literal.parent
            if isinstance(parent, nodes.container) and parent.get("literal_block"):
                anchor = parent
            placeholder = doccode_output(
                path=literal["doccode_path"],
                display_path=literal["doccode_display_path"],
                region=literal["doccode_region"],
            )
            placeholder.source, placeholder.line = literal.source, literal.line
            assert anchor.parent is not None
            anchor.parent.insert(anchor.parent.index(anchor) + 1, placeholder)
            get_last_run_domain(self.env).note("outputs", self.env.docname)


def _moved_since(placeholder: doccode_output, region: RegionResult) -> bool:
    """Whether the region's lines changed since the run (the output may be outdated)."""
    if "inline_lines" in placeholder.attributes:  # an inline block: pages/inline_output.py
        return int(placeholder["inline_lines"][0]) != region.start_line
    index = region_index(placeholder["path"], placeholder["display_path"])
    now = index.get(region.name) if index is not None else None
    return now is None or (now.first_line, now.last_line) != (region.start_line, region.end_line)


def _caption(
    app: Sphinx, docname: str, result: FileResult, region: RegionResult, *, outdated: bool
) -> nodes.paragraph:
    status = STATUS_TEXT[region.status.value]
    detail = f"{status} in the last run, {result.path}"
    if region.status is RegionStatus.FAILED and region.error is not None:
        detail = f"{status} in the last run ({region.error.type} at line {region.error.line})"
    if outdated:
        detail += "; the file changed since, run -b doccode again"
    link = link_to_report(app, docname, result.path, nodes.inline(text=detail))
    # A paragraph, not a code-block caption: outputs are not numbered listings.
    return nodes.paragraph(
        "", "", nodes.strong(text="Output"), nodes.Text(" · "), link,
        classes=["doccode-output-caption"],
    )


def output_nodes(
    app: Sphinx, docname: str, placeholder: doccode_output, result: FileResult | None
) -> nodes.Element:
    """The captured output of the placeholder's region, or a note saying why there is none."""
    display_path, name = placeholder["display_path"], placeholder["region"]
    region = result.region(name) if result is not None else None
    if result is None or region is None:
        logger.info(
            "doccode: output of %s (region %r) not shown: %s (hint: run the examples with "
            "'-b doccode', then build the pages again)",
            display_path, name, NOT_EXECUTED, location=placeholder,
        )
        return _note(
            f"Output not available: {display_path} has not been executed yet "
            "(build with -b doccode to run the examples, then build the pages again)."
        )
    if region.status in (RegionStatus.NOT_RUN, RegionStatus.SKIPPED):
        why = result.reason or (result.error.type if result.error else "")
        return _note(
            f"Output not available: region {name!r} of {display_path} was "
            f"{STATUS_TEXT[region.status.value]} in the last run"
            + (f" ({why})." if why else ".")
        )
    # Ray colours worker-line prefixes; a page shows the plain text.
    text = strip_ansi(region.output).rstrip("\n")
    body: nodes.Element = (
        nodes.literal_block(text, text, language="none", classes=["doccode-output-text"])
        if text
        else nodes.paragraph(text="(the example printed nothing)")
    )
    wrapper = nodes.container(
        "", _caption(app, docname, result, region, outdated=_moved_since(placeholder, region)),
        body,
        classes=["doccode-output", f"doccode-{region.status.value}"],
    )
    return wrapper


def _note(text: str) -> nodes.Element:
    return nodes.note("", nodes.paragraph(text=text), classes=["doccode-output-missing"])


def fill_output_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    fill_placeholders(app, doctree, docname, doccode_output, output_nodes)


def setup_output(app: Sphinx) -> None:
    setup_last_run(app)  # the pages-with-results bookkeeping, shared with report_page
    app.add_node(doccode_output, **SKIP_IN_EVERY_FORMAT)
    app.add_transform(AttachOutputPlaceholders)
    app.connect("doctree-resolved", fill_output_placeholders)
