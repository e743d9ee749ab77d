"""Find and undo an example's monkeypatches of modules the driver shares with it.

Before a file runs, the functions, classes and modules bound in every loaded
module (and the methods of the standard library's classes) are recorded by
identity. After the file, any of them that was rebound or deleted is put back,
and the driver is recycled: what else the patch reached cannot be known.
Plain data a module rebinds for itself (caches, counters, state) is not a patch,
and neither is a library's own lazy patching with its own function (Ray puts
its ``print`` in ``builtins`` the first time it shows worker output).
"""

from __future__ import annotations

import builtins
import sys
import types
from typing import Any

#: kinds of value whose rebinding is a patch (not a module updating its own state)
PATCHABLE = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, type,
             types.ModuleType, classmethod, staticmethod, property,
             types.MethodDescriptorType, types.WrapperDescriptorType)

_STDLIB = sys.stdlib_module_names

Namespace = dict[str, Any]


class SharedModules:
    """What the modules loaded before a file bind: compare with :meth:`restore`."""

    def __init__(self, file_dir: str) -> None:
        self._file_dir = file_dir
        self._libraries = {name.partition(".")[0] for name in sys.modules} - set(_STDLIB)
        self._libraries -= {"__main__", "builtins"}
        self._modules: list[tuple[str, Namespace, Namespace]] = []
        self._classes: list[tuple[str, type, Namespace]] = []
        self._builtin_names = set(vars(builtins))
        for name, module in list(sys.modules.items()):
            namespace = getattr(module, "__dict__", None)
            if name == "__main__" or not isinstance(namespace, dict):
                continue
            self._modules.append((name, namespace, namespace.copy()))  # compared later
            if name.partition(".")[0] in _STDLIB:
                for value in list(namespace.values()):
                    if isinstance(value, type) and value.__module__ == name:
                        self._classes.append((f"{name}.{value.__qualname__}", value,
                                              dict(vars(value))))

    def restore(self) -> list[str]:
        """Undo every patch; the names that were patched (empty: nothing was)."""
        patched: list[str] = []
        for module_name, namespace, saved in self._modules:
            for name, value in saved.items():
                if self._patched(namespace.get(name, _MISSING), value):
                    namespace[name] = value
                    patched.append(f"{module_name}.{name}")
        for class_name, cls, saved in self._classes:
            current = vars(cls)
            for name, value in saved.items():
                if self._patched(current.get(name, _MISSING), value):
                    try:
                        setattr(cls, name, value)
                    except (AttributeError, TypeError):
                        continue  # an immutable built-in type: it could not be patched either
                    patched.append(f"{class_name}.{name}")
        added = set(vars(builtins)) - self._builtin_names
        for name in added:  # a name added to builtins would be visible to every later file
            delattr(builtins, name)
            patched.append(f"builtins.{name}")
        return sorted(patched)


    def _patched(self, now: object, before: object) -> bool:
        if now is before or not isinstance(before, PATCHABLE):
            return False
        if now is _MISSING:
            return True  # deleted
        target = getattr(now, "__func__", now)
        module = str(getattr(target, "__module__", None) or "")
        code = getattr(target, "__code__", None)
        from_file = code is not None and code.co_filename.startswith(self._file_dir)
        return from_file or module.partition(".")[0] not in self._libraries


_MISSING = object()
