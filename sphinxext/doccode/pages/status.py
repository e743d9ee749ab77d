"""The status line under each example: passed or failed, duration, when it last ran.

A placeholder goes under every ``.. doc-code::`` block (after its ``:output:``)
while the page is read; when the page is written it becomes one line of plain
nodes (so text, LaTeX and man show it as text, HTML styles it with
``doccode-results.css``), linked to the file's row of the report page, plus
the error message when the example failed. ``doccode_status`` decides when it
shows: ``auto`` (when examples are executed by the build), ``on``, ``off``;
a block's ``:status: on|off`` option overrides it.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

from sphinxext.doccode.pages.last_run import (
    NOT_EXECUTED,
    SKIP_IN_EVERY_FORMAT,
    STATUS_TEXT,
    fill_placeholders,
    link_to_report,
)
from sphinxext.doccode.pages.output import doccode_output
from sphinxext.doccode.pages.status_pages import get_status_pages, setup_status_pages
from sphinxext.doccode.results import ErrorInfo, RegionStatus
from sphinxext.doccode.sources.expected_output import strip_ansi

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from sphinxext.doccode.results import FileResult


class doccode_status(nodes.General, nodes.Element):
    """Where an example's status line goes; filled in when the page is written."""


def status_shown(config: Config) -> bool:
    mode = str(config.doccode_status)
    return mode == "on" or (mode == "auto" and config.doccode_execute != "off")


class AttachStatusPlaceholders(SphinxTransform):
    """Put a status placeholder under each doc_code block (and under its output)."""

    default_priority = 501  # after the output placeholders (500)

    def apply(self, **kwargs: object) -> None:
        default = "on" if status_shown(self.config) else "off"
        for literal in list(self.document.findall(nodes.literal_block)):
            if "doccode_display_path" not in literal:
                continue
            if (literal.get("doccode_status") or default) == "off":  # :status: wins
                continue
            anchor: nodes.Element = literal
            if isinstance(literal.parent, nodes.container) and literal.parent.get("literal_block"):
                anchor = literal.parent  # the caption wrapper
            parent = anchor.parent
            assert parent is not None
            position = parent.index(anchor) + 1
            if position < len(parent) and isinstance(parent[position], doccode_output):
                position += 1
            placeholder = doccode_status(
                display_path=literal["doccode_display_path"], region=literal["doccode_region"]
            )
            placeholder.source, placeholder.line = literal.source, literal.line
            parent.insert(position, placeholder)
            # rewritten when its results change, though the page did not (status_pages.py)
            get_status_pages(self.env).note(self.env.docname,
                                            literal["doccode_display_path"])


def when(timestamp: float | None) -> str:
    """``2026-12-01 23:40 UTC``: when a run ended (UTC, so every reader sees the same)."""
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def status_parts(result: FileResult | None, region_name: str) -> tuple[str, str, ErrorInfo | None]:
    """(status word, details, error to show) of one example: pure, for the line below."""
    region = result.region(region_name) if result is not None else None
    if result is None or region is None:
        return "not-executed", NOT_EXECUTED, None
    status = region.status.value
    details = [f"{result.path} ran in {result.duration_s:.2f} s"]
    if result.ended_at is not None:
        details.append(f"last run {when(result.ended_at)}")
    error = region.error
    if region.status is RegionStatus.NOT_RUN and result.error is not None:
        if any(r.status is RegionStatus.FAILED for r in result.regions):
            # the failing region shows the error; here, only where the file stopped
            stopped = f" at line {result.error.line}" if result.error.line else ""
            details.insert(0, f"the file stopped earlier{stopped}")
        else:
            error = result.error  # a timeout or crash: nowhere else to see it
    return status, " · ".join(details), error


def status_nodes(
    app: Sphinx, docname: str, placeholder: doccode_status, result: FileResult | None
) -> nodes.Element:
    status, details, error = status_parts(result, placeholder["region"])
    word = STATUS_TEXT.get(status, NOT_EXECUTED)
    line = nodes.inline(
        "", "", nodes.strong(text=word, classes=["doccode-status-word"]),
        *([nodes.Text(" · " + details)] if result is not None else []),
    )
    paragraph = nodes.paragraph(
        "", "", link_to_report(app, docname, placeholder["display_path"], line),
        classes=["doccode-status-line"],
    )
    box = nodes.container("", paragraph, classes=["doccode-status", f"doccode-status-{status}"])
    if error is not None:
        where = f" (line {error.line})" if error.line else ""
        text = f"{error.type}{where}: {strip_ansi(error.message).strip()}"
        box += nodes.literal_block(text, text, language="none",
                                   classes=["doccode-status-error"])
    return box


def fill_status_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    fill_placeholders(app, doctree, docname, doccode_status, status_nodes)


def setup_status(app: Sphinx) -> None:
    setup_status_pages(app)
    app.add_node(doccode_status, **SKIP_IN_EVERY_FORMAT)
    app.add_transform(AttachStatusPlaceholders)
    app.connect("doctree-resolved", fill_status_placeholders)
