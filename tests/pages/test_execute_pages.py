"""``doccode_execute`` in an HTML (and text) build: what runs, what pages say, what warns."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.pages.test_output_pages import build, code_blocks, copy_project, kinds, page, plain
from tests.sphinx_warnings import of_kind

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.ray

STATUS_RE = (r"{word} · doc_code/greet\.py ran in \d+\.\d\d s · "
             r"last run \d{{4}}-\d\d-\d\d \d\d:\d\d UTC")


PLAIN_PAGE = """\
:orphan:

Without output
==============

.. doc-code:: ../doc_code/greet.py
   :region: hello

.. literalinclude:: ../doc_code/greet.py
   :start-after: __quiet_start__
   :end-before: __quiet_end__
"""


def executed(app: SphinxTestApp) -> tuple[int, int, bool]:
    """(files executed, files reused, Ray started) from the build's summary line."""
    match = re.search(r"doccode: (\d+) doc_code file\(s\) executed, (\d+) unchanged \(cached\)"
                      r" in [\d.]+ s(; Ray was not started)?", plain(app.status.getvalue()))
    assert match is not None, plain(app.status.getvalue())
    return int(match[1]), int(match[2]), match[3] is None


def written(app: SphinxTestApp, docname: str) -> bool:
    # Where Sphinx thinks the terminal takes colour (CI=true does it), progress is one
    # line rewritten with "erase line" codes and carriage returns, not one line each.
    text = plain(app.status.getvalue()).replace("\x1b[2K", "").replace("\r", "\n")
    return re.search(rf"writing output\.\.\. \[\s*\d+%\] {docname}\s*$",
                     text, re.MULTILINE) is not None


def status_lines(app: SphinxTestApp, name: str = "index") -> list[str]:
    lines = page(app, name).select("div.doccode-status p.doccode-status-line")
    return [line.get_text(" ", strip=True) for line in lines]


def test_an_html_build_runs_changed_files_only_and_shows_fresh_output(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, ray_address: str
) -> None:
    project = copy_project(tmp_path)
    (project / "docs" / "plain.rst").write_text(PLAIN_PAGE)
    execute = {"doccode_execute": "auto", "doccode_ray_address": ray_address}

    first = build(make_app, project, "html", **execute)
    assert executed(first) == (2, 0, True)
    assert first.warning.getvalue() == ""
    blocks = code_blocks(page(first, "index"))
    # code, output, status for the two :output: blocks; code, status for the last one
    assert [b.get("class") for b in blocks if "doccode-status" in (b.get("class") or [])]
    assert kinds([b for b in blocks if "doccode-status" not in (b.get("class") or [])]) == [
        "code", "output", "code", "output", "code"]
    lines = status_lines(first)
    assert len(lines) == 3
    for line in lines:
        assert re.fullmatch(STATUS_RE.format(word="passed"), line), line
    link = page(first, "index").select_one("div.doccode-status a")
    assert link is not None and link["href"] == "report.html#doccode-file-doc-code-greet-py"

    # The author edits the example: one rebuild runs it, and only it.
    example = project / "doc_code" / "greet.py"
    example.write_text(example.read_text().replace('"Ray"', '"docs"').replace(
        "# Hello, Ray!", "# Hello, docs!"))
    second = build(make_app, project, "html", **execute)
    assert executed(second) == (1, 1, True)
    hello = code_blocks(page(second, "index"))[1]
    assert hello.select_one("pre").get_text() == "Hello, docs!\n"  # type: ignore[union-attr]
    assert "file changed since" not in hello.get_text()

    # Nothing changed: nothing runs and no Ray starts; pages still show the status.
    third = build(make_app, project, "html", **execute)
    assert executed(third) == (0, 2, False)
    assert all(re.fullmatch(STATUS_RE.format(word="passed"), line)
               for line in status_lines(third)), status_lines(third)
    # a page with status lines only is written when its results change, not every time
    assert [written(app, "plain") for app in (first, second, third)] == [True, True, False]
    assert status_lines(third, "plain") == status_lines(second, "plain")
    assert len(status_lines(third, "plain")) == 2  # literalinclude of a region gets one too

    # The report page pictures the run: one lane per driver, a bar per file.
    report = page(third, "report")
    svg = report.select_one("div.doccode-timeline-figure svg.doccode-timeline")
    assert svg is not None
    bars = svg.select("g.doccode-timeline-bar")
    assert len(bars) == 1  # the last run executed greet.py only
    assert "doc_code/greet.py: passed" in bars[0].title.get_text()  # type: ignore[union-attr]
    summary = report.select_one("p.doccode-run-summary")
    assert summary is not None
    assert summary.get_text().startswith("Last run: 1 file(s) executed on 1 driver(s) in ")

    # Off (the default): nothing runs, no status line.
    plain_build = build(make_app, project, "html", doccode_ray_address=ray_address)
    assert "doc_code file(s) executed" not in plain(plain_build.status.getvalue())
    assert status_lines(plain_build) == []


def test_a_failing_example_warns_at_the_page_and_shows_the_error(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, ray_address: str
) -> None:
    project = copy_project(tmp_path)
    example = project / "doc_code" / "greet.py"
    example.write_text(example.read_text().replace(
        'return f"Hello, {name}!"', 'raise ValueError(f"no greeting for {name}")'))
    execute = {"doccode_execute": "auto", "doccode_ray_address": ray_address}

    app = build(make_app, project, "html", **execute)
    warnings = of_kind(app, "doccode.exec")
    # region 'hello' is shown twice on index.rst: a warning at each place
    assert [(Path(w.path).name, w.line) for w in warnings] == [
        ("index.rst", 4), ("index.rst", 13)]
    for warning in warnings:
        assert warning.message.startswith("example doc_code/greet.py:11 (region 'hello') failed: ")
        assert warning.message.endswith(
            "failed: RayTaskError(ValueError): ValueError: no greeting for Ray (hint: the status "
            "line under the example shows it; -b doccode writes the full report)")

    status = page(app, "index").select("div.doccode-status")
    assert [s["class"][1] for s in status] == [
        "doccode-status-failed", "doccode-status-not-run", "doccode-status-failed"]
    error = status[0].select_one("pre")
    assert error is not None and "no greeting for Ray" in error.get_text()
    assert "(line 11)" in error.get_text()
    assert "the file stopped earlier at line 11" in status[1].get_text()
    assert status[1].select_one("pre") is None  # the error is under the failing region

    # Text output: the same status lines, as plain text; nothing runs again.
    text = build(make_app, project, "text", **execute)
    assert executed(text) == (0, 2, False)
    assert len(of_kind(text, "doccode.exec")) == 2  # a cached failure still fails -W
    output = Path(text.outdir, "index.txt").read_text(encoding="utf-8")
    flowing = " ".join(output.replace("**", "").split())  # the text writer wraps lines
    assert re.search(STATUS_RE.format(word="failed"), flowing), output
    assert "not run · the file stopped earlier at line 11 · doc_code/greet.py ran in" in flowing
    assert "RayTaskError(ValueError) (line 11): ray::greet()" in output
    assert output.count("ValueError: no greeting for Ray") == 2  # under each 'hello' block
