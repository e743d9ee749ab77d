"""Selection by change (issue 24): ``doccode_changed_since`` in a temporary git repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sphinxext.doccode.results import FileStatus
from sphinxext.doccode.runner import Engine, FileRequest, RunOptions
from sphinxext.doccode.runner.engine.plan.selection import (
    ChangedFiles,
    SelectionError,
    changed_since,
)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo,
                   check=True, capture_output=True)


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "doc_code").mkdir(parents=True)
    (repo / "lib").mkdir()
    (repo / "doc_code" / "edited.py").write_text("assert True\n")
    (repo / "doc_code" / "same.py").write_text("assert 2 + 2 == 4\n")
    (repo / "lib" / "helper.py").write_text("VALUE = 1\n")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    return repo


def test_changed_files_come_from_git_diff_and_untracked_files(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "doc_code" / "edited.py").write_text("assert 1 == 1\n")
    (repo / "doc_code" / "new.py").write_text("")
    assert changed_since("HEAD", repo / "doc_code") == {
        (repo / "doc_code" / "edited.py").resolve(), (repo / "doc_code" / "new.py").resolve()}
    with pytest.raises(SelectionError, match="no-such-ref"):
        changed_since("no-such-ref", repo)
    changed = ChangedFiles("HEAD")
    same = repo / "doc_code" / "same.py"
    assert changed.why(same, "doc_code/same.py", [], repo) is None
    (repo / "lib" / "helper.py").write_text("VALUE = 2\n")
    assert ChangedFiles("HEAD").why(same, "doc_code/same.py", ["lib/helper.py"], repo) == (
        "`lib/helper.py` changed since HEAD")
    broken = ChangedFiles("no-such-ref")
    assert "cannot tell what changed since no-such-ref" in str(
        broken.why(same, "doc_code/same.py", [], repo))


@pytest.mark.ray
def test_changed_since_runs_only_the_changed_units_without_a_cache(
        tmp_path: Path, ray_address: str) -> None:
    repo = _repo(tmp_path)
    (repo / "doc_code" / "edited.py").write_text("assert 1 == 2, 'broken by the edit'\n")
    units = [FileRequest(repo / "doc_code" / name, f"doc_code/{name}")
             for name in ("edited.py", "same.py")]
    options = RunOptions(ray_address=ray_address, changed_since="HEAD", jobs=1)
    with Engine(options) as engine:
        edited, same = engine.run(units)
    assert edited.status is FileStatus.FAILED
    assert edited.rerun_reason == "`doc_code/edited.py` changed since HEAD"
    assert same.status is FileStatus.SKIPPED
    assert same.reason == "unchanged since HEAD (doccode_changed_since)"


def test_select_is_one_option_of_the_table() -> None:
    from sphinxext.doccode.vocabulary import BY_NAME

    select, since = BY_NAME["doccode_select"], BY_NAME["doccode_changed_since"]
    assert select.choices == ("all", "changed") and select.default == "all"
    assert select.flag == "--doccode-select" and since.flag == "--doccode-changed-since"
    with pytest.raises(ValueError, match="select must be one of"):
        RunOptions(select="some")
