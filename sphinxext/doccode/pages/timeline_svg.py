"""The run as a picture: an SVG timeline, one lane per driver, one bar per file.

Pure Python (no Sphinx, no Ray, no plotting library): :func:`timeline_of`
turns results into a :class:`Timeline`, :func:`render_svg` writes it as an
inline ``<svg>`` that reads on light and dark themes (text uses
``currentColor``; every bar has a ``<title>`` and a label, not colour alone).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from sphinxext.doccode.results import FileResult

#: bar colours by file status, readable with white text on both themes
COLOURS = {
    "passed": "#2e7d32", "failed": "#c0392b", "timeout": "#d35400",
    "error": "#8e24aa", "skipped": "#757575",
}
LANE_HEIGHT, BAR_HEIGHT, LABEL_WIDTH, TOP, AXIS = 26, 18, 110, 22, 24
CHAR_WIDTH = 6.2  # of the 11px label font, to decide whether a label fits its bar


@dataclass(frozen=True)
class Bar:
    path: str
    status: str
    start: float  # seconds since the run started: the engine asked for a driver
    end: float
    run_start: float  # the file's own code started (before: a driver or Ray starting)


@dataclass
class Timeline:
    """What ran where and when, in seconds since the first file started."""

    lanes: list[tuple[str, list[Bar]]] = field(default_factory=list)  # (label, bars)
    instance_ready: list[float] = field(default_factory=list)  # when each instance was up
    wall_s: float = 0.0
    busy_s: float = 0.0  # sum of the bars' lengths

    @property
    def parallelism(self) -> float:
        return self.busy_s / self.wall_s if self.wall_s > 0 else 0.0


def latest_run(results: Sequence[FileResult]) -> list[FileResult]:
    """The results of the most recent engine run that executed something."""
    timed = [r for r in results if r.run_id and r.started_at is not None and r.ended_at]
    if not timed:
        return []
    last = max(timed, key=lambda r: r.ended_at or 0.0).run_id
    return [r for r in timed if r.run_id == last]


def timeline_of(results: Sequence[FileResult]) -> Timeline:
    """The timeline of the files of :func:`latest_run` (lanes in order of first use)."""
    run = latest_run(results)
    if not run:
        return Timeline()
    origin = min(r.started_at or 0.0 for r in run)
    by_driver: dict[int | None, list[Bar]] = {}
    for result in sorted(run, key=lambda r: (r.started_at or 0.0, r.path)):
        start = (result.started_at or origin) - origin
        end = (result.ended_at or origin) - origin
        bar = Bar(result.path, result.status.value, start, end,
                  max(start, end - result.duration_s))
        by_driver.setdefault(result.driver, []).append(bar)
    lanes = [(f"driver {n} · pid {pid}" if pid else f"driver {n}", bars)
             for n, (pid, bars) in enumerate(by_driver.items(), start=1)]
    ready = sorted({round(r.instance_ready_at - origin, 3) for r in run
                    if r.instance_ready_at is not None})
    wall = max(bar.end for _, bars in lanes for bar in bars)
    busy = sum(bar.end - bar.start for _, bars in lanes for bar in bars)
    return Timeline(lanes, [t for t in ready if t >= 0], wall, busy)


def _tick_step(span: float) -> float:
    """A round step giving about 5-10 ticks over ``span`` seconds."""
    raw = max(span, 1e-3) / 6
    power = 10 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def render_svg(timeline: Timeline, width: int = 720) -> str:
    """The timeline as one ``<svg>`` element (empty string when nothing ran)."""
    if not timeline.lanes:
        return ""
    plot = width - LABEL_WIDTH - 10
    span = max(timeline.wall_s, 1e-3)
    height = TOP + LANE_HEIGHT * len(timeline.lanes) + AXIS

    def x(t: float) -> float:
        return LABEL_WIDTH + plot * t / span

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="doccode-timeline" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
        f'font-family="sans-serif" font-size="11">',
        f"<title>Timeline of the last run: {len(timeline.lanes)} driver(s), "
        f"{timeline.wall_s:.1f} s</title>",
    ]
    bottom = TOP + LANE_HEIGHT * len(timeline.lanes)
    step = _tick_step(span)
    for i in range(int(span / step) + 1):
        t = i * step
        out.append(f'<line x1="{x(t):.1f}" y1="{TOP - 4}" x2="{x(t):.1f}" y2="{bottom}" '
                   'stroke="currentColor" stroke-opacity="0.15"/>')
        out.append(f'<text x="{x(t):.1f}" y="{bottom + 14}" text-anchor="middle" '
                   f'fill="currentColor">{t:g} s</text>')
    for lane, (label, bars) in enumerate(timeline.lanes):
        y = TOP + lane * LANE_HEIGHT
        out.append(f'<text x="4" y="{y + BAR_HEIGHT - 5}" fill="currentColor" '
                   f'class="doccode-timeline-lane">{escape(label)}</text>')
        free_from = 0.0  # labels beside bars must not overlap the previous one
        for bar in bars:
            svg, free_from = _bar(bar, x, y, right=LABEL_WIDTH + plot, free_from=free_from)
            out.append(svg)
    for ready in timeline.instance_ready:
        out.append(f'<line class="doccode-timeline-instance" x1="{x(ready):.1f}" y1="{TOP - 8}" '
                   f'x2="{x(ready):.1f}" y2="{bottom}" stroke="currentColor" stroke-width="1.5" '
                   'stroke-dasharray="4 3"><title>Ray instance ready at '
                   f"{ready:.2f} s</title></line>")
        out.append(f'<text x="{x(ready) + 3:.1f}" y="{TOP - 10}" fill="currentColor">'
                   "Ray ready</text>")
    out.append("</svg>")
    return "\n".join(out)


def _bar(
    bar: Bar, x: Callable[[float], float], y: float, *, right: float, free_from: float
) -> tuple[str, float]:
    """The bar's SVG, and from where on the lane is free for the next label."""
    colour = COLOURS.get(bar.status, COLOURS["error"])
    waited = bar.run_start - bar.start
    tip = (f"{bar.path}: {bar.status}, {bar.start:.2f}-{bar.end:.2f} s "
           f"(ran {bar.end - bar.run_start:.2f} s" + (f", waited {waited:.2f} s for a driver"
                                                       if waited >= 0.01 else "") + ")")
    parts = [f'<g class="doccode-timeline-bar doccode-timeline-{bar.status}">',
             f"<title>{escape(tip)}</title>"]
    if waited >= 0.01:  # a driver (or the instance) was starting: a faint segment
        parts.append(f'<rect class="doccode-timeline-wait" x="{x(bar.start):.1f}" y="{y + 4}" '
                     f'width="{x(bar.run_start) - x(bar.start):.1f}" height="{BAR_HEIGHT - 8}" '
                     'fill="currentColor" fill-opacity="0.22"/>')
    left = x(bar.run_start)
    length = max(x(bar.end) - left, 3.0)
    parts.append(f'<rect x="{left:.1f}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
                 f'rx="3" fill="{colour}" stroke="#ffffff" stroke-width="0.5"/>')
    name = bar.path.rsplit("/", 1)[-1]
    needed = len(name) * CHAR_WIDTH + 8
    label = f'y="{y + BAR_HEIGHT - 5}" data-path={quoteattr(bar.path)}>{escape(name)}</text>'
    beside = left + length + 4
    if needed <= length:
        parts.append(f'<text x="{left + 4:.1f}" fill="#ffffff" {label}')
        free_from = max(free_from, left + length)
    elif beside >= free_from and beside + needed <= right:  # in the page's text colour
        parts.append(f'<text x="{beside:.1f}" fill="currentColor" {label}')
        free_from = beside + needed
    parts.append("</g>")
    return "".join(parts), max(free_from, left + length)
