"""What a unit used while it ran: the files it read and the modules it imported (issue 24).

One audit hook per driver process (audit hooks cannot be removed) records the
paths opened for reading, but only while a unit runs: when no unit runs, the
hook returns at its first test. At the end of a unit, the modules loaded in the
driver are added too, since a module an earlier unit imported is not opened
again. Kept: files opened under the project root, and module files that no
versioned distribution covers (outside the standard library and site-packages:
the project's helpers, editable installs, ``sys.path`` entries). Versions of
installed distributions are in the cache key already.
"""

from __future__ import annotations

import importlib.util
import os
import site
import sys
import sysconfig
from pathlib import Path

#: the extension's package (its version is in the key)
_EXTENSION = Path(__file__).resolve().parents[2]
_READ_FLAGS_MASK = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
_WRITE_MODES = frozenset("wax+")


def _covered_roots() -> tuple[str, ...]:
    """Folders whose files the key covers already: the standard library, site-packages
    (installed distributions have versions) and this extension (its version)."""
    paths = sysconfig.get_paths()
    roots = {paths["stdlib"], paths["platstdlib"], paths["purelib"], paths["platlib"]}
    roots.update(site.getsitepackages())
    user_site = site.getusersitepackages()
    if user_site:
        roots.add(user_site)
    roots.add(str(_EXTENSION))
    return tuple(sorted(os.path.join(os.path.realpath(r), "") for r in roots if r))


def is_read(mode: object, flags: object) -> bool:
    """An ``open`` audit event that only reads (``open()`` gives a mode, ``os.open`` flags)."""
    if isinstance(mode, str):
        return not _WRITE_MODES.intersection(mode)
    return isinstance(flags, int) and not flags & _READ_FLAGS_MASK


def source_of(path: str) -> str:
    """The source of a ``__pycache__`` file (importing reads the bytecode, not the source)."""
    if path.endswith(".pyc") and "__pycache__" in path:
        try:
            return importlib.util.source_from_cache(path)
        except ValueError:
            return path
    return path


class UsageRecorder:
    """Records, while :meth:`start` … :meth:`stop`, what one unit used (absolute paths)."""

    def __init__(self, also_covered: tuple[str, ...] = ()) -> None:
        self._covered = _covered_roots() + tuple(os.path.join(p, "") for p in also_covered)
        #: module file -> its real path when it is recorded, else "" (memo across units)
        self._kept: dict[str, str] = {}
        self._opened: set[str] = set()
        self._root = ""
        self._skip: frozenset[str] = frozenset()
        self.recording = False
        self._hooked = False

    def install(self) -> None:
        """Add the audit hook (once per process)."""
        if not self._hooked:
            sys.addaudithook(self._on_event)
            self._hooked = True

    def start(self, project_root: str, skip: tuple[str, ...] = ()) -> None:
        """Record from now on; ``skip``: files not to record (the unit's own file)."""
        self._root = os.path.join(os.path.realpath(project_root), "") if project_root else ""
        self._skip = frozenset(os.path.realpath(p) for p in skip)
        self._opened = set()
        self.recording = True

    def stop(self) -> list[str]:
        """Stop recording; the files the unit used, sorted."""
        self.recording = False
        used = {p for p in (os.path.realpath(source_of(p)) for p in self._opened)
                if self._root and p.startswith(self._root) and not self._is_covered(p)}
        for module in list(sys.modules.values()):
            file = getattr(module, "__file__", None)
            if isinstance(file, str) and (real := self._recorded_module(file)):
                used.add(real)
        self._opened = set()
        return sorted(used - self._skip)

    def _on_event(self, event: str, args: tuple[object, ...]) -> None:
        if not self.recording or event != "open":
            return
        path = args[0]
        if isinstance(path, str | os.PathLike) and is_read(args[1], args[2]):
            self._opened.add(os.fspath(path) if isinstance(path, os.PathLike) else path)

    def _is_covered(self, path: str) -> bool:
        return path.startswith(self._covered)

    def _recorded_module(self, file: str) -> str:
        """The real path of a module's file when it is recorded; "" when covered."""
        kept = self._kept.get(file)
        if kept is None:
            real = os.path.realpath(file)
            recorded = not self._is_covered(real) and os.path.isfile(real)
            kept = self._kept[file] = real if recorded else ""
        return kept


def relative_to_root(paths: list[str], project_root: str) -> list[str]:
    """``paths`` relative to the project root where they are under it, else absolute."""
    if not project_root:
        return paths
    root = Path(os.path.realpath(project_root))
    out = []
    for path in paths:
        try:
            out.append(Path(path).relative_to(root).as_posix())
        except ValueError:
            out.append(path)
    return out
