"""Per-file rules (``doccode_rules``): parse them, match units, merge with file markers.

Pure Python. A rule is ``(glob, settings)``; globs match a unit's display path
(``doc_code/x.py`` as ``report.json`` shows it, or a page's path for inline
blocks): ``*`` and ``?`` stay inside one path segment, ``**`` spans segments.
Later rules override earlier ones; a file's own ``# doccode:`` comments
override every rule. ``tags`` and ``requires`` accumulate, ``env`` merges key
by key, every other setting is replaced.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sphinxext.doccode.sources.filemarkers import FileMarkers

SETTING_KEYS = ("skip", "xfail", "timeout", "requires", "fresh_process", "exclusive",
                "env", "tags")


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


@dataclass
class FileSettings(FileMarkers):
    """What applies to one unit: file markers plus the rules that match it."""

    exclusive: bool = False
    env: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    resources: dict[str, float] = field(default_factory=dict)  # logical resources required
    #: setting -> where its value came from ("doccode_rules[2] ('doc_code/gpu_*.py')", "marker")
    origins: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The effective settings as ``report.json`` shows them (unset ones left out)."""
        data: dict[str, Any] = {}
        for key, value in (
            ("skip", self.skip), ("xfail", self.xfail), ("timeout", self.timeout),
            ("fresh_process", self.fresh_process or None), ("exclusive", self.exclusive or None),
            ("requires", self.requires or None), ("resources", self.resources or None),
            ("env", self.env or None), ("tags", self.tags or None),
        ):
            if value is not None:
                data[key] = value
        if data:
            data["from"] = dict(self.origins)
        return data

    def describe(self) -> str:
        """One line for ``-v`` output."""
        parts = [f"{k}={v!r}" for k, v in self.to_dict().items() if k != "from"]
        return ", ".join(parts) or "defaults"


_GLOB_CACHE: dict[str, re.Pattern[str]] = {}


def glob_regex(pattern: str) -> re.Pattern[str]:
    """``pattern`` as a regex over POSIX paths: ``*`` one segment, ``**`` any depth."""
    cached = _GLOB_CACHE.get(pattern)
    if cached is not None:
        return cached
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and (end := pattern.find("]", i + 2)) != -1:
            body = pattern[i + 1:end]
            out.append("[^" + re.escape(body[1:]) + "]" if body[0] in "!^"
                       else "[" + re.escape(body) + "]")
            i = end + 1
            continue
        else:
            out.append(re.escape(char))
        i += 1
    compiled = re.compile("".join(out))
    _GLOB_CACHE[pattern] = compiled
    return compiled


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
    "skip": _reason, "xfail": _reason, "timeout": _timeout, "requires": _requires,
    "fresh_process": _flag, "exclusive": _flag, "env": _env, "tags": _names,
}


def matching(rules: Sequence[Rule], path: str) -> list[Rule]:
    return [rule for rule in rules if rule.matches(path)]


def unused_rules(rules: Sequence[Rule], paths: Iterable[str]) -> list[Rule]:
    """Rules whose glob matches none of ``paths`` (a typo, or a file that moved)."""
    paths = list(paths)
    return [rule for rule in rules if not any(rule.matches(p) for p in paths)]


def effective_settings(rules: Sequence[Rule], path: str, markers: FileMarkers) -> FileSettings:
    """Rules matching ``path`` in order, then the file's markers on top."""
    settings = FileSettings()
    for rule in matching(rules, path):
        origin = rule.describe()
        for key, value in rule.settings.items():
            _apply(settings, key, value, origin)
    settings.problems = list(markers.problems)
    if markers.skip is not None:
        _apply(settings, "skip", markers.skip, "marker")
    if markers.xfail is not None:
        _apply(settings, "xfail", markers.xfail, "marker")
        settings.xfail_line = markers.xfail_line
    if markers.timeout is not None:
        _apply(settings, "timeout", markers.timeout, "marker")
    if markers.fresh_process:
        _apply(settings, "fresh_process", True, "marker")
    if markers.requires:
        _apply(settings, "requires", (markers.requires, {}), "marker")
    return settings


def _apply(settings: FileSettings, key: str, value: Any, origin: str) -> None:
    if key == "skip":
        settings.skip = None if value is None else value or f"skipped by {origin}"
    elif key == "xfail":
        settings.xfail = None if value is None else value or f"expected to fail by {origin}"
        settings.xfail_line = 0
    elif key == "requires":
        modules, resources = value
        settings.requires.extend(m for m in modules if m not in settings.requires)
        settings.resources.update(resources)
    elif key == "env":
        settings.env.update(value)
    elif key == "tags":
        settings.tags.extend(t for t in value if t not in settings.tags)
    else:
        setattr(settings, key, value)
    previous = settings.origins.get(key)
    accumulates = key in ("requires", "env", "tags")
    settings.origins[key] = f"{previous} + {origin}" if accumulates and previous else origin


def missing_resources(required: Mapping[str, float],
                      nodes: Sequence[Mapping[str, float]]) -> str | None:
    """Why no node can hold ``required`` (None when one can)."""
    if not required or any(all(node.get(k, 0.0) >= v for k, v in required.items())
                           for node in nodes):
        return None
    wanted = ", ".join(f"{v:g} {k}" for k, v in sorted(required.items()))
    lacking = sorted(k for k, v in required.items()
                     if not any(node.get(k, 0.0) >= v for node in nodes))
    what = f"no node has enough {', '.join(lacking)}" if lacking \
        else "no single node has all of it"
    return f"requires {wanted}, but {what}"


def tag_selection(tags: Sequence[str], only: Sequence[str], exclude: Sequence[str]) -> str | None:
    """Why tag selection leaves a unit out (None when it runs)."""
    if excluded := [t for t in tags if t in exclude]:
        return f"not selected: tagged {', '.join(excluded)} (doccode_skip_tags)"
    if only and not any(t in only for t in tags):
        have = f"its tags are {', '.join(tags)}" if tags else "it has no tags"
        return f"not selected: doccode_tags asks for {', '.join(only)} and {have}"
    return None
