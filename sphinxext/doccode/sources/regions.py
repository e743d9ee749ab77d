"""Parse and validate ``# __NAME_start__`` (or ``_begin__``) / ``# __NAME_end__`` region markers.

Pure Python: no Sphinx, no Ray. Every problem is collected (never raised) so
callers can report all of them with ``file:line`` and carry on; a problem only
means that some region cannot be delimited, never that the file does not run.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

#: both conventions of real doc sets open a region: ``__NAME_start__`` and ``__NAME_begin__``
START_RE = re.compile(r"^\s*#\s*__(?P<name>\w+?)_(?P<word>start|begin)__\s*$")
END_RE = re.compile(r"^\s*#\s*__(?P<name>\w+?)_end__\s*$")
MARKER_RE = re.compile(r"^\s*#\s*__\w+?_(?:start|begin|end)__\s*$")

#: name given to the whole-file region of a file without markers
IMPLICIT_REGION = "__file__"


@dataclass(frozen=True)
class Region:
    """One tagged region: the lines strictly between its two marker lines."""

    name: str
    start_marker: int  # 1-based line of ``# __NAME_start__`` (0 when implicit)
    end_marker: int  # 1-based line of ``# __NAME_end__`` (last line + 1 when implicit)
    parent: str | None = None

    @property
    def first_line(self) -> int:
        """First line of the region's body (1-based)."""
        return self.start_marker + 1

    @property
    def last_line(self) -> int:
        """Last line of the region's body (1-based, inclusive)."""
        return self.end_marker - 1

    @property
    def implicit(self) -> bool:
        return self.name == IMPLICIT_REGION

    def contains_line(self, line: int) -> bool:
        return self.first_line <= line <= self.last_line


@dataclass(frozen=True)
class MarkerProblem:
    """A malformed marker, with where it is and how to fix it."""

    path: str
    line: int
    kind: str  # unmatched-start | unmatched-end | duplicate | overlap | empty
    message: str
    hint: str
    regions: tuple[str, ...] = ()  # names of the regions the problem breaks

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message} (hint: {self.hint})"


@dataclass
class RegionIndex:
    """All regions of one file, in file order, and the problems found."""

    path: str
    lines: list[str]
    regions: dict[str, Region] = field(default_factory=dict)
    problems: list[MarkerProblem] = field(default_factory=list)

    def get(self, name: str) -> Region | None:
        return self.regions.get(name)

    def names(self) -> list[str]:
        return list(self.regions)

    def containing(self, line: int) -> list[Region]:
        """Regions whose body contains ``line``, outermost first."""
        return [r for r in self.regions.values() if r.contains_line(line)]

    def text(self, name: str, *, strip_markers: bool = True, dedent: bool = True) -> str:
        """The source of a region, as a page shows it."""
        region = self.regions[name]
        body = self.lines[region.first_line - 1 : region.last_line]
        if strip_markers:
            body = [line for line in body if not MARKER_RE.match(line)]
        text = "\n".join(body)
        if dedent:
            text = textwrap.dedent(text)
        return text.strip("\n") + "\n" if text.strip() else ""


def parse_regions(source: str, path: str) -> RegionIndex:
    """Parse all region markers of ``source`` (the text of ``path``)."""
    lines = source.splitlines()
    index = RegionIndex(path=path, lines=lines)
    open_stack: list[tuple[str, int]] = []
    closed: dict[str, Region] = {}
    seen_starts: dict[str, int] = {}
    start_words: dict[str, str] = {}  # "start" or "begin", as the file spells it
    # Ends of markers already reported (a repeated start, a region dropped for
    # overlapping): consumed silently so one mistake gives one message.
    reported_ends: list[str] = []

    def problem(line: int, kind: str, message: str, hint: str, *names: str) -> None:
        index.problems.append(MarkerProblem(path, line, kind, message, hint, names))

    for lineno, line in enumerate(lines, start=1):
        start = START_RE.match(line)
        if start:
            name = start["name"]
            if name in seen_starts:
                problem(
                    lineno,
                    "duplicate",
                    f"region {name!r} is defined twice (first start on line {seen_starts[name]})",
                    "give each region of a file its own name; pages show the first, "
                    "as literalinclude does, and the file still runs whole",
                    name,
                )
                reported_ends.append(name)
                continue
            seen_starts[name] = lineno
            start_words[name] = start["word"]
            open_stack.append((name, lineno))
            continue
        end = END_RE.match(line)
        if not end:
            continue
        name = end["name"]
        open_names = [n for n, _ in open_stack]
        if name not in open_names:
            if name in reported_ends:
                reported_ends.remove(name)
            elif name in closed:
                problem(
                    lineno,
                    "duplicate",
                    f"region {name!r} is closed twice "
                    f"(first end on line {closed[name].end_marker})",
                    f"remove one of the '# __{name}_end__' lines",
                    name,
                )
            else:
                problem(
                    lineno,
                    "unmatched-end",
                    f"'# __{name}_end__' has no matching '# __{name}_start__'",
                    f"add '# __{name}_start__' above it, or remove it",
                    name,
                )
            continue
        if open_names[-1] != name:
            inner, inner_line = open_stack[-1]
            dropped = open_names[open_names.index(name) + 1 :]
            problem(
                lineno,
                "overlap",
                f"region {name!r} ends while region {inner!r} (started on line {inner_line}) "
                "is still open: regions may nest but must not overlap",
                f"close {inner!r} before line {lineno}, or move its start above {name!r}",
                name,
                *dropped,
            )
            # Recover: drop the overlapping inner regions, keep the outer one.
            while open_stack[-1][0] != name:
                reported_ends.append(open_stack.pop()[0])
        _, start_line = open_stack.pop()
        parent = open_stack[-1][0] if open_stack else None
        region = Region(name, start_line, lineno, parent)
        closed[name] = region
        body = [ln for ln in lines[start_line:lineno - 1] if ln.strip() and not MARKER_RE.match(ln)]
        if not body:
            problem(
                start_line,
                "empty",
                f"region {name!r} (lines {start_line}-{lineno}) contains no code",
                "put code between the markers or remove them",
                name,
            )

    for name, lineno in open_stack:
        problem(
            lineno,
            "unmatched-start",
            f"'# __{name}_{start_words[name]}__' is never closed",
            f"add '# __{name}_end__' after the region's last line",
            name,
        )

    if not closed:
        # No region can be delimited (no markers, or only broken ones): the
        # whole file is one region, so its results still have a place to go.
        closed[IMPLICIT_REGION] = Region(IMPLICIT_REGION, 0, len(lines) + 1)
    index.regions = dict(sorted(closed.items(), key=lambda item: item[1].start_marker))
    return index


def load_regions(path: str | Path, display_path: str | None = None) -> RegionIndex:
    """Read ``path`` and parse its regions; ``display_path`` names it in problems."""
    file = Path(path)
    return parse_regions(file.read_text(encoding="utf-8"), display_path or str(file))
