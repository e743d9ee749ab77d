"""The files a unit used, checked: a cached result is reused only if each still has
the hash it had when the unit ran (issue 24).

Each file is hashed at most once per (path, size, mtime), and stat-ed at most
once per run: a record of hundreds of files (an editable Ray) that many units
share costs one ``stat`` per file on an all-cached rebuild, not one per unit.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

#: the hash recorded for a file that could not be read when its unit ran
MISSING = "missing"


class FileHashes:
    """sha256 of files, memoised by (path, size, mtime_ns)."""

    def __init__(self) -> None:
        self._memo: dict[tuple[str, int, int], str] = {}
        self._stats: dict[str, tuple[int, int] | None] = {}  # this run's (size, mtime_ns)
        self._answers: dict[tuple[str, Path | None], str] = {}  # this run's hash by name
        self.hashed = 0  # files actually read, for tests and the bench

    def new_run(self) -> None:
        """Look at the files again (their hashes stay memoised by size and mtime)."""
        self._stats = {}
        self._answers = {}

    def hash(self, recorded: str, root: Path | None = None) -> str:
        """The file's sha256, or :data:`MISSING` when it cannot be read; a relative
        ``recorded`` path is relative to ``root`` (the project root)."""
        answer = self._answers.get((recorded, root))
        if answer is None:
            answer = self._answers[recorded, root] = self._hash(recorded, root)
        return answer

    def _hash(self, recorded: str, root: Path | None) -> str:
        path = Path(recorded)
        if root is not None and not path.is_absolute():
            path = root / path
        name = str(path)
        if name not in self._stats:
            try:
                stat = os.stat(path)
                self._stats[name] = (stat.st_size, stat.st_mtime_ns)
            except OSError:
                self._stats[name] = None
        seen = self._stats[name]
        if seen is None:
            return MISSING
        memo_key = (name, *seen)
        digest = self._memo.get(memo_key)
        if digest is None:
            try:
                digest = _sha256(path)
            except OSError:
                return MISSING
            self._memo[memo_key] = digest
            self.hashed += 1
        return digest

    def record(self, used: Iterable[str], root: Path | None = None) -> dict[str, str]:
        """``{path: sha256}`` for a unit that has just run."""
        return {path: self.hash(path, root) for path in used}

    def changed(self, record: Mapping[str, str], root: Path | None = None) -> str | None:
        """Why a result recorded with ``record`` cannot be reused; None when it can."""
        for path, digest in record.items():
            now = self.hash(path, root)
            if now == digest:
                continue
            if now == MISSING:
                return f"`{path}` is gone"
            if digest == MISSING:
                return f"`{path}` appeared"
            return f"`{path}` changed"
        return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
