"""Execution of doc_code files against Ray: Sphinx-free.

``Engine`` owns one Ray instance (a private local one, or an existing cluster)
and a pool of warm driver processes; see ``docs/guide/execution.rst``.

The names below are imported on first use, not with the package: a driver
process imports ``runner.protocol`` and ``runner.driver`` only, and must not
load the engine's side beside user code.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinxext.doccode.runner.engine import Engine
    from sphinxext.doccode.runner.kept_engine import engine_for, keep_engine
    from sphinxext.doccode.runner.options import FileRequest, RunOptions

__all__ = ["Engine", "FileRequest", "RunOptions", "engine_for", "keep_engine"]

_HOMES = {"Engine": "engine", "FileRequest": "options", "RunOptions": "options",
          "engine_for": "kept_engine", "keep_engine": "kept_engine"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
