"""Which files the plugin collects: doc_code files under the doc_code paths, and pages
with inline blocks; never test modules nor the helper files in :data:`NEVER_DOC_CODE`."""

from __future__ import annotations

import fnmatch
from pathlib import Path

import pytest

from sphinxext.doccode.pytest_plugin.page_items import page_blocks
from sphinxext.doccode.pytest_plugin.session import SESSION_KEY

#: files that are never examples, even under a doc_code path
NEVER_DOC_CODE = frozenset({"conftest.py", "__init__.py", "setup.py", "conf.py", "noxfile.py"})


def enabled(config: pytest.Config) -> bool:
    flag = config.getoption("doccode")
    return bool(flag) if flag is not None else bool(config.getini("doccode"))


def doc_code_roots(config: pytest.Config) -> list[Path]:
    configured = [Path(path).resolve() for path in config.getini("doccode_paths")]
    if configured:
        # The project said where its examples are: other paths on the command
        # line (a tests/ folder next to doc_code/) hold no examples.
        return configured
    # Only paths the user typed count: ``testpaths`` or the current folder would
    # sweep up every helper script of a project.
    if config.args_source != pytest.Config.ArgsSource.ARGS:
        return []
    invocation_dir = config.invocation_params.dir
    return [(invocation_dir / arg.split("::")[0]).resolve() for arg in config.args]


def is_doc_code_file(file_path: Path, config: pytest.Config) -> bool:
    session = config.stash.get(SESSION_KEY, None)
    if session is None or file_path.suffix != ".py" or file_path.name in NEVER_DOC_CODE:
        return False
    if any(fnmatch.fnmatch(file_path.name, pattern) for pattern in config.getini("python_files")):
        return False  # a test module: pytest's own collection keeps it
    resolved = file_path.resolve()
    return any(resolved == root or resolved.is_relative_to(root) for root in session.roots)


def is_inline_page(file_path: Path, config: pytest.Config) -> bool:
    """A page (``.rst``, ``.md``, ``.txt``) under a doc_code path that has inline blocks."""
    session = config.stash.get(SESSION_KEY, None)
    if session is None or not config.getini("doccode_inline"):
        return False
    resolved = file_path.resolve()
    if not any(resolved == root or resolved.is_relative_to(root) for root in session.roots):
        return False
    return bool(page_blocks(file_path))
