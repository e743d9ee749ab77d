"""Results of unchanged files, reused: a content-addressed cache on disk.

The key covers everything that changes a file's outcome: its bytes, Python,
Ray and extension versions, and the run options that matter. Beside the
result, an entry keeps the hash of every file the unit used while it ran
(``used``); the result is reused only while each still has that hash. Writes are
atomic (temporary file + ``os.replace``), so an interrupted run never leaves a
half-written entry. Independently of the key, the latest result of each
display path is kept, so pages can show the last captured output.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from sphinxext.doccode.outputcap import cap_result
from sphinxext.doccode.results import FileResult, FileStatus
from sphinxext.doccode.runner.engine.plan.used_files import FileHashes

#: statuses worth reusing: real outcomes of running the file. Timeouts and
#: crashed drivers say more about the machine than about the file.
CACHEABLE = frozenset({FileStatus.PASSED, FileStatus.FAILED, FileStatus.SKIPPED})


@functools.cache  # asked per file; a scan of sys.path each time
def installed_version(distribution: str) -> str:
    """The installed version of ``distribution`` (``"none"`` when it is not installed).

    The extension's own version is read the same way, so that the engine never
    imports the Sphinx-side package ``sphinxext.doccode`` itself."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "none"


def ray_version() -> str:
    return installed_version("ray")


def cache_key(content: bytes, settings: Mapping[str, Any]) -> str:
    """sha256 of the file and of everything else that decides its outcome."""
    digest = hashlib.sha256()
    digest.update(content)
    context = {
        "python": sys.version,
        "ray": ray_version(),
        "doccode": installed_version("sphinxext-doccode"),
        "settings": dict(settings),
    }
    digest.update(json.dumps(context, sort_keys=True, default=str).encode())
    return digest.hexdigest()


class ResultCache:
    def __init__(self, directory: Path, hashes: FileHashes | None = None) -> None:
        self.directory = directory
        self.hashes = hashes or FileHashes()

    def _entry(self, key: str) -> Path:
        return self.directory / "results" / key[:2] / f"{key}.json"

    def _latest(self, display_path: str) -> Path:
        name = hashlib.sha256(display_path.encode()).hexdigest()
        return self.directory / "latest" / f"{name}.json"

    def get(self, key: str) -> FileResult | None:
        return self.lookup(key)[0]

    def lookup(self, key: str, root: Path | None = None) -> tuple[FileResult | None, str]:
        """The result stored under ``key`` if every file it used is unchanged; else
        None and why it must run again ("" when there is no entry at all)."""
        data = _read_json(self._entry(key))
        if data is None:
            return None, ""
        try:
            result = FileResult.from_dict(data["result"])
            record = {str(k): str(v) for k, v in dict(data.get("used", {})).items()}
        except (KeyError, TypeError, ValueError):
            return None, ""  # an entry from an incompatible version: ignore it
        changed = self.hashes.changed(record, root)
        if changed is not None:
            return None, changed
        result.cached = True
        result.rerun_reason = ""
        return result, ""

    def put(self, key: str, result: FileResult, root: Path | None = None) -> None:
        """Store ``result``, with the hash of each file it used (``root``: what the
        relative paths in ``result.used`` are relative to)."""
        stored = cap_result(result).to_dict()
        stored["cached"] = False
        data = {"key": key, "result": stored, "used": self.hashes.record(result.used, root)}
        if result.status in CACHEABLE:
            _write_json_atomic(self._entry(key), data)
        _write_json_atomic(self._latest(result.path), data)

    def latest(self, display_path: str) -> FileResult | None:
        """The last result recorded for ``display_path``, whatever its key."""
        data = _read_json(self._latest(display_path))
        try:
            return FileResult.from_dict(data["result"]) if data else None
        except (KeyError, TypeError, ValueError):
            return None


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as stream:
            data = json.load(stream)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump(data, stream)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
