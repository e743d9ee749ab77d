"""A unit's effective settings: the rules that match it, in order, then its file markers.

Pure Python. Later rules override earlier ones; a file's own ``# doccode:``
comments override every rule. ``tags`` and ``requires`` accumulate, ``env``
merges key by key, every other setting is replaced.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sphinxext.doccode.sources.filemarkers import FileMarkers
from sphinxext.doccode.sources.rule_table import Rule, matching


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
            ("skip", self.skip), ("xfail", self.xfail), ("xfail_raises", self.xfail_raises),
            ("timeout", self.timeout),
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
        settings.xfail_line, settings.xfail_raises = markers.xfail_line, markers.xfail_raises
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
