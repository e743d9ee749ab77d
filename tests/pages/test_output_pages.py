"""Captured output under examples and the execution report page, built by real Sphinx."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from bs4 import BeautifulSoup, Tag

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).resolve().parent.parent / "roots" / "test-output"


def copy_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns("_build"))
    return project


def build(
    make_app: Callable[..., SphinxTestApp], project: Path, builder: str, **overrides: Any
) -> SphinxTestApp:
    app = make_app(
        builder,
        srcdir=project / "docs",
        builddir=project / "_build",
        confoverrides={"doccode_cache_dir": str(project / "cache"), **overrides},
    )
    app.build()
    app.cleanup()  # forget this app's registrations before the next app of the test
    return app


def plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    html = Path(app.outdir, f"{name}.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def code_blocks(soup: BeautifulSoup) -> list[Tag]:
    """The top-level blocks of the page body: code, outputs and notes, in order."""
    body = soup.select_one("div.body section")
    assert body is not None
    return [
        child for child in body.find_all("div", recursive=False)
        if isinstance(child, Tag) and child.get("class")
    ]


def kinds(blocks: list[Tag]) -> list[str]:
    names = []
    for block in blocks:
        classes = block.get("class") or []
        if "doccode-output" in classes:
            names.append("output")
        elif "doccode-output-missing" in classes:
            names.append("missing")
        elif "toctree-wrapper" in classes:
            continue
        else:
            names.append("code")
    return names


def test_a_page_built_before_any_run_says_not_executed_yet(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    project = copy_project(tmp_path)
    app = build(make_app, project, "html")
    blocks = code_blocks(page(app, "index"))
    assert kinds(blocks) == ["code", "missing", "code", "missing", "code"]
    note = blocks[1].get_text(" ", strip=True)
    assert "doc_code/greet.py has not been executed yet" in note
    assert "-b doccode" in note
    status = plain(app.status.getvalue())
    assert "output of doc_code/greet.py (region 'hello') not shown: not executed yet" in status
    assert "index.rst:4" in status  # the info names the page and line of the directive
    assert app.warning.getvalue() == ""

    report = page(app, "report")
    summary = report.select_one("p.doccode-report-summary")
    assert summary is not None
    assert summary.get_text() == (
        "2 doc_code file(s): none run, 2 not executed yet; 0.0 s in total."
    )
    this_page = page(app, "index").select_one("p.doccode-report-summary")
    assert this_page is not None
    assert this_page.get_text() == (
        "Examples on this page: 1 doc_code file(s): none run, 1 not executed yet; 0.0 s in total."
    )


@pytest.mark.ray
def test_after_a_run_pages_show_the_captured_output_and_the_report(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, ray_address: str
) -> None:
    project = copy_project(tmp_path)
    build(make_app, project, "html")  # before the run: notes (see the test above)
    run = build(make_app, project, "doccode", doccode_ray_address=ray_address)
    assert run.statuscode == 0, plain(run.status.getvalue())

    # Same build folder, no source changed: the pages are written again anyway.
    app = build(make_app, project, "html")
    blocks = code_blocks(page(app, "index"))
    assert kinds(blocks) == ["code", "output", "code", "output", "code"]
    hello = blocks[1]
    assert hello.select_one("pre") is not None
    assert hello.select_one("pre").get_text() == "Hello, Ray!\n"  # type: ignore[union-attr]
    caption = hello.select_one("p.doccode-output-caption")
    assert caption is not None
    assert caption.get_text(" ", strip=True) == (
        "Output · passed in the last run, doc_code/greet.py"
    )
    link = caption.select_one("a")
    assert link is not None and link["href"] == "report.html#doccode-file-doc-code-greet-py"
    # the captioned block keeps its caption on top, the output follows the wrapper
    assert "Nothing to see" in blocks[2].get_text()
    assert blocks[3].get_text(" ", strip=True).endswith("(the example printed nothing)")

    report = page(app, "report")
    rows = {row["id"]: row for row in report.select("table.doccode-report tbody tr")}
    assert list(rows) == ["doccode-file-doc-code-greet-py", "doccode-file-doc-code-unused-here-py"]
    greet = [cell.get_text(" ", strip=True) for cell in rows["doccode-file-doc-code-greet-py"]
             .find_all("td")]
    assert greet[0] == "doc_code/greet.py"
    assert greet[1].split() == ["hello", "passed:", "Greetings", "quiet", "passed:", "Greetings"]
    assert greet[2] == "passed"
    assert re.fullmatch(r"\d+\.\d\d s", greet[3])
    assert greet[4] == "no"
    page_link = rows["doccode-file-doc-code-greet-py"].select_one("a")
    assert page_link is not None and page_link["href"] == "index.html"
    unused = rows["doccode-file-doc-code-unused-here-py"].find_all("td")
    assert unused[1].get_text(" ", strip=True) == "__file__ passed"  # no page shows it
    assert app.warning.getvalue() == ""

    # The per-page listing: only this page's file and regions, no links, no row ids.
    [listed] = page(app, "index").select("table.doccode-report tbody tr")
    cells = [cell.get_text(" ", strip=True) for cell in listed.find_all("td")]
    assert cells[:3] == ["doc_code/greet.py", "hello passed quiet passed", "passed"]
    assert listed.get("id") is None and listed.select("a") == []

    # Edited after the run: the page still shows the recorded output, and says so.
    example = project / "doc_code" / "greet.py"
    example.write_text(example.read_text().replace("ray.init()\n", "ray.init()\nx = 1\n"))
    edited = build(make_app, project, "html")
    caption = code_blocks(page(edited, "index"))[1].select_one("p.doccode-output-caption")
    assert caption is not None
    assert caption.get_text(" ", strip=True).endswith(
        "passed in the last run, doc_code/greet.py; the file changed since, run -b doccode again"
    )


@pytest.mark.ray
def test_a_wrong_expected_output_fails_the_build_with_a_diff(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, ray_address: str
) -> None:
    project = copy_project(tmp_path)
    example = project / "doc_code" / "greet.py"
    example.write_text(example.read_text().replace("# Hello, Ray!", "# Hello, World!"))
    run = build(make_app, project, "doccode", doccode_ray_address=ray_address)
    assert run.statuscode == 1
    status = plain(run.status.getvalue())
    assert (
        "doc_code/greet.py:12: region 'hello' failed: OutputMismatch: printed output does not "
        "match the expected output of line 12 (- expected, + printed):\n"
        "- Hello, World!\n"
        "+ Hello, Ray!\n"
    ) in status
    report = json.loads(Path(run.outdir, "report.json").read_text())
    [greet] = [f for f in report["files"] if f["path"] == "doc_code/greet.py"]
    hello, quiet = greet["regions"]
    assert (hello["status"], hello["error"]["type"], hello["error"]["line"]) == (
        "failed", "OutputMismatch", 12,
    )
    assert quiet["status"] == "not-run"

    # The page still shows what was printed, and says the region failed.
    app = build(make_app, project, "html")
    blocks = code_blocks(page(app, "index"))
    assert kinds(blocks) == ["code", "output", "code", "missing", "code"]
    assert blocks[1].select_one("pre").get_text() == "Hello, Ray!\n"  # type: ignore[union-attr]
    assert "failed in the last run (OutputMismatch at line 12)" in blocks[1].get_text(" ")
    assert "was not run in the last run" in blocks[3].get_text(" ", strip=True)
