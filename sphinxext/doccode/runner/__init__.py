"""Execution of doc_code files against Ray: Sphinx-free.

``Engine`` owns one Ray instance (a private local one, or an existing cluster)
and a pool of warm driver processes; see ``docs/guide/execution.rst``.
"""

from __future__ import annotations

from sphinxext.doccode.runner.engine import Engine
from sphinxext.doccode.runner.options import FileRequest, RunOptions

__all__ = ["Engine", "FileRequest", "RunOptions"]
