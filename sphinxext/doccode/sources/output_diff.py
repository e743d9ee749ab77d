"""Line alignment of expected output (with wildcard lines) against printed output.

Pure Python. A plain ``difflib`` diff cannot know that ``Took ... s`` equals
``Took 0.31 s`` or that a ``...`` line swallows any number of lines, so the
alignment here uses the checker's own notion of "matches": a minimal edit
script where a ``...`` line absorbs printed lines for free.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: runs of matching lines longer than this are collapsed in a rendered diff
CONTEXT = 3


@dataclass(frozen=True)
class DiffOp:
    kind: str  # "=" matched, "~" absorbed by a "..." line, "-" expected only, "+" printed only
    text: str


def align(
    expected: list[str],
    printed: list[str],
    matches: Callable[[str, str], bool],
    wildcard_line: str,
) -> list[DiffOp]:
    """A cheapest edit script turning ``expected`` into ``printed``."""
    n, m = len(expected), len(printed)
    # cost[i][j]: edits needed to align expected[i:] with printed[j:]
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for j in range(m - 1, -1, -1):
        cost[n][j] = cost[n][j + 1] + 1
    for i in range(n - 1, -1, -1):
        is_wildcard = expected[i] == wildcard_line
        cost[i][m] = cost[i + 1][m] + (0 if is_wildcard else 1)
        for j in range(m - 1, -1, -1):
            if is_wildcard:
                cost[i][j] = min(cost[i + 1][j], cost[i][j + 1])
                continue
            best = min(cost[i + 1][j], cost[i][j + 1]) + 1
            if matches(expected[i], printed[j]):
                best = min(best, cost[i + 1][j + 1])
            cost[i][j] = best
    operations: list[DiffOp] = []
    i = j = 0
    while i < n or j < m:
        if i < n and expected[i] == wildcard_line:
            if j < m and cost[i][j] == cost[i][j + 1]:
                operations.append(DiffOp("~", printed[j]))
                j += 1
            else:
                i += 1
        elif i < n and j < m and cost[i][j] == cost[i + 1][j + 1] and matches(
            expected[i], printed[j]
        ):
            operations.append(DiffOp("=", printed[j]))
            i, j = i + 1, j + 1
        elif i < n and cost[i][j] == cost[i + 1][j] + 1:
            operations.append(DiffOp("-", expected[i]))
            i += 1
        else:
            operations.append(DiffOp("+", printed[j]))
            j += 1
    return operations


def render_diff(operations: list[DiffOp]) -> str:
    """``- expected`` / ``+ printed`` lines, with long unchanged stretches collapsed."""
    changed = [k for k, op in enumerate(operations) if op.kind in "-+"]
    shown: list[str] = []
    skipped = 0
    for k, op in enumerate(operations):
        near_change = any(abs(k - c) <= CONTEXT for c in changed)
        if op.kind in "=~" and not near_change:
            skipped += 1
            continue
        if skipped:
            shown.append(f"  [{skipped} matching line{'s' if skipped > 1 else ''}]")
            skipped = 0
        marker = " " if op.kind in "=~" else op.kind
        shown.append(f"{marker} {op.text}")
    if skipped:
        shown.append(f"  [{skipped} matching line{'s' if skipped > 1 else ''}]")
    if not shown:
        shown.append("  (nothing was printed and nothing was expected)")
    return "\n".join(shown)
