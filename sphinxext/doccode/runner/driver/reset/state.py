"""Nothing passes from one file to the next in a warm driver (issue 9).

:class:`FileStateReset` records the process state before a file and puts it
back after: environment, imported modules, import paths, warnings filters,
logging, signal handlers and interpreter settings. What cannot be put back
(a patched shared module, threads left running, process-wide limits) is
returned as reasons to recycle the driver, so the next file gets a new one.
"""

from __future__ import annotations

import gc
import importlib
import multiprocessing
import os
import resource
import signal
import socket
import sys
import threading
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

from sphinxext.doccode.runner.driver.exits import foreign_thread
from sphinxext.doccode.runner.driver.reset.logging_state import LoggingState
from sphinxext.doccode.runner.driver.reset.patches import SharedModules

_warnings: Any = warnings  # typeshed does not show the registries the filters work with
_SIGNALS = [s for s in signal.valid_signals() if s not in (signal.SIGKILL, signal.SIGSTOP)]
_LIMITS = [getattr(resource, n) for n in dir(resource) if n.startswith("RLIMIT_")]


def _signal_handlers() -> dict[int, Any]:
    handlers: dict[int, Any] = {}
    for sig in _SIGNALS:
        try:
            handlers[sig] = signal.getsignal(sig)
        except (OSError, ValueError):
            continue
    return handlers


def _settings() -> dict[str, Any]:
    """Interpreter settings an example may change, and that can be put back."""
    return {
        "recursionlimit": sys.getrecursionlimit(),
        "switchinterval": sys.getswitchinterval(),
        "int_max_str_digits": sys.get_int_max_str_digits(),
        "trace": sys.gettrace(),
        "profile": sys.getprofile(),
        "thread_trace": threading.gettrace(),
        "thread_profile": threading.getprofile(),
        "gc_enabled": gc.isenabled(),
        "gc_threshold": gc.get_threshold(),
        "socket_timeout": socket.getdefaulttimeout(),
        "dont_write_bytecode": sys.dont_write_bytecode,
        "streams": (sys.stdin, sys.stderr),
        "hooks": (sys.excepthook, sys.displayhook, sys.breakpointhook, sys.unraisablehook,
                  threading.excepthook),
    }


def _put_back_settings(saved: dict[str, Any]) -> None:
    sys.setrecursionlimit(saved["recursionlimit"])
    sys.setswitchinterval(saved["switchinterval"])
    sys.set_int_max_str_digits(saved["int_max_str_digits"])
    sys.settrace(saved["trace"])
    sys.setprofile(saved["profile"])
    threading.settrace(saved["thread_trace"])
    threading.setprofile(saved["thread_profile"])
    (gc.enable if saved["gc_enabled"] else gc.disable)()
    gc.set_threshold(*saved["gc_threshold"])
    socket.setdefaulttimeout(saved["socket_timeout"])
    sys.dont_write_bytecode = saved["dont_write_bytecode"]
    sys.stdin, sys.stderr = saved["streams"]
    (sys.excepthook, sys.displayhook, sys.breakpointhook, sys.unraisablehook,
     threading.excepthook) = saved["hooks"]


def _process_wide() -> dict[str, Any]:
    """Process state that cannot be put back once changed (the driver is recycled)."""
    limits = {}
    for limit in _LIMITS:
        try:
            limits[limit] = resource.getrlimit(limit)
        except (OSError, ValueError):
            continue
    stdio: list[tuple[int, int] | None] = []
    for fd in (0, 1, 2):
        try:
            status = os.fstat(fd)
            stdio.append((status.st_dev, status.st_ino))
        except OSError:
            stdio.append(None)
    return {
        "resource limits": limits,
        "standard file descriptors": stdio,
        "process group or session": (os.getpgrp(), os.getsid(0)),
        "scheduling priority": os.getpriority(os.PRIO_PROCESS, 0),
        "multiprocessing start method": multiprocessing.get_start_method(allow_none=True),
    }


