"""Which files changed between two looks at a doc set: stat-based polling, no Sphinx.

A look (:func:`scan`) records the modification time and size of every file
under the watched folders plus the single files named; hidden files and
folders, ``__pycache__``, editor backups and the skipped folders (the build's
output) are left out.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

#: path -> (mtime in ns, size); a file that vanished is simply absent
Snapshot = Mapping[Path, tuple[int, int]]

SKIPPED_DIR_NAMES = frozenset({"__pycache__", "node_modules"})


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def _ignored(name: str) -> bool:
    return name.startswith(".") or name.endswith("~") or name.endswith((".swp", ".pyc"))


def scan(folders: Iterable[Path], files: Iterable[Path] = (),
         skip: Iterable[Path] = ()) -> dict[Path, tuple[int, int]]:
    """A look at every file under ``folders`` and at each of ``files``."""
    skipped = {Path(p).resolve() for p in skip}
    seen: dict[Path, tuple[int, int]] = {}
    for folder in folders:
        for current, dirnames, filenames in os.walk(folder):
            here = Path(current)
            dirnames[:] = sorted(
                name for name in dirnames
                if not _ignored(name) and name not in SKIPPED_DIR_NAMES
                and (here / name).resolve() not in skipped)
            for name in filenames:
                if not _ignored(name):
                    path = here / name
                    stat = _stat(path)
                    if stat is not None:
                        seen[path.resolve()] = stat
    for path in files:
        resolved = Path(path).resolve()
        stat = _stat(resolved)
        if stat is not None:
            seen[resolved] = stat
    return seen


def changed(before: Snapshot, after: Snapshot) -> list[Path]:
    """Files added, removed or modified between two looks, sorted."""
    paths = set(before) | set(after)
    return sorted(path for path in paths if before.get(path) != after.get(path))
