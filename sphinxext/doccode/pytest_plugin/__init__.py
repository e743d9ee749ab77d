"""pytest plugin: every region of a doc_code file becomes a pytest item, and every
inline block of a page too (:mod:`.pages`).

Enabled by ``--doccode`` or the ini key ``doccode = true``. Which files are doc_code
files: the ``*.py`` files under the folders of the ini key ``doccode_paths`` or,
without it, under the paths named on the command line; never test modules
(``python_files``) nor the helper files in :data:`NEVER_DOC_CODE`. One engine
serves the whole session (:mod:`.session`); collection and items live in
:mod:`.items`; the options come from the one option table (:mod:`.options`).
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

import pytest

from sphinxext.doccode.pytest_plugin import xdist_share
from sphinxext.doccode.pytest_plugin.items import DoccodeFile
from sphinxext.doccode.pytest_plugin.options import add_options
from sphinxext.doccode.pytest_plugin.pages import DoccodePage, page_blocks
from sphinxext.doccode.pytest_plugin.session import SESSION_KEY, DoccodeSession, options_from_config

#: files that are never examples, even under a doc_code path
NEVER_DOC_CODE = frozenset({"conftest.py", "__init__.py", "setup.py", "conf.py", "noxfile.py"})


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


def pytest_collect_file(
    file_path: Path, parent: pytest.Collector
) -> DoccodeFile | DoccodePage | None:
    if is_inline_page(file_path, parent.config):  # inline blocks of a page: pages.py
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
