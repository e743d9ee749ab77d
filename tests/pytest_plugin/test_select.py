"""``--doccode-select=changed`` and ``--doccode-changed-since`` under pytest (issue 24)."""

from __future__ import annotations

import subprocess

import pytest

from tests.pytest_plugin.conftest import RunDoccode, write_doc_code

pytestmark = pytest.mark.ray

EXAMPLE = "# __check_start__\nassert {} == 2\n# __check_end__\n"


def test_select_changed_runs_what_changed_and_says_why(
    pytester: pytest.Pytester, run_doccode: RunDoccode
) -> None:
    write_doc_code(pytester, "edited.py", EXAMPLE.format("1 + 1"))
    write_doc_code(pytester, "same.py", EXAMPLE.format("2"))
    cache = ["--doccode-cache=auto", f"--doccode-cache-dir={pytester.path / 'cache'}",
             "--doccode-select=changed", "-p", "no:cacheprovider"]
    first = run_doccode("doc_code", *cache)
    first.assert_outcomes(passed=2)
    first.stdout.fnmatch_lines(["re-run: doc_code/edited.py: new: no cached result"])
    write_doc_code(pytester, "edited.py", EXAMPLE.format("3 - 1"))
    again = run_doccode("doc_code", *cache)
    again.assert_outcomes(passed=2)
    again.stdout.fnmatch_lines([
        "*1 from the result cache",
        "re-run: doc_code/edited.py: its content or settings changed"])
    again.stdout.no_fnmatch_line("re-run: doc_code/same.py*")


def test_changed_since_runs_only_files_changed_since_the_revision(
    pytester: pytest.Pytester, run_doccode: RunDoccode
) -> None:
    write_doc_code(pytester, "edited.py", EXAMPLE.format("1 + 1"))
    write_doc_code(pytester, "same.py", EXAMPLE.format("2"))
    for args in (["init", "-q"], ["add", "doc_code"], ["commit", "-q", "-m", "base"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
                       cwd=pytester.path, check=True, capture_output=True)
    write_doc_code(pytester, "edited.py", EXAMPLE.format("3"))  # broken now
    result = run_doccode("doc_code", "--doccode-changed-since=HEAD", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1, skipped=1)
    result.stdout.fnmatch_lines(
        ["re-run: doc_code/edited.py: `doc_code/edited.py` changed since HEAD"])
