"""The one output checker: the standard library's ``doctest.OutputChecker``, Ray-aware.

Pure Python. ``testoutput`` blocks and ``# Output:`` blocks are both compared
here, so ``...`` and the doctest flags mean exactly what they mean in doctest.
What Ray prints on its own (``(f pid=12) ...`` worker lines, colour codes)
arrives asynchronously and is never part of a comparison.
"""

from __future__ import annotations

import doctest
import re

from sphinxext.doccode.sources.output_diff import align, render_diff

# Lines Ray forwards from workers and daemons, e.g. "(f pid=123) hi" or
# "(MyActor pid=9, ip=10.0.0.1) hi" or "(raylet) ...": they arrive asynchronously,
# carry pids, and are interleaved with the driver's own prints at random.
RAY_LOG_LINE_RE = re.compile(
    r"^\((?:[^()]*\bpid=\d+[^()]*|raylet[^()]*|gcs_server[^()]*|autoscaler[^()]*)\)(?:\s|$)"
)
#: terminal colour codes: Ray colours the "(f pid=...)" prefix of worker lines
ANSI_ESCAPE_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
WILDCARD = doctest.ELLIPSIS_MARKER
#: what ``sphinx.ext.doctest`` uses unless ``doctest_default_flags`` says otherwise
DEFAULT_FLAGS = doctest.ELLIPSIS | doctest.IGNORE_EXCEPTION_DETAIL | doctest.DONT_ACCEPT_TRUE_FOR_1
#: ``# Output:`` blocks: ``...`` wildcards, literal ``1`` never matches ``True``
OUTPUT_COMMENT_FLAGS = doctest.ELLIPSIS | doctest.DONT_ACCEPT_TRUE_FOR_1

_checker = doctest.OutputChecker()


def strip_ansi(text: str) -> str:
    return ANSI_ESCAPE_RE.sub("", text)


def is_ray_log_line(line: str) -> bool:
    return RAY_LOG_LINE_RE.match(line.strip()) is not None


def without_ray_lines(text: str) -> str:
    """``text`` without colour codes and without the lines Ray printed on its own."""
    lines = strip_ansi(text).splitlines(keepends=True)
    return "".join(line for line in lines if not is_ray_log_line(line))


def text_matches(expected: str, printed: str, flags: int) -> bool:
    """doctest's verdict on ``printed`` against ``expected`` under ``flags``."""
    want = expected if expected.endswith("\n") or not expected else expected + "\n"
    got = printed if printed.endswith("\n") or not printed else printed + "\n"
    return _checker.check_output(want, got, flags)


def line_matches(expected_line: str, printed_line: str, flags: int = OUTPUT_COMMENT_FLAGS) -> bool:
    return text_matches(expected_line, printed_line, flags)


def line_diff(expected: list[str], printed: list[str], flags: int) -> str | None:
    """``- expected`` / ``+ printed`` lines aligned with the checker; None when all match."""
    operations = align(expected, printed, lambda e, p: line_matches(e, p, flags), WILDCARD)
    return None if all(op.kind in "=~" for op in operations) else render_diff(operations)


def output_difference(expected: str, printed: str, flags: int) -> str | None:
    """None when ``printed`` matches ``expected`` (doctest semantics), else a diff.

    Ray's own lines are dropped from both sides: where they land is random."""
    printed, expected = without_ray_lines(printed), without_ray_lines(expected)
    if text_matches(expected, printed, flags):
        return None
    diff = line_diff(expected.splitlines(), printed.splitlines(), flags)
    return diff or render_diff([])
