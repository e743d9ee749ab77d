"""The last run on the report page: its numbers and its timeline (inline SVG in HTML).

Other formats get the numbers as text; the picture is HTML only.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from docutils import nodes

from sphinxext.doccode.pages.timeline_svg import (
    COLOURS,
    Timeline,
    latest_run,
    render_svg,
    timeline_of,
)
from sphinxext.doccode.runner.engine.schedule.order import critical_path_bound

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinxext.doccode.results import FileResult


def critical_path_s(results: Sequence[FileResult]) -> float | None:
    """The lower bound on the last run's wall time that scheduling allows (None: no run).

    The same bound the engine prints (:func:`~sphinxext.doccode.runner.engine.schedule.order.
    critical_path_bound`), from what the results recorded: when Ray was ready, each
    file's duration, and the cores the drivers could use."""
    timeline = timeline_of(results)
    run = latest_run(results)
    durations = [r.duration_s for r in run if r.duration_s > 0]
    if not timeline.lanes or not durations:
        return None
    start = timeline.instance_ready[0] if timeline.instance_ready else 0.0
    cores = max(1, min(os.cpu_count() or 1, len(timeline.lanes)))
    return critical_path_bound(start, durations, cores)


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
