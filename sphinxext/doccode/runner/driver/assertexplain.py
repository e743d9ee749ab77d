"""pytest's detailed comparisons (``At index 2 diff: 3 != 4``) for examples run by a driver.

Assertion rewriting alone explains the operands of a failing ``assert``; the
detailed comparison of lists, dicts, sets and long strings comes from a hook
pytest installs only while one of its own tests runs. A driver process runs
examples outside any pytest session, so it installs an equivalent here, with
pytest's default (non-verbose) settings. Ray-free and Sphinx-free.

What pytest offers publicly is the ``pytest_assertrepr_compare(config, op,
left, right)`` hook, so we call pytest's own implementation of that hook,
whose signature the hook spec fixes. Its internals changed between pytest
releases (9.2 moved ``assertrepr_compare`` to keyword arguments, a lazy
iterator and in-hook truncation), which is why we no longer call them. The
``config`` we pass is a stand-in answering the public ``pytest.Config``
methods the implementation reads (``get_verbosity``, ``getini``,
``pluginmanager.has_plugin``, ``get_terminal_writer``) with pytest's
defaults, except that truncation is left to us so the result does not depend
on the version or on a ``CI`` variable. ``tests/runner/driver/
test_assertexplain.py`` fails loudly when a pytest release asks for more.
"""

from __future__ import annotations

from typing import Any

#: longer explanations are cut, like pytest does without ``-vv``
MAX_LINES = 12

#: ini values the stand-in answers; anything else is a pytest change to look at
_INI_DEFAULTS: dict[str, object] = {
    # 0 and 0 switch pytest's own truncation off (9.2+ truncates inside the hook).
    "truncation_limit_lines": 0,
    "truncation_limit_chars": 0,
    "assertion_text_diff_style": "ndiff",
}


class _Highlighter:
    """Stands in for pytest's terminal writer: explanations stay plain text."""

    def _highlight(self, source: str, lexer: str = "python") -> str:
        return source


class _NoPlugins:
    """Stands in for the plugin manager: no terminal reporter, so no colours."""

    def has_plugin(self, name: str) -> bool:
        return False


class _DriverConfig:
    """What pytest's ``pytest_assertrepr_compare`` reads of its ``config``, with defaults."""

    VERBOSITY_ASSERTIONS = "assertions"
    pluginmanager = _NoPlugins()

    def get_verbosity(self, verbosity_type: str | None = None) -> int:
        return 0

    def getoption(self, name: str) -> object:
        if name == "verbose":  # pytest < 8 reads the verbosity this way
            return 0
        raise LookupError(f"pytest now asks for option {name!r}")

    def getini(self, name: str) -> object:
        try:
            return _INI_DEFAULTS[name]
        except KeyError:
            raise LookupError(f"pytest now asks for ini value {name!r}") from None

    def get_terminal_writer(self) -> _Highlighter:
        return _Highlighter()


def pytest_explanation(op: str, left: object, right: object) -> list[str]:
    """pytest's own explanation lines for ``left op right``; raises if pytest's API moved."""
    from _pytest.assertion import pytest_assertrepr_compare

    config: Any = _DriverConfig()
    return list(pytest_assertrepr_compare(config=config, op=op, left=left, right=right) or ())


def explain_comparison(op: str, left: object, right: object) -> str | None:
    """pytest's explanation of ``left op right``, formatted for rewritten asserts."""
    try:
        lines = pytest_explanation(op, left, right)
    except Exception:  # a private pytest API changed: plain operands are still shown
        return None
    # "-v" does not reach the driver's process: do not advise it.
    lines = [line for line in lines if not line.startswith("Use -v to get")]
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
