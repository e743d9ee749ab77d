"""Expected-output checks: parse ``# Output:`` blocks and compare them with what was printed.

Pure Python (no Ray, no Sphinx). The driver asks :func:`plan_output_checks` where
the blocks are, and calls :func:`check_output` with the stdout printed since the
previous block; a mismatch becomes a failure at the block's line. Lines are
compared by the shared checker (:mod:`.output_checker`, doctest's ``OutputChecker``).
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field

from sphinxext.doccode.results import ErrorInfo
from sphinxext.doccode.sources.output_checker import (
    OUTPUT_COMMENT_FLAGS,
    RAY_LOG_LINE_RE,
    WILDCARD,
    line_diff,
    line_matches,
)
from sphinxext.doccode.sources.output_checker import strip_ansi as strip_ansi  # re-exported
from sphinxext.doccode.sources.regions import MARKER_RE

BLOCK_RE = re.compile(r"^(?P<indent>[ \t]*)# Output(?: \((?P<mode>[a-z]+)\))?:[ \t]*(?P<rest>.*)$")
MODES = ("ordered", "unordered")
OUTPUT_ERROR_TYPE = "OutputMismatch"
BLOCK_ERROR_TYPE = "OutputBlockError"


@dataclass(frozen=True)
class OutputBlock:
    """One ``# Output:`` block: where it is and what it expects."""

    line: int  # 1-based line of the "# Output:" comment
    last_line: int  # last line of the expected text (== line when it is one line)
    expected: str  # expected text, comment prefixes removed
    unordered: bool = False

    def verify(self, printed: str) -> ErrorInfo | None:
        """The driver's hook: None when ``printed`` matches, else the failure to report."""
        mismatch = check_output(self, printed)
        return None if mismatch is None else mismatch.to_error()


@dataclass(frozen=True)
class OutputProblem:
    """A block the checker cannot use, with a hint to fix it."""

    line: int
    message: str
    hint: str

    def to_error(self) -> ErrorInfo:
        return ErrorInfo(self.line, BLOCK_ERROR_TYPE, f"{self.message} (hint: {self.hint})")

    def verify(self, printed: str) -> ErrorInfo | None:
        """A malformed block fails where it stands, like a failing check."""
        return self.to_error()


@dataclass(frozen=True)
class OutputPlan:
    blocks: list[OutputBlock] = field(default_factory=list)
    problems: list[OutputProblem] = field(default_factory=list)

    @property
    def checks(self) -> list[OutputBlock | OutputProblem]:
        """Everything the driver verifies, in file order (each has ``line`` and ``verify``)."""
        return sorted([*self.blocks, *self.problems], key=lambda check: check.line)


@dataclass(frozen=True)
class OutputMismatch:
    """The expected text of ``block`` does not match what was printed."""

    block: OutputBlock
    printed: str
    diff: str  # human-readable, line by line

    @property
    def message(self) -> str:
        kind = " (in any order)" if self.block.unordered else ""
        return (
            f"printed output does not match the expected output{kind} "
            f"of line {self.block.line} (- expected, + printed):\n{self.diff}"
        )

    def to_error(self) -> ErrorInfo:
        return ErrorInfo(self.block.line, OUTPUT_ERROR_TYPE, self.message)


def _comment_lines(source: str) -> set[int] | None:
    """Lines holding nothing but a comment (so ``# Output:`` inside a string is ignored)."""
    found: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT and not token.line[: token.start[1]].strip():
                found.add(token.start[0])
    except (tokenize.TokenError, SyntaxError):
        return None  # the driver reports the syntax error itself
    return found


def _strip_comment(line: str) -> str:
    text = line.strip()[1:]
    return text[1:] if text.startswith(" ") else text


def plan_output_checks(source: str) -> OutputPlan:
    """Find every ``# Output:`` block of a doc_code file, in file order."""
    comment_lines = _comment_lines(source)
    if comment_lines is None:
        return OutputPlan()
    lines = source.splitlines()
    plan = OutputPlan()
    index = 0
    while index < len(lines):
        lineno = index + 1
        match = BLOCK_RE.match(lines[index])
        index += 1
        if match is None or lineno not in comment_lines:
            continue
        mode = match["mode"] or "ordered"
        if match["indent"]:
            plan.problems.append(
                OutputProblem(
                    lineno,
                    "'# Output:' is indented: blocks are checked between top-level statements",
                    "move the block (and the print it checks) to the top level, at column 0",
                )
            )
            continue
        if mode not in MODES:
            plan.problems.append(
                OutputProblem(
                    lineno,
                    f"unknown output mode {mode!r}",
                    "write '# Output:' or '# Output (unordered):'",
                )
            )
            continue
        expected = [match["rest"]] if match["rest"].strip() else []
        while (
            index < len(lines)
            and index + 1 in comment_lines
            and not MARKER_RE.match(lines[index])
            and not BLOCK_RE.match(lines[index])
            and not _strip_comment(lines[index]).startswith("doccode:")
        ):
            expected.append(_strip_comment(lines[index]))
            index += 1
        plan.blocks.append(
            OutputBlock(lineno, max(lineno, index), "\n".join(expected), mode == "unordered")
        )
    return plan


def normalise(text: str) -> list[str]:
    """Lines to compare: Ray log lines and blank lines dropped, whitespace collapsed."""
    result = []
    for raw in strip_ansi(text).splitlines():
        line = " ".join(raw.split())
        if line and not RAY_LOG_LINE_RE.match(line):
            result.append(line)
    return result


def _unordered_diff(expected: list[str], printed: list[str]) -> str | None:
    """Match each expected line with a distinct printed line, literal lines first."""
    remaining = list(printed)
    allow_extra = WILDCARD in expected
    missing = []
    literal_first = sorted(
        (line for line in expected if line != WILDCARD), key=lambda line: WILDCARD in line
    )
    for wanted in literal_first:
        hit = next((i for i, got in enumerate(remaining) if line_matches(wanted, got)), None)
        if hit is None:
            missing.append(wanted)
        else:
            del remaining[hit]
    extra = [] if allow_extra else remaining
    if not missing and not extra:
        return None
    return "\n".join([f"- {line}" for line in missing] + [f"+ {line}" for line in extra])


def check_output(block: OutputBlock, printed: str) -> OutputMismatch | None:
    """Compare ``printed`` (stdout since the previous block) with ``block``; None if it matches."""
    expected = normalise(block.expected)
    got = normalise(printed)
    if block.unordered:
        diff = _unordered_diff(expected, got)
    else:
        diff = line_diff(expected, got, OUTPUT_COMMENT_FLAGS)
    return None if diff is None else OutputMismatch(block, printed, diff)
