"""Forensics of a unit that was stopped: where its code was, what its Ray job waited for.

Pure Python (no Ray): the driver fills the data (``runner/driver/forensics.py``)
when the engine asks before stopping it; every report shows it through
:func:`describe`. Everything here is bounded: the example's own frames plus a
short tail, and the top entries by count of each kind of Ray state.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: frames of the stack kept beyond the example's own (innermost ones: what it waits in)
TAIL_FRAMES = 3
#: the example's own frames kept (innermost ones)
OWN_FRAMES = 12
#: entries kept of each kind of Ray state (by count)
TOP_ENTRIES = 5
#: the kinds of what the job waited for, in the order they are shown
WAITING_KINDS = ("tasks", "actors", "placement_groups", "holders")


def trim_stack(frames: Sequence[Mapping[str, Any]], own_files: Iterable[str],
               *, tail: int = TAIL_FRAMES, own: int = OWN_FRAMES) -> list[dict[str, Any]]:
    """The frames (outermost first) of the example's files, plus the ``tail`` frames
    below its innermost one (the call it is stuck in); the harness's frames out."""
    files = set(own_files)
    indexes = [i for i, frame in enumerate(frames) if frame.get("file") in files]
    if not indexes:
        return [{**frame, "file": short_path(str(frame.get("file")))}
                for frame in frames[-tail:]] if tail else []
    kept = [dict(frames[i]) for i in indexes][-own:]
    below = [{**frame, "file": short_path(str(frame.get("file")))}
             for frame in frames[indexes[-1] + 1:]][:tail] if tail else []
    return kept + below


def relabel(forensics: Mapping[str, Any] | None, path: str,
            display_path: str) -> dict[str, Any] | None:
    """``forensics`` with the unit's frames named by its display path (``doc_code/x.py``,
    or the page: inline blocks run under the page's name at its own lines)."""
    if forensics is None:
        return None
    stack = [{**frame, "file": display_path} if frame.get("file") == path else dict(frame)
             for frame in forensics.get("stack") or []]
    return {**forensics, "stack": stack}


def short_path(path: str) -> str:
    """A library's file from where its package starts (``ray/_private/worker.py``)."""
    for marker in ("/site-packages/", "/dist-packages/"):
        if marker in path:
            return path.rsplit(marker, 1)[1]
    return path


def top_counts(entries: Iterable[Mapping[str, Any]],
               limit: int = TOP_ENTRIES) -> list[dict[str, Any]]:
    """Identical entries counted (``count``), the most frequent first, ``limit`` of them;
    a last ``{"more": N}`` entry says how many distinct ones were left out."""
    counted = Counter(_frozen(entry) for entry in entries)
    ranked = sorted(counted.items(), key=lambda item: (-item[1], repr(item[0])))
    kept = [{**_thawed(key), "count": count} for key, count in ranked[:limit]]
    left = sum(count for _, count in ranked[limit:])
    return kept + ([{"more": left}] if left else [])


def describe(forensics: Mapping[str, Any] | None, indent: str = "  ") -> str:
    """A few lines for people: the stack (innermost last), then what the job waited for."""
    if not forensics:
        return ""
    lines: list[str] = []
    stack = forensics.get("stack") or []
    if stack:
        lines.append("stack when stopped (innermost last):")
        for frame in stack:
            code = f": {frame['code']}" if frame.get("code") else ""
            lines.append(f"{indent}{frame.get('file')}:{frame.get('line')} in "
                         f"{frame.get('function')}{code}")
    waiting = forensics.get("waiting") or {}
    for kind in WAITING_KINDS:
        entries = waiting.get(kind) or []
        if entries:
            title = {"holders": "held by"}.get(kind, kind.replace("_", " "))
            lines.append(f"{title}: " + "; ".join(describe_entry(e) for e in entries))
    if forensics.get("problem"):
        lines.append(f"(forensics incomplete: {forensics['problem']})")
    return "\n".join(lines)


def describe_entry(entry: Mapping[str, Any]) -> str:
    """``3 x task forever RUNNING {CPU: 1}``."""
    if "more" in entry:
        return f"{entry['more']} more"
    count = entry.get("count", 1)
    words = [f"{count} x" if count != 1 else "",
             str(entry.get("name", "?")), str(entry.get("state", "")),
             str(entry.get("job", "")), _resources(entry.get("resources") or {})]
    return " ".join(word for word in words if word)


def _resources(resources: Mapping[str, Any]) -> str:
    if not resources:
        return ""
    return "{" + ", ".join(f"{k}: {v:g}" if isinstance(v, (int, float)) else f"{k}: {v}"
                           for k, v in sorted(resources.items())) + "}"


def _frozen(entry: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, tuple(sorted(v.items())) if isinstance(v, Mapping) else v)
                        for k, v in entry.items()))


def _thawed(key: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    return {k: dict(v) if isinstance(v, tuple) else v for k, v in key}
