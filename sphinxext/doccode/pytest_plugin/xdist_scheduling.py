"""pytest-xdist scheduling that never splits a doc_code file across workers."""

from __future__ import annotations

from pathlib import Path

from xdist.scheduler import LoadScopeScheduling

from sphinxext.doccode.pytest_plugin.discovery import is_doc_code_file


class WholeFileScheduling(LoadScopeScheduling):  # type: ignore[misc]
    """``--dist load``, except that a doc_code file's items all go to one worker
    (the file runs once, top to bottom, as its first item runs)."""

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        if is_doc_code_file(Path(self.config.rootpath, path), self.config):
            return path
        return nodeid
