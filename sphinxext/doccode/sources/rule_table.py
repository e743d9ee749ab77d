"""Per-file rules (``doccode_rules``): check the ``(glob, settings)`` pairs, match units.

Pure Python. Globs match a unit's display path (``doc_code/x.py`` as
``report.json`` shows it, or a page's path for inline blocks), see
:mod:`.globs`; how matching rules and file markers combine is :mod:`.settings`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sphinxext.doccode.sources.globs import glob_regex

SETTING_KEYS = ("skip", "xfail", "xfail_raises", "timeout", "requires", "fresh_process",
                "exclusive", "env", "tags")


@dataclass(frozen=True)
class Rule:
    pattern: str
    settings: Mapping[str, Any]  # checked values, only the keys the rule sets
    index: int  # position in doccode_rules (0-based), for messages

    def matches(self, path: str) -> bool:
        return glob_regex(self.pattern).fullmatch(path) is not None

    def describe(self) -> str:
        return f"doccode_rules[{self.index}] ({self.pattern!r})"


class RuleError(ValueError):
    """A rule value that cannot be used; the message names the rule and the key."""


def parse_rules(value: Any) -> tuple[list[Rule], list[str]]:
    """Checked rules and one message per unusable rule (which is then left out)."""
    if value is None:
        return [], []
    if isinstance(value, Mapping):
        value = list(value.items())
    if not isinstance(value, (list, tuple)):
        return [], ["doccode_rules: expected a list of (glob, settings) pairs, "
                    f"got {type(value).__name__}"]
    rules, problems = [], []
    for index, item in enumerate(value):
        try:
            rules.append(_parse_rule(index, item))
        except RuleError as error:
            problems.append(f"{error}; the rule is ignored")
    return rules, problems


def _parse_rule(index: int, item: Any) -> Rule:
    where = f"doccode_rules[{index}]"
    if not isinstance(item, (list, tuple)) or len(item) != 2:
        raise RuleError(f"{where}: expected a (glob, settings) pair, got {item!r}")
    pattern, settings = item
    if not isinstance(pattern, str) or not pattern:
        raise RuleError(f"{where}: the glob must be a non-empty string, got {pattern!r}")
    where = f"{where} ({pattern!r})"
    if not isinstance(settings, Mapping):
        raise RuleError(f"{where}: settings must be a dict such as {{'timeout': 60}}, "
                        f"got {settings!r}")
    checked: dict[str, Any] = {}
    for key, raw in settings.items():
        if key not in SETTING_KEYS:
            raise RuleError(f"{where}: unknown setting {key!r} "
                            f"(hint: use one of {', '.join(SETTING_KEYS)})")
        try:
            checked[key] = _CHECKS[key](raw)
        except (TypeError, ValueError) as error:
            raise RuleError(f"{where}: bad value for {key!r}: {error}") from None
    return Rule(pattern, checked, index)


def _reason(value: Any) -> str | None:
    """skip / xfail: a reason string, True (no reason given), or False/None (undo)."""
    if value is None or value is False:
        return None
    if value is True:
        return ""
    if isinstance(value, str):
        return value
    raise ValueError(f"expected a reason string, True or False, got {value!r}")


def _raises(value: Any) -> str | None:
    """xfail_raises: what the xfail expects instead of a failure ("Timeout"), or None."""
    if value is None or value == "Timeout":
        return value  # type: ignore[no-any-return]
    raise ValueError(f"expected 'Timeout' or None, got {value!r}")


def _timeout(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value) or value <= 0:
        raise ValueError(f"expected a number of seconds greater than 0, got {value!r}")
    return float(value)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected True or False, got {value!r}")
    return value


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"expected a list of names, got {value!r}")
    return [v.strip() for v in value if v.strip()]


def _requires(value: Any) -> tuple[list[str], dict[str, float]]:
    """Modules (names) and logical resources (a dict), alone or mixed in a list."""
    items = value if isinstance(value, (list, tuple)) else [value]
    modules: list[str] = []
    resources: dict[str, float] = {}
    for item in items:
        if isinstance(item, Mapping):
            for name, amount in item.items():
                if not isinstance(name, str) or isinstance(amount, bool) \
                        or not isinstance(amount, (int, float)) or amount <= 0:
                    raise ValueError(f"resource {name!r} needs an amount greater than 0, "
                                     f"got {amount!r} (example: {{'GPU': 1}})")
                resources[name] = float(amount)
        else:
            modules.extend(_names(item))
    return modules, resources


def _env(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValueError(f"expected a dict of strings such as {{'OMP_NUM_THREADS': '1'}}, "
                         f"got {value!r}")
    return dict(value)


_CHECKS: dict[str, Any] = {
    "skip": _reason, "xfail": _reason, "xfail_raises": _raises, "timeout": _timeout,
    "requires": _requires,
    "fresh_process": _flag, "exclusive": _flag, "env": _env, "tags": _names,
}


def matching(rules: Sequence[Rule], path: str) -> list[Rule]:
    return [rule for rule in rules if rule.matches(path)]


def unused_rules(rules: Sequence[Rule], paths: Iterable[str]) -> list[Rule]:
    """Rules whose glob matches none of ``paths`` (a typo, or a file that moved)."""
    paths = list(paths)
    return [rule for rule in rules if not any(rule.matches(p) for p in paths)]
