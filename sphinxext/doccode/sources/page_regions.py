"""Regions as pages delimit them: ``literalinclude``'s own rules, and merging them into an index.

A page that shows part of a file with ``:start-after:`` / ``:start-at:`` /
``:end-before:`` / ``:end-at:`` / ``:lines:`` decides which lines it shows, by
the rules of Sphinx's ``LiteralIncludeReader`` (``start_filter``, ``end_filter``,
``lines_filter``): a string matches the first line that contains it; the end is
searched after the start; ``:start-after:`` alone runs to the end of the file;
``:end-before:`` never ends on the first remaining line; ``:lines:`` counts in
what the start and end left. Pure Python: no Sphinx, no Ray.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sphinxext.doccode.sources.regions import Region, RegionIndex

#: the options that delimit lines, in the order ``LiteralIncludeReader`` applies them
SELECTING_OPTIONS = ("start-after", "start-at", "end-before", "end-at", "lines")

_MARKER_NAME_RE = re.compile(r"__(\w+?)_(?:start|begin|end)__")


@dataclass(frozen=True)
class Selection:
    """What a page's ``literalinclude`` options ask for, and the body lines they give."""

    label: str  # how reports name the region: a marker's NAME, else the page's string
    first_line: int  # 1-based, inclusive
    last_line: int

    @property
    def span(self) -> tuple[int, int]:
        return (self.first_line, self.last_line)


def _line_numbers(spec: str, total: int) -> list[int] | None:
    """0-based indexes of a ``:lines:`` spec (``1,3-5,8-``), as Sphinx reads it."""
    numbers: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        try:
            if "-" in part:
                begin, _, end = part.partition("-")
                first = int(begin) if begin.strip() else 1
                last = int(end) if end.strip() else max(first, total)
                if first > last:
                    return None
                numbers.extend(range(first - 1, last))
            else:
                numbers.append(int(part) - 1)
        except ValueError:
            return None
    return numbers if numbers and min(numbers) >= 0 else None


def marker_names(options: Mapping[str, object]) -> list[str]:
    """Region names that the start/end strings name, in option order, no repeats."""
    names: list[str] = []
    for option in SELECTING_OPTIONS[:4]:
        value = options.get(option)
        match = _MARKER_NAME_RE.search(value) if isinstance(value, str) else None
        if match and match[1] not in names:
            names.append(match[1])
    return names


def label_of(options: Mapping[str, object]) -> str | None:
    """The name a page's selection gets: the region NAME its strings name, else the
    first string itself (``import ray``), else ``lines SPEC``; None without selection."""
    strings = [
        value for option in SELECTING_OPTIONS[:4]
        if isinstance(value := options.get(option), str) and value
    ]
    names = marker_names(options)
    if names:
        return names[0]
    if strings:
        return strings[0].strip()
    lines = options.get("lines")
    return f"lines {lines}" if isinstance(lines, str) and lines else None


def select_lines(lines: list[str], options: Mapping[str, object]) -> Selection | None:
    """The body lines ``literalinclude`` shows for ``options``; None when Sphinx would
    refuse them (a string not found, an empty or malformed ``:lines:``)."""
    label = label_of(options)
    if label is None:
        return None
    indexes = list(range(len(lines)))  # the 0-based lines still kept
    start, inclusive = _option(options, "start-at", "start-after")
    if start:
        found = next((i for i, line in enumerate(lines) if start in line), None)
        if found is None:
            return None
        indexes = indexes[found if inclusive else found + 1:]
    end, inclusive = _option(options, "end-at", "end-before")
    if end:
        kept = [lines[i] for i in indexes]
        # end-before never matches the first kept line (Sphinx's rule), end-at may
        found = next(
            (i for i, line in enumerate(kept) if end in line and (inclusive or i > 0)), None
        )
        if found is None:
            return None
        indexes = indexes[: found + 1 if inclusive else found]
    spec = options.get("lines")
    if isinstance(spec, str) and spec:
        picked = _line_numbers(spec, len(indexes))
        if picked is None:
            return None
        indexes = [indexes[n] for n in picked if n < len(indexes)]
        # A region is one span: disjoint picks are not a region we can attribute.
        if indexes and indexes != list(range(indexes[0], indexes[-1] + 1)):
            return None
    if not indexes:
        return None
    return Selection(label, indexes[0] + 1, indexes[-1] + 1)


def _option(options: Mapping[str, object], inclusive: str, exclusive: str) -> tuple[str, bool]:
    """The string of the first of two options present (Sphinx prefers ``inclusive``)."""
    for name, flag in ((inclusive, True), (exclusive, False)):
        value = options.get(name)
        if isinstance(value, str) and value:
            return value, flag
    return "", False


def region_for(selection: Selection, name: str) -> Region:
    """A page-delimited region as a :class:`Region` (its "markers" are the lines around it)."""
    return Region(name, selection.first_line - 1, selection.last_line + 1)


def with_page_regions(index: RegionIndex, selections: Iterable[Selection]) -> RegionIndex:
    """``index`` plus a region for every span a page delimits that no region already has.

    A span equal to an existing region's body is that region. Otherwise the
    region is named by the page's label; when that name is taken (a marker
    region of that name with other lines, or another page's other span), it
    becomes ``LABEL (lines A-B)``, so names stay unique and say what they are.
    """
    regions = dict(index.regions)
    spans = {(r.first_line, r.last_line) for r in regions.values()}
    for selection in selections:
        if selection.span in spans:
            continue
        name = selection.label
        if name in regions:
            name = f"{name} (lines {selection.first_line}-{selection.last_line})"
        regions[name] = region_for(selection, name)
        spans.add(selection.span)
    merged = RegionIndex(path=index.path, lines=index.lines, problems=list(index.problems))
    merged.regions = dict(sorted(regions.items(), key=lambda item: item[1].start_marker))
    return merged


def page_region_spans(index: RegionIndex, base: RegionIndex) -> list[tuple[str, int, int]]:
    """The regions of ``index`` that ``base`` (the file's own markers) lacks, as
    ``(name, first_line, last_line)``: what the engine is handed beside the markers."""
    return [
        (r.name, r.first_line, r.last_line)
        for r in index.regions.values()
        if base.get(r.name) != r
    ]


def add_spans(index: RegionIndex, spans: Iterable[tuple[str, int, int]]) -> RegionIndex:
    """``index`` plus regions handed over as ``(name, first_line, last_line)``."""
    selections = [Selection(name, first, last) for name, first, last in spans]
    return with_page_regions(index, selections)