def _owned_by_file(module: ModuleType, kept_roots: list[Path]) -> bool:
    """Whether a module first imported during the file leaves with it: the file's
    helpers (found through its directory or a path it added) and made-up modules go,
    libraries found through the driver's own import path stay."""
    filename = getattr(module, "__file__", None)
    if filename is None:
        spec = getattr(module, "__spec__", None)
        locations = list(getattr(spec, "submodule_search_locations", None) or [])
        if spec is not None and spec.origin in ("built-in", "frozen"):
            return False
        if not locations:
            return True
        filename = locations[0]
    path = Path(filename).resolve()
    top = module.__name__.partition(".")[0]
    for root in kept_roots:
        if path.is_relative_to(root):
            first = path.relative_to(root).parts[0]
            if first.partition(".")[0] == top:
                return False
    return True


class FileStateReset:
    """The process state before one file; :meth:`restore` puts it back."""

    def __init__(self, file_dir: Path) -> None:
        self.file_dir = file_dir.resolve()
        self.environ = dict(os.environ)
        self.modules = dict(sys.modules)
        self.path = list(sys.path)
        self.import_hooks = (list(sys.meta_path), list(sys.path_hooks))
        self.importer_cache = set(sys.path_importer_cache)
        self.argv = list(sys.argv)
        self.cwd = os.getcwd()
        self.warnings = (list(warnings.filters), dict(_warnings.onceregistry),
                         warnings.showwarning, warnings.formatwarning)
        self.signals = _signal_handlers()
        self.settings = _settings()
        self.process_wide = _process_wide()
        self.threads = {t.ident for t in threading.enumerate() if t.ident is not None}
        self.logging = LoggingState()
        self.shared = SharedModules(str(self.file_dir) + os.sep)

    def undo_patches(self) -> list[str]:
        """Put back what the file patched in shared modules (first, before the
        harness uses them again); the reasons to recycle the driver."""
        patched = self.shared.restore()
        replaced = [name for name, module in self.modules.items()
                    if sys.modules.get(name) is not module and name != "__main__"]
        for name in replaced:
            sys.modules[name] = self.modules[name]
        names = patched + [f"sys.modules[{name!r}]" for name in replaced]
        if not names:
            return []
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        return [f"the file patched {shown}, which the driver shares"]

    def restore(self) -> list[str]:
        """Put everything else back; the reasons the driver cannot be reused."""
        self._restore_environment()
        self._restore_modules()
        kept = {name.partition(".")[0] for name in sys.modules}
        _warnings.filters[:], once, warnings.showwarning, warnings.formatwarning = self.warnings
        _warnings.onceregistry.clear()
        _warnings.onceregistry.update(once)
        _warnings._filters_mutated()
        self.logging.restore(kept)
        self._restore_signals()
        _put_back_settings(self.settings)
        reasons = [f"the file changed the {what}" for what, value in _process_wide().items()
                   if value != self.process_wide[what]]
        left = [t.name for t in threading.enumerate()
                if t.ident not in self.threads and t.is_alive() and foreign_thread(t)]
        if left:
            reasons.append(f"the file left {len(left)} thread(s) running ({', '.join(left[:3])})")
        return reasons

    def _restore_environment(self) -> None:
        for name in [n for n in os.environ if n not in self.environ]:
            del os.environ[name]
        for name, value in self.environ.items():
            if os.environ.get(name) != value:
                os.environ[name] = value
        if os.getcwd() != self.cwd:
            os.chdir(self.cwd)
        sys.argv[:] = self.argv
        sys.path[:] = self.path
        sys.meta_path[:], sys.path_hooks[:] = self.import_hooks

    def _restore_modules(self) -> None:
        """Forget the modules the file brought (its helpers), keep the libraries."""
        roots = [Path(p or ".").resolve() for p in self.path]
        roots = [r for r in roots if r != self.file_dir]
        for name in [n for n in sys.modules if n not in self.modules]:
            if _owned_by_file(sys.modules[name], roots):
                del sys.modules[name]
        for key in [k for k in sys.path_importer_cache if k not in self.importer_cache]:
            del sys.path_importer_cache[key]
        importlib.invalidate_caches()

    def _restore_signals(self) -> None:
        if signal.getitimer(signal.ITIMER_REAL)[0]:
            signal.setitimer(signal.ITIMER_REAL, 0)  # an alarm meant for the file's process
        for sig, handler in self.signals.items():
            try:
                if signal.getsignal(sig) is not handler:
                    signal.signal(sig, handler)
            except (OSError, ValueError, TypeError):
                continue
