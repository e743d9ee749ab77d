"""``-b doccode`` runs the pages' inline blocks with the doc_code files, in one report."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.sphinx_helpers import copy_root

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.ray


def build(make_app: Callable[..., SphinxTestApp], project: Path, ray_address: str,
          **overrides: Any) -> tuple[SphinxTestApp, dict[str, Any]]:
    app = make_app("doccode", srcdir=project, builddir=project / "_build", confoverrides={
        "doccode_ray_address": ray_address, "doccode_cache_dir": str(project / "cache"),
        **overrides})
    app.build()
    report: dict[str, Any] = json.loads(Path(app.outdir, "report.json").read_text())
    return app, report


def test_pages_are_units_beside_files_with_blocks_at_their_lines(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, ray_address: str
) -> None:
    project = copy_root("inline", tmp_path)
    app, report = build(make_app, project, ray_address)
    pages = {page["path"]: page for page in report["pages"]}
    assert set(pages) == {"inline/index.rst", "inline/myst.md", "inline/failing.rst"}
    assert report["files"] == []
    index = {r["name"]: r["status"] for r in pages["inline/index.rst"]["regions"]}
    assert index == {
        "testsetup-L9": "passed", "testcode-L13": "passed", "testcode-L22": "passed",
        "doctest-L27": "passed", "testcode-L39": "skipped", "testcode-L44": "passed",
        "testcleanup-L54": "passed", "testcode-L35[other]": "passed",
    }
    assert all(r["status"] == "passed" for r in pages["inline/myst.md"]["regions"])
    failing = pages["inline/failing.rst"]
    assert failing["kind"] == "page" and failing["status"] == "failed"
    first, second = failing["regions"]
    assert first["error"]["line"] == 7 and first["error"]["type"] == "AssertionError"
    assert first["page_locations"] == ["failing:6"] and first["pages"] == ["failing"]
    assert second["status"] == "not-run"
    assert report["summary"]["pages"]["failed"] == 1 and report["summary"]["failed"] == 1
    assert app.statuscode == 1
    suites = {s.get("name"): s for s in ET.parse(app.outdir / "junit.xml").getroot()}
    assert suites["inline/failing.rst"].get("failures") == "1"
    status = app.status.getvalue()
    assert "in 0 file(s) and 3 page(s)" in status
    assert "inline/failing.rst:7: region 'testcode-L4' failed: AssertionError" in status


def test_inline_blocks_can_be_turned_off(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, ray_address: str
) -> None:
    project = copy_root("inline", tmp_path)
    app, report = build(make_app, project, ray_address, doccode_inline=False)
    assert report["pages"] == [] and app.statuscode == 0


def html(make_app: Callable[..., SphinxTestApp], project: Path) -> Path:
    app = make_app("html", srcdir=project, builddir=project / "_html", confoverrides={
        "doccode_cache_dir": str(project / "cache"), "doccode_inline_output": True})
    app.build()
    app.cleanup()
    return Path(app.outdir)


def test_pages_show_the_last_output_under_testcode_and_the_report_lists_pages(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, ray_address: str
) -> None:
    from bs4 import BeautifulSoup

    project = copy_root("inline", tmp_path)
    before = BeautifulSoup((html(make_app, project) / "index.html").read_text(), "html.parser")
    notes = [n.get_text(" ", strip=True) for n in before.select(".doccode-output-missing")]
    assert notes and all("has not been executed yet" in note for note in notes)
    build(make_app, project, ray_address)
    after = BeautifulSoup((html(make_app, project) / "index.html").read_text(), "html.parser")
    outputs = [o.select_one(".doccode-output-text") for o in after.select(".doccode-output")]
    assert next(o.get_text().strip() for o in outputs if o is not None) == "hello world"
    report = BeautifulSoup((Path(project / "_html" / "html") / "report.html").read_text(),
                           "html.parser")
    rows = [row.get_text(" ", strip=True) for row in report.select("table.doccode-report tbody tr")]
    assert any(r.startswith("inline/failing.rst") and "failed" in r for r in rows)
    assert any("inline/index.rst" in r and "testcode-L13" in r for r in rows)


def test_a_page_written_for_sphinx_ext_doctest_runs_unchanged(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, ray_address: str
) -> None:
    project = copy_root("inline-doctest", tmp_path)
    app, report = build(make_app, project, ray_address)
    [page] = report["pages"]
    assert {r["name"]: r["status"] for r in page["regions"]} == {
        "testsetup-L4": "passed", "testcode-L8": "passed",
        "testsetup-L4[math]": "passed", "doctest-L16[math]": "passed",
    }
    assert app.statuscode == 0
