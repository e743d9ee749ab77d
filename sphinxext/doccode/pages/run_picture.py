"""The last run on the report page: its numbers and its timeline (inline SVG in HTML).

Other formats get the numbers as text; the picture is HTML only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from docutils import nodes

from sphinxext.doccode.pages.timeline_svg import COLOURS, Timeline, render_svg, timeline_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinxext.doccode.results import FileResult


def critical_path_s(results: Sequence[FileResult]) -> float | None:
    """The lower bound on the run's wall time that scheduling allows, when known.

    Hook for the scheduling work: return its critical-path bound for ``results``
    here and the report prints it next to the wall time. Until then: unknown."""
    return None


def summary_text(timeline: Timeline, critical_path: float | None) -> str:
    """The run in one sentence (pure)."""
    files = sum(len(bars) for _, bars in timeline.lanes)
    text = (f"Last run: {files} file(s) executed on {len(timeline.lanes)} driver(s) in "
            f"{timeline.wall_s:.1f} s of wall time, {timeline.busy_s:.1f} s of file time "
            f"({timeline.parallelism:.1f} files at once on average)")
    if timeline.instance_ready:
        text += f"; Ray was ready after {timeline.instance_ready[0]:.1f} s"
    if critical_path is not None:
        text += f"; critical-path bound {critical_path:.1f} s"
    return text + "."


def _legend() -> nodes.paragraph:
    legend = nodes.paragraph(classes=["doccode-timeline-legend"])
    for status in COLOURS:  # the stylesheet gives each the colour of its bars
        legend += nodes.inline(text=status, classes=["doccode-legend", f"doccode-legend-{status}"])
        legend += nodes.Text(" ")
    legend += nodes.inline(text="waiting for a driver or for Ray",
                           classes=["doccode-legend", "doccode-legend-waiting"])
    return legend


def run_picture_nodes(app: Sphinx, results: Sequence[FileResult]) -> list[nodes.Node]:
    """The summary of the last engine run and (in HTML) its timeline; nothing before any run."""
    timeline = timeline_of(results)
    if not timeline.lanes:
        return []
    summary = nodes.paragraph(text=summary_text(timeline, critical_path_s(results)),
                              classes=["doccode-run-summary"])
    if app.builder.format != "html":
        return [summary]
    svg = render_svg(timeline)
    figure = nodes.container("", nodes.raw("", svg, format="html"), _legend(),
                             classes=["doccode-timeline-figure"])
    return [summary, figure]
