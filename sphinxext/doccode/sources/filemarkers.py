"""Per-file control comments in doc_code: ``# doccode: skip reason="..."`` and friends.

Pure Python. Recognised (one per line, anywhere in the file)::

    # doccode: skip reason="needs a GPU"
    # doccode: xfail reason="shows the error users hit"   (strict: a pass is a failure)
    # doccode: timeout=600
    # doccode: fresh-process
    # doccode: requires=torch,numpy
"""

from __future__ import annotations

import importlib.util
import re
import shlex
from dataclasses import dataclass, field

MARKER_RE = re.compile(r"^\s*#\s*doccode\s*:\s*(?P<body>.*?)\s*$")
#: what ``xfail raises=...`` can expect: a timeout (the error type of a unit stopped by it)
XFAIL_RAISES = ("Timeout",)
KNOWN = ("skip", "xfail", "timeout", "fresh-process", "requires")


@dataclass(frozen=True)
class MarkerProblem:
    line: int
    message: str
    hint: str

    def describe(self, path: str) -> str:
        return f"{path}:{self.line}: {self.message} (hint: {self.hint})"


@dataclass
class FileMarkers:
    skip: str | None = None  # reason, when the file is skipped
    xfail: str | None = None  # reason, when the file is expected to fail
    xfail_line: int = 0
    #: ``xfail raises=Timeout``: the file is expected to time out (and only that)
    xfail_raises: str | None = None
    timeout: float | None = None
    fresh_process: bool = False
    requires: list[str] = field(default_factory=list)
    problems: list[MarkerProblem] = field(default_factory=list)

    def missing_requirements(self) -> list[str]:
        return [name for name in self.requires if importlib.util.find_spec(name) is None]


def parse_file_markers(source: str) -> FileMarkers:
    markers = FileMarkers()
    for lineno, line in enumerate(source.splitlines(), start=1):
        match = MARKER_RE.match(line)
        if match:
            _apply(markers, lineno, match["body"])
    return markers


def _apply(markers: FileMarkers, lineno: int, body: str) -> None:
    def problem(message: str, hint: str) -> None:
        markers.problems.append(MarkerProblem(lineno, message, hint))

    try:
        words = shlex.split(body)
    except ValueError as exc:
        problem(f"cannot read '# doccode: {body}': {exc}", 'quote reasons like reason="..."')
        return
    if not words:
        problem("empty '# doccode:' comment", f"use one of: {', '.join(KNOWN)}")
        return
    head, _, value = words[0].partition("=")
    if head == "requires":  # "requires=torch, numpy": the list may contain spaces
        value, words = (value + "".join(words[1:])).lstrip("="), words[:1]
    options = dict(word.partition("=")[::2] for word in words[1:])
    if head in ("skip", "xfail"):
        unknown = set(options) - {"reason"} - ({"raises"} if head == "xfail" else set())
        if value or unknown:
            problem(f"'{head}' only takes reason=\"...\"", f'write # doccode: {head} reason="why"')
            return
        if options.get("raises", XFAIL_RAISES[0]) not in XFAIL_RAISES:
            problem(f"'xfail' cannot expect raises={options['raises']}",
                    'write # doccode: xfail raises=Timeout reason="why" (or leave raises out)')
            return
        reason = options.get("reason", "") or f"marked {head}"
        if head == "skip":
            markers.skip = reason
        else:
            markers.xfail, markers.xfail_line = reason, lineno
            markers.xfail_raises = options.get("raises")
    elif head == "timeout":
        try:
            seconds = float(value)
        except ValueError:
            seconds = -1.0
        if seconds <= 0 or options:
            problem(f"bad timeout {body!r}", "write # doccode: timeout=600 (seconds, > 0)")
            return
        markers.timeout = seconds
    elif head == "fresh-process" and not value and not options:
        markers.fresh_process = True
    elif head == "requires" and value and not options:
        markers.requires.extend(name.strip() for name in value.split(",") if name.strip())
    else:
        problem(f"unknown doccode marker {body!r}", f"use one of: {', '.join(KNOWN)}")
