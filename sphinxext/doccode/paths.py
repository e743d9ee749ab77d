"""Where things are: the project root report paths are relative to, display paths,
the files of ``doccode_dirs``, the cache folder. Pure: no Sphinx."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

CACHE_DIR_NAME = ".doccode_cache"


class CacheDirSetting(Protocol):
    """The one value :func:`cache_dir` reads (a Sphinx ``Config`` is one)."""

    doccode_cache_dir: str | None


def project_root(srcdir: str | os.PathLike[str]) -> Path:
    """The folder report paths are relative to: the parent of the source dir."""
    return Path(srcdir).resolve().parent


def display_path(path: str | os.PathLike[str], root: Path) -> str:
    """``path`` as reports show it: POSIX, relative to the project root."""
    return Path(os.path.relpath(Path(path).resolve(), root)).as_posix()


def doccode_dir_files(confdir: str | os.PathLike[str], dirs: list[str]) -> list[Path]:
    """Every ``*.py`` directly inside the ``doccode_dirs`` folders (absolute, sorted).

    Subfolders are not searched, so helper packages next to the examples do
    not run as examples; list a subfolder itself to run its files.
    """
    files: set[Path] = set()
    for name in dirs:
        folder = Path(confdir, name).resolve()
        if folder.is_dir():
            files.update(p for p in folder.glob("*.py") if p.is_file())
    return sorted(files)


def cache_dir(
    config: CacheDirSetting, confdir: str | os.PathLike[str], srcdir: str | os.PathLike[str]
) -> Path:
    """Where cached results live: ``doccode_cache_dir`` (relative to the confdir)
    or ``<project root>/.doccode_cache``."""
    if config.doccode_cache_dir:
        return Path(confdir, config.doccode_cache_dir).resolve()
    return project_root(srcdir) / CACHE_DIR_NAME
