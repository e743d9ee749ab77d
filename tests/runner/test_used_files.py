"""The record of what a unit used, and its check (issue 24): pure parts, no Ray."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sphinxext.doccode.report import status_line, summary
from sphinxext.doccode.results import FileResult, FileStatus
from sphinxext.doccode.runner.driver.usage import (
    UsageRecorder,
    is_read,
    relative_to_root,
    source_of,
)
from sphinxext.doccode.runner.engine.plan.cache import ResultCache, cache_key
from sphinxext.doccode.runner.engine.plan.used_files import MISSING, FileHashes
from sphinxext.doccode.runner.engine.summary import summary_lines


def test_hashes_are_memoised_by_path_size_and_mtime(tmp_path: Path) -> None:
    data = tmp_path / "data.txt"
    data.write_text("one")
    hashes = FileHashes()
    first = hashes.hash("data.txt", tmp_path)
    assert hashes.hash(str(data)) == first and hashes.hashed == 1  # read once
    data.write_text("three")
    assert hashes.hash("data.txt", tmp_path) == first  # one stat per file and run
    hashes.new_run()
    assert hashes.hash("data.txt", tmp_path) != first and hashes.hashed == 2
    assert hashes.hash("gone.txt", tmp_path) == MISSING


def test_changed_names_the_file_and_why(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    helper = tmp_path / "lib" / "helper.py"
    helper.write_text("VALUE = 1\n")
    hashes = FileHashes()
    record = hashes.record(["lib/helper.py"], tmp_path)
    assert FileHashes().changed(record, tmp_path) is None
    helper.write_text("VALUE = 22\n")
    assert FileHashes().changed(record, tmp_path) == "`lib/helper.py` changed"
    helper.unlink()
    assert FileHashes().changed(record, tmp_path) == "`lib/helper.py` is gone"
    assert FileHashes().changed({"new.py": MISSING}, tmp_path) is None
    (tmp_path / "new.py").write_text("")
    assert FileHashes().changed({"new.py": MISSING}, tmp_path) == "`new.py` appeared"


def test_cache_reuses_a_result_only_while_its_files_are_unchanged(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    data = project / "data.json"
    data.write_text("[1]")
    cache = ResultCache(tmp_path / "cache")
    key = cache_key(b"print(1)\n", {})
    cache.put(key, FileResult("doc_code/x.py", FileStatus.PASSED, 0.1, used=["data.json"]),
              project)
    hit, reason = ResultCache(tmp_path / "cache").lookup(key, project)
    assert hit is not None and hit.cached and hit.used == ["data.json"] and reason == ""
    data.write_text("[1, 2]")
    assert ResultCache(tmp_path / "cache").lookup(key, project) == (
        None, "`data.json` changed")
    data.unlink()  # a record that names a deleted file: the unit runs again
    assert ResultCache(tmp_path / "cache").lookup(key, project) == (
        None, "`data.json` is gone")


def test_read_modes_and_bytecode_sources() -> None:
    assert is_read("r", 0) and is_read("rb", 0) and not is_read("w", 0)
    assert not is_read("r+", 0) and not is_read("ab", 0)
    assert is_read(None, os.O_RDONLY) and not is_read(None, os.O_WRONLY | os.O_CREAT)
    assert source_of("/p/lib/__pycache__/helper.cpython-311.pyc") == "/p/lib/helper.py"
    assert source_of("/p/data.json") == "/p/data.json"


def test_recorder_keeps_project_files_and_uncovered_modules(tmp_path: Path) -> None:
    project, outside, covered = tmp_path / "project", tmp_path / "outside", tmp_path / "site"
    for folder in (project, outside, covered):
        folder.mkdir()
    (project / "data.txt").write_text("x")
    (project / "own.py").write_text("")
    (outside / "elsewhere.txt").write_text("x")
    (outside / "doccode_tinypkg_t.py").write_text("VALUE = 1\n")
    (covered / "doccode_versioned_t.py").write_text("VALUE = 1\n")
    recorder = UsageRecorder(also_covered=(str(covered.resolve()),))
    recorder.install()
    (project / "data.txt").read_text()  # not recording yet
    recorder.start(str(project), skip=(str(project / "own.py"),))
    (project / "data.txt").read_text()
    (project / "own.py").read_text()  # the unit's own file is in the key already
    (outside / "elsewhere.txt").read_text()  # outside the project: not a data file of it
    (project / "written.txt").write_text("w")  # written, not read
    sys.path[:0] = [str(outside), str(covered)]
    try:
        import doccode_tinypkg_t  # noqa: F401  (outside site-packages: an editable install)
        import doccode_versioned_t  # noqa: F401  (in a covered folder: its version counts)
    finally:
        del sys.path[:2]
    try:
        used = recorder.stop()
    finally:
        sys.modules.pop("doccode_tinypkg_t", None)
        sys.modules.pop("doccode_versioned_t", None)
    used = [path for path in used if path.startswith(str(tmp_path.resolve()))]
    assert relative_to_root(used, str(project)) == sorted(
        ["data.txt", str((outside / "doccode_tinypkg_t.py").resolve())])
    (project / "data.txt").read_text()  # between units: not recorded
    recorder.start(str(project))
    assert str((project / "data.txt").resolve()) not in recorder.stop()


def test_console_lines_say_why_a_unit_ran_again() -> None:

    rerun = FileResult("doc_code/x.py", FileStatus.FAILED, 1.0,
                       rerun_reason="`lib/helper.py` changed")
    cached = FileResult("doc_code/y.py", FileStatus.PASSED, 1.0, cached=True)
    assert status_line(rerun).endswith("(re-run: `lib/helper.py` changed)")
    lines = summary_lines([rerun, cached])
    assert "1 re-run, each for the reason below" in lines[0]
    assert "  re-run: doc_code/x.py: `lib/helper.py` changed" in lines
    assert summary([rerun, cached], 1.0)["rerun"] == 1
    assert FileResult.from_dict(rerun.to_dict()).rerun_reason == rerun.rerun_reason
