"""Execution of doc_code files against Ray: Sphinx-free.

Three processes' code, one package each, and what crosses between them:

- ``engine/``: the engine's process (``sphinx-build`` or ``pytest``): plans,
  schedules and runs units on warm drivers, with a cache;
- ``driver/``: a warm driver process, beside user code;
- ``holder/``: the process that owns a private Ray instance;
- ``protocol.py``: the messages between the engine and its drivers, the only
  module both sides import.

The names below are imported on first use, not with the package: a driver
process imports ``runner.protocol`` and ``runner.driver`` only, and must not
load the engine's side beside user code.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinxext.doccode.runner.engine.engine import Engine
    from sphinxext.doccode.runner.engine.kept import engine_for, keep_engine
    from sphinxext.doccode.runner.engine.options import RunOptions
    from sphinxext.doccode.runner.engine.units.file_unit import FileUnit
    from sphinxext.doccode.runner.engine.units.page_unit import PageUnit
    from sphinxext.doccode.runner.engine.units.request import AnyUnit, FileRequest

__all__ = ["AnyUnit", "Engine", "FileRequest", "FileUnit", "PageUnit", "RunOptions",
           "engine_for", "keep_engine"]

_HOMES = {"Engine": "engine.engine", "RunOptions": "engine.options",
          "FileUnit": "engine.units.file_unit", "PageUnit": "engine.units.page_unit",
          "AnyUnit": "engine.units.request", "FileRequest": "engine.units.request",
          "engine_for": "engine.kept", "keep_engine": "engine.kept"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
