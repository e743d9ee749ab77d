"""What happens when a file's process would exit: its threads, atexit handlers, teardown.

Alone, Python waits for the file's non-daemon threads, then runs its atexit
handlers, then clears ``__main__`` (finalizers run). A warm driver does the
same after the file, in that order, so a failure there is the file's.
Handlers registered by libraries the driver keeps stay with the real
``atexit``: they belong to the process, not to the file.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any

_register = atexit.register
_unregister = atexit.unregister


@dataclass
class ExitHandler:
    function: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    line: int | None  # where the file registered it


class ExitHandlers:
    """The atexit handlers a file registered while it ran (run them with :meth:`run`)."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self._directory = os.path.dirname(filename) + os.sep
        self.handlers: list[ExitHandler] = []

    def _belongs_to_file(self, function: Callable[..., Any]) -> bool:
        """Registered by the file's code, or a function of the file or of its helpers."""
        caller = sys._getframe(2).f_code.co_filename
        target = getattr(function, "func", function)  # functools.partial
        module = getattr(target, "__module__", None)
        code = getattr(target, "__code__", None)
        return caller.startswith(self._directory) or module == "__main__" or (
            code is not None and code.co_filename.startswith(self._directory))

    def _caller_line(self) -> int | None:
        frame: FrameType | None = sys._getframe(2)
        while frame is not None:
            if frame.f_code.co_filename == self.filename:
                return frame.f_lineno
            frame = frame.f_back
        return None

    @contextmanager
    def capture(self) -> Iterator[None]:
        def register(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
            if not self._belongs_to_file(function):
                return _register(function, *args, **kwargs)
            self.handlers.append(ExitHandler(function, args, kwargs, self._caller_line()))
            return function

        def unregister(function: Callable[..., Any]) -> None:
            self.handlers = [h for h in self.handlers if h.function != function]
            _unregister(function)

        atexit.register, atexit.unregister = register, unregister  # type: ignore[assignment]
        try:
            yield
        finally:
            atexit.register, atexit.unregister = _register, _unregister

    def run(self) -> Iterator[tuple[ExitHandler, BaseException | None]]:
        """Run the handlers last-registered first, as Python does; yield each with
        its failure (None when it returned)."""
        while self.handlers:
            handler = self.handlers.pop()
            failure: BaseException | None = None
            try:
                handler.function(*handler.args, **handler.kwargs)
            except SystemExit as exc:
                failure = None if exc.code in (0, None) else exc
            except Exception as exc:
                failure = exc
            yield handler, failure


#: packages whose threads belong to the process, not to the file that started them
#: (Ray's, and idle pool workers that exit when their pool is collected)
HARNESS_PACKAGES = ("ray", "grpc", "sphinxext", "concurrent", "asyncio")


def foreign_thread(thread: threading.Thread) -> bool:
    """Whether a thread runs the file's code (or a library's on its behalf)."""
    target = getattr(thread, "_target", None)
    module = getattr(target, "__module__", None) or type(thread).__module__
    return not str(module).startswith(HARNESS_PACKAGES)


def thread_idents() -> set[int]:
    return {t.ident for t in threading.enumerate() if t.ident is not None}


def wait_for_threads(before: set[int]) -> None:
    """Join the non-daemon threads the file started, as interpreter exit would."""
    for thread in threading.enumerate():
        if (thread.ident not in before and not thread.daemon and foreign_thread(thread)
                and thread is not threading.current_thread()):
            thread.join()


_PROBE = "__doccode_teardown_probe__"


class _Probe:
    """Lives in the file's globals: alive after a collection means they are still held."""


def watch_namespace(namespace: dict[str, Any]) -> weakref.ref[_Probe]:
    probe = _Probe()
    namespace[_PROBE] = probe
    return weakref.ref(probe)


def finalize_namespace(probe: weakref.ref[_Probe]) -> None:
    """Let the file's globals go, so its finalizers run now (as at the exit of its own
    process), not during a later file. Call after dropping every reference to them."""
    gc.collect()  # the finalizers see intact globals, as in Python's own finalization
    alive = probe()
    if alive is None:
        return
    holders = [h for h in gc.get_referrers(alive)
               if isinstance(h, dict) and h.get(_PROBE) is alive]
    del alive
    for holder in holders:
        # Something else keeps them: clear them the way Python clears a module.
        for names in ([n for n in holder if n.startswith("_")], list(holder)):
            for name in names:
                if name != "__builtins__":
                    holder[name] = None
    del holders
    gc.collect()
