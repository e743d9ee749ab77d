"""pytest's detailed comparisons (``At index 2 diff: 3 != 4``) for examples run by a driver.

Assertion rewriting alone explains the operands of a failing ``assert``; the
detailed comparison of lists, dicts, sets and long strings comes from a hook
pytest installs only while one of its own tests runs. A driver process runs
examples outside any pytest session, so it installs an equivalent here, with
pytest's default (non-verbose) settings. Ray-free and Sphinx-free.
"""

from __future__ import annotations

from typing import Any

#: longer explanations are cut, like pytest does without ``-vv``
MAX_LINES = 12


class _Highlighter:
    """Stands in for pytest's terminal writer: explanations stay plain text."""

    def _highlight(self, source: str, lexer: str = "python") -> str:
        return source


class _DefaultVerbosity:
    """The two things ``assertrepr_compare`` asks its config for."""

    def get_verbosity(self, verbosity_type: str | None = None) -> int:
        return 0

    def get_terminal_writer(self) -> _Highlighter:
        return _Highlighter()


def explain_comparison(op: str, left: object, right: object) -> str | None:
    """pytest's explanation of ``left op right``, formatted for rewritten asserts."""
    from _pytest.assertion.util import assertrepr_compare

    try:
        lines = assertrepr_compare(_DefaultVerbosity(), op, left, right)
    except Exception:  # a private pytest API changed: plain operands are still shown
        return None
    # "-v" does not reach the driver's process: do not advise it.
    lines = [line for line in lines or () if not line.startswith("Use -v to get")]
    if not lines:
        return None
    if len(lines) > MAX_LINES:
        hidden = len(lines) - MAX_LINES
        lines = [*lines[:MAX_LINES], f"...({hidden} more line(s) not shown)"]
    # The escaping pytest's own hook applies before rewritten asserts format it.
    return "\n~".join(line.replace("\n", "\\n") for line in lines).replace("%", "%%")


def install_comparison_explanations() -> None:
    """Make rewritten asserts in this process explain comparisons as under pytest."""
    from _pytest.assertion import util

    hook: Any = explain_comparison
    util._reprcompare = hook
