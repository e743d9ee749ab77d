"""A cached result is reused only while the files its unit used are unchanged (issue 24):
a helper module, a data file, a package outside site-packages (an editable install)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sphinxext.doccode.results import FileResult, FileStatus
from sphinxext.doccode.runner import Engine, FileRequest, RunOptions

pytestmark = pytest.mark.ray

USES_HELPER = """\
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from lib.helper import VALUE
assert VALUE == 1, VALUE
"""
READS_DATA = """\
import json, os
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "data.json")) as f:
    assert json.load(f) == [1], "the data changed"
"""
USES_PACKAGE = """\
import doccode_tinypkg
assert doccode_tinypkg.VALUE == 1, doccode_tinypkg.VALUE
"""
PLAIN = "assert 1 + 1 == 2\n"


def _project(tmp_path: Path) -> tuple[Path, Path]:
    root, outside = tmp_path / "project", tmp_path / "editable"
    (root / "doc_code").mkdir(parents=True)
    (root / "lib").mkdir()
    (root / "lib" / "__init__.py").write_text("")
    (root / "lib" / "helper.py").write_text("VALUE = 1\n")
    (root / "doc_code" / "data.json").write_text("[1]")
    (outside / "doccode_tinypkg").mkdir(parents=True)
    (outside / "doccode_tinypkg" / "__init__.py").write_text("VALUE = 1\n")
    return root, outside


def _request(root: Path, name: str, text: str) -> FileRequest:
    path = root / "doc_code" / name
    path.write_text(textwrap.dedent(text))
    return FileRequest(path, f"doc_code/{name}")


def test_edited_helper_data_file_and_package_rerun_and_fail(
        tmp_path: Path, ray_address: str, monkeypatch: pytest.MonkeyPatch) -> None:
    root, outside = _project(tmp_path)
    # On the drivers' import path, outside site-packages and with no version: how an
    # editable install (a .pth entry) is seen by the example.
    monkeypatch.setenv("PYTHONPATH", str(outside))
    cache_dir = tmp_path / "cache"
    plain = _request(root, "plain.py", PLAIN)
    units = [_request(root, "uses_helper.py", USES_HELPER),
             _request(root, "reads_data.py", READS_DATA),
             _request(root, "uses_package.py", USES_PACKAGE)]

    def run(requests: list[FileRequest]) -> dict[str, FileResult]:
        options = RunOptions(ray_address=ray_address, cache_dir=cache_dir, jobs=1)
        with Engine(options) as engine:
            return {Path(r.path).name: r for r in engine.run(requests)}

    # The plain file runs first on its own; a driver keeps a package it imported for
    # the files after it, so those files list it too (safe, never stale).
    assert not run([plain])["plain.py"].cached
    first = run([*units, plain])
    assert all(r.status is FileStatus.PASSED for r in first.values()), first
    assert first["uses_helper.py"].used == ["lib/__init__.py", "lib/helper.py"]
    assert first["reads_data.py"].used == ["doc_code/data.json"]
    package = str((outside / "doccode_tinypkg" / "__init__.py").resolve())
    assert package in first["uses_package.py"].used
    assert first["plain.py"].cached and first["plain.py"].used == []

    again = run([*units, plain])
    assert all(r.cached for r in again.values())

    edits = [("uses_helper.py", root / "lib" / "helper.py", "VALUE = 22\n",
              "re-run: `lib/helper.py` changed"),
             ("reads_data.py", root / "doc_code" / "data.json", "[1, 2]",
              "re-run: `doc_code/data.json` changed"),
             ("uses_package.py", outside / "doccode_tinypkg" / "__init__.py", "VALUE = 22\n",
              f"re-run: `{package}` changed")]
    for name, edited, text, reason in edits:
        edited.write_text(text)
        results = run([*units, plain])
        assert results[name].status is FileStatus.FAILED and not results[name].cached
        assert f"re-run: {results[name].rerun_reason}" == reason
        assert results["plain.py"].cached, name
        assert all(r.cached for n, r in results.items() if n != name), name


def test_a_record_that_names_a_deleted_file_runs_again(tmp_path: Path,
                                                        ray_address: str) -> None:
    root, _ = _project(tmp_path)
    options = RunOptions(ray_address=ray_address, cache_dir=tmp_path / "cache", jobs=1)
    unit = _request(root, "uses_helper.py", USES_HELPER)
    with Engine(options) as engine:
        assert engine.run([unit])[0].status is FileStatus.PASSED
    (root / "lib" / "helper.py").unlink()
    with Engine(options) as engine:
        [result] = engine.run([unit])
    assert not result.cached and result.rerun_reason == "`lib/helper.py` is gone"
    assert result.status is FileStatus.FAILED  # the import fails now
