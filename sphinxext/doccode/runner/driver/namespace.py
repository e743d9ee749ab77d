"""Where an example runs: a fresh ``__main__``, its own argv and cwd, captured stdout."""

from __future__ import annotations

import builtins
import os
import sys
import threading
import types
from pathlib import Path


class StepCapture:
    """A stdout replacement that files what is printed under the current step.

    Thread-safe because Ray prints worker output from a background thread.
    """

    encoding = "utf-8"
    errors = "replace"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._parts: list[str] = []

    def write(self, text: str) -> int:
        with self._lock:
            self._parts.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True

    def take(self) -> str:
        with self._lock:
            text = "".join(self._parts)
            self._parts.clear()
        return text



class main_module:
    """Install a fresh ``__main__`` module, argv, cwd and stdout; restore them after."""

    def __init__(self, path: Path, stdout: StepCapture) -> None:
        self.path = path
        self.stdout = stdout

    def __enter__(self) -> dict[str, object]:
        module = types.ModuleType("__main__")
        module.__file__ = str(self.path)
        module.__dict__["__builtins__"] = builtins
        self.saved = (sys.modules.get("__main__"), sys.argv, list(sys.path), os.getcwd(),
                      sys.stdout)
        sys.modules["__main__"] = module
        sys.argv = [str(self.path)]
        sys.path.insert(0, str(self.path.parent))
        os.chdir(self.path.parent)
        sys.stdout = self.stdout
        return module.__dict__

    def __exit__(self, *exc_info: object) -> None:
        main, argv, path, cwd, stdout = self.saved
        if main is not None:
            sys.modules["__main__"] = main
        sys.argv = argv
        sys.path[:] = path
        os.chdir(cwd)
        sys.stdout = stdout

