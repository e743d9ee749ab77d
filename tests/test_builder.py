"""The ``doccode`` builder against the session's real Ray instance."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psutil
import pytest

from tests.sphinx_helpers import copy_root

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.ray


def build_doccode(
    make_app: Callable[..., SphinxTestApp], project: Path, ray_address: str, **overrides: Any
) -> SphinxTestApp:
    app = make_app(
        "doccode",
        srcdir=project / "docs",
        builddir=project / "_build",
        confoverrides={
            "doccode_ray_address": ray_address,
            "doccode_cache_dir": str(project / "cache"),
            **overrides,
        },
    )
    app.build()
    return app


def load_report(app: SphinxTestApp) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(Path(app.outdir, "report.json").read_text())
    return data


def by_path(report: dict[str, Any], path: str) -> dict[str, Any]:
    return next(f for f in report["files"] if f["path"] == path)


def plain_status(app: SphinxTestApp) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())


def descendants() -> set[int]:
    """Processes under this one, but for the workers of the session's Ray instance: its
    raylet starts and keeps idle workers as it sees fit (Ray 2.40 keeps some after a run)."""
    found = set()
    for process in psutil.Process().children(recursive=True):
        try:
            parent = process.parent()
            if parent is None or parent.name() != "raylet":
                found.add(process.pid)
        except psutil.Error:  # it ended meanwhile
            continue
    return found


def test_passing_files_report_regions_with_their_pages(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, ray_address: str
) -> None:
    project = copy_root("builder-pass", tmp_path)
    before = descendants()
    app = build_doccode(make_app, project, ray_address)
    assert app.statuscode == 0, plain_status(app)
    # every process the run started (drivers) is gone
    assert descendants() - before == set()

    report = load_report(app)
    assert [f["path"] for f in report["files"]] == ["doc_code/plain.py", "doc_code/squares.py"]
    squares = by_path(report, "doc_code/squares.py")
    assert squares["status"] == "passed" and squares["cached"] is False
    assert [(r["name"], r["status"], r["pages"]) for r in squares["regions"]] == [
        ("define", "passed", ["index"]),
        ("use", "passed", ["index"]),
    ]
    assert squares["regions"][1]["page_locations"] == ["index:7"]
    assert (squares["regions"][1]["start_line"], squares["regions"][1]["end_line"]) == (12, 14)
    assert "[0, 1, 4, 9]" in squares["regions"][1]["output"]
    plain = by_path(report, "doc_code/plain.py")
    assert [(r["status"], r["pages"]) for r in plain["regions"]] == [("passed", ["index"])]
    assert report["summary"]["passed"] == 3 and report["summary"]["failed"] == 0

    status = plain_status(app)
    assert re.search(r"passed +\d+\.\d+s  doc_code/squares\.py  \[2 passed\]", status)
    assert "doccode: 3 region(s) passed, 0 failed, 0 not run, 0 skipped in 2 file(s)" in status

    suites = ET.parse(Path(app.outdir, "junit.xml")).getroot().findall("testsuite")
    cases = [(c.get("classname"), c.get("name")) for s in suites for c in s.iter("testcase")]
    assert ("doc_code/squares.py", "use") in cases and len(cases) == 3

    # a second run with unchanged files comes from the cache
    again = build_doccode(make_app, project, ray_address)
    assert again.statuscode == 0
    assert all(f["cached"] for f in load_report(again)["files"])
    assert "(cached)" in plain_status(again)


def test_failing_second_region(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, ray_address: str
) -> None:
    project = copy_root("builder-fail", tmp_path)
    app = build_doccode(make_app, project, ray_address, doccode_cache="off")
    assert app.statuscode == 1

    doubles = by_path(load_report(app), "doc_code/doubles.py")
    assert doubles["status"] == "failed"
    first, second, third = doubles["regions"]
    assert (first["name"], first["status"], first["pages"]) == ("first", "passed", ["index"])
    assert (second["name"], second["status"]) == ("second", "failed")
    assert second["error"]["line"] == 16
    assert second["error"]["type"] == "AssertionError"
    assert "got [0, 2, 4]" in second["error"]["message"]
    assert second["pages"] == ["second"] and second["page_locations"] == ["second:6"]
    assert (third["name"], third["status"]) == ("third", "not-run")

    status = plain_status(app)
    assert (
        "doc_code/doubles.py:16: region 'second' failed: AssertionError: got [0, 2, 4]" in status
    )
    assert "    pages: second:6" in status

    [suite] = ET.parse(Path(app.outdir, "junit.xml")).getroot().findall("testsuite")
    failed = [c.get("name") for c in suite.iter("testcase") if c.find("failure") is not None]
    assert failed == ["second"]


def test_edited_helper_reruns_and_the_report_says_why(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, ray_address: str
) -> None:
    """Issue 24: a cached pass is not reused once a helper module it imported changed."""
    project = copy_root("builder-pass", tmp_path)
    (project / "lib").mkdir()
    (project / "lib" / "helper.py").write_text("TOTAL = 10\n")
    (project / "doc_code" / "plain.py").write_text(
        "import os, sys\n"
        "sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))\n"
        "from lib.helper import TOTAL\n"
        "assert sum(range(5)) == TOTAL\n")
    first = build_doccode(make_app, project, ray_address)
    assert first.statuscode == 0, plain_status(first)
    assert by_path(load_report(first), "doc_code/plain.py")["used"] == ["lib/helper.py"]

    (project / "lib" / "helper.py").write_text("TOTAL = 11  # wrong now\n")
    again = build_doccode(make_app, project, ray_address)
    assert again.statuscode != 0
    report = load_report(again)
    plain = by_path(report, "doc_code/plain.py")
    assert plain["status"] == "failed" and plain["cached"] is False
    assert plain["rerun_reason"] == "`lib/helper.py` changed"
    squares = by_path(report, "doc_code/squares.py")
    assert squares["cached"] is True and squares["rerun_reason"] == ""
    assert report["summary"]["rerun"] == 1
    assert re.search(r"failed +\d+\.\d+s  doc_code/plain\.py  .*"
                     r"\(re-run: `lib/helper\.py` changed\)", plain_status(again))
    assert "  re-run: doc_code/plain.py: `lib/helper.py` changed" in plain_status(again)


def test_select_changed_names_why_each_file_runs(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, ray_address: str
) -> None:
    project = copy_root("builder-pass", tmp_path)
    first = build_doccode(make_app, project, ray_address, doccode_select="changed")
    reasons = {f["path"]: f["rerun_reason"] for f in load_report(first)["files"]}
    assert reasons == {"doc_code/plain.py": "new: no cached result",
                       "doc_code/squares.py": "new: no cached result"}
    assert "selected to run: 2 unit(s)" in plain_status(first)
    (project / "doc_code" / "plain.py").write_text("assert sum(range(4)) == 6\n")
    again = build_doccode(make_app, project, ray_address, doccode_select="changed")
    report = load_report(again)
    assert by_path(report, "doc_code/squares.py")["cached"] is True
    assert by_path(report, "doc_code/plain.py")["rerun_reason"] == (
        "its content or settings changed")
