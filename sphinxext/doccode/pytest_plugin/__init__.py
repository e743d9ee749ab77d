"""pytest plugin: every region of a doc_code file becomes a pytest item, and every
inline block of a page too (:mod:`.page_items`).

Enabled by ``--doccode`` or the ini key ``doccode = true``. Which files are doc_code
files: the ``*.py`` files under the folders of the ini key ``doccode_paths`` or,
without it, under the paths named on the command line; never test modules
(``python_files``) nor the helper files in :data:`.discovery.NEVER_DOC_CODE`. One engine
serves the whole session (:mod:`.session`); collection and items live in
:mod:`.file_items`; the options come from the one option table (:mod:`.command_line`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxext.doccode.pytest_plugin import xdist_share
from sphinxext.doccode.pytest_plugin.command_line import add_options
from sphinxext.doccode.pytest_plugin.discovery import (
    doc_code_roots,
    enabled,
    is_doc_code_file,
    is_inline_page,
)
from sphinxext.doccode.pytest_plugin.file_items import DoccodeFile
from sphinxext.doccode.pytest_plugin.page_items import DoccodePage
from sphinxext.doccode.pytest_plugin.session import SESSION_KEY, DoccodeSession, options_from_config


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)  # from the one option table, with their ini twins


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "doccode: a region of a doc_code file, run by sphinxext-doccode"
    )
    if not enabled(config):
        return
    # Bad option values are a usage error, reported before any collection.
    options = options_from_config(config)
    options = xdist_share.register(config, options)
    config.stash[SESSION_KEY] = DoccodeSession(options, doc_code_roots(config))


def pytest_collect_file(
    file_path: Path, parent: pytest.Collector
) -> DoccodeFile | DoccodePage | None:
    if is_inline_page(file_path, parent.config):  # inline blocks of a page: page_items.py
        return DoccodePage.from_parent(parent, path=file_path)
    # Files named on the command line go through pytest_pycollect_makemodule instead.
    if parent.session.isinitpath(file_path) or not is_doc_code_file(file_path, parent.config):
        return None
    return DoccodeFile.from_parent(parent, path=file_path)


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path: Path, parent: pytest.Collector) -> DoccodeFile | None:
    # pytest imports any *.py named on the command line as a test module; a
    # doc_code file must be run by the engine instead, never imported.
    if not is_doc_code_file(module_path, parent.config):
        return None
    return DoccodeFile.from_parent(parent, path=module_path)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    state = terminalreporter.config.stash.get(SESSION_KEY, None)
    line = state.summary() if state is not None else None
    if line is not None:
        terminalreporter.write_sep("-", "doccode")
        terminalreporter.write_line(line)


def pytest_sessionfinish(session: pytest.Session) -> None:
    state = session.config.stash.get(SESSION_KEY, None)
    if state is not None:
        state.close()


def pytest_unconfigure(config: pytest.Config) -> None:
    state = config.stash.get(SESSION_KEY, None)
    if state is not None:
        state.close()
