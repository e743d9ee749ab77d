"""Status lines and the run's timeline as a reader sees them in headless Chromium.

The test-output project, plus a page with a failing example, is built with
``doccode_execute = "auto"`` in alabaster and in furo; Chromium lays out the
pages and a probe reports what is visible and in which colours. Screenshots
go to pytest's temp dir (never into git).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.pages.test_output_pages import copy_project
from tests.patterns import chromium
from tests.patterns.test_pattern_chromium import assert_visible, is_green, is_red

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

pytestmark = [
    pytest.mark.ray,
    pytest.mark.skipif(
        not chromium.available(),
        reason=f"Debian's chromium is not installed (install it with: {chromium.INSTALL_HINT})",
    ),
]

BROKEN_CODE = '''\
# __divide_start__
ratio = 1 / 0
# __divide_end__
'''
BROKEN_PAGE = """\
:orphan:

Broken
======

.. doc-code:: ../doc_code/broken.py
   :region: divide
"""

PROBE = chromium.probe_script(r"""
  function fill(el) { return el ? getComputedStyle(el).fill : null; }
  const result = {
    statuses: Array.from(document.querySelectorAll("div.doccode-status")).map(function (st) {
      const word = st.querySelector("strong.doccode-status-word");
      return {
        classes: st.className, line: box(st.querySelector("p.doccode-status-line")),
        word: box(word), mark: word ? getComputedStyle(word, "::before").content : null,
        error: box(st.querySelector("pre")),
      };
    }),
    svg: box(document.querySelector("svg.doccode-timeline")),
    content_width: (document.querySelector("div.body, article, main") || document.body)
      .getBoundingClientRect().width,
    bars: Array.from(document.querySelectorAll(
        "svg.doccode-timeline g.doccode-timeline-bar rect:not(.doccode-timeline-wait)"))
      .map(function (r) { const b = r.getBoundingClientRect();
                          return {width: b.width, height: b.height, fill: fill(r)}; }),
    lane_fill: fill(document.querySelector("svg.doccode-timeline text.doccode-timeline-lane")),
    legend: box(document.querySelector("p.doccode-timeline-legend")),
    summary: box(document.querySelector("p.doccode-run-summary")),
    body_background: getComputedStyle(document.body).backgroundColor,
  };
""")


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for both themes: the second build reuses the first one's run."""
    return tmp_path_factory.mktemp("results-cache")


@pytest.fixture(params=["alabaster", "furo"])
def built(
    request: pytest.FixtureRequest, tmp_path: Path, make_app: Callable[..., SphinxTestApp],
    ray_address: str, shared_cache: Path,
) -> tuple[str, Path]:
    project = copy_project(tmp_path)
    (project / "doc_code" / "broken.py").write_text(BROKEN_CODE)
    (project / "docs" / "broken.rst").write_text(BROKEN_PAGE)
    app = make_app("html", srcdir=project / "docs", builddir=project / "_build", confoverrides={
        "html_theme": request.param, "doccode_execute": "auto",
        "doccode_ray_address": ray_address, "doccode_cache_dir": str(shared_cache)})
    app.build()
    return request.param, Path(app.outdir)


def luminance(colour: str) -> float:
    r, g, b, _ = chromium.rgb(colour)
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def assert_status_line(status: dict[str, Any], word: str) -> None:
    assert_visible(status["line"], "status line")
    assert_visible(status["word"], "status word")
    assert status["word"]["text"].endswith(word)
    assert "doc_code/" in status["line"]["text"] and " s · last run " in status["line"]["text"]
    assert status["line"]["border_left_width"] >= 3


def test_reader_sees_status_lines_and_the_timeline(
    built: tuple[str, Path], tmp_path: Path
) -> None:
    """One build per theme (they are the slow part), three pages looked at."""
    theme, outdir = built
    seen = chromium.probe(outdir / "index.html", script_text=PROBE)
    passed = [s for s in seen["statuses"] if "doccode-status-passed" in s["classes"]]
    assert len(passed) == 3, seen["statuses"]
    for status in passed:
        assert_status_line(status, "passed")
        assert is_green(status["word"]["color"]), status["word"]
        assert is_green(status["line"]["border_left_color"]), status["line"]
        assert status["error"] is None
    # under its code block: the status line follows the block it describes
    chromium.screenshot(outdir / "index.html", tmp_path / f"status-passed-{theme}.png")

    broken = chromium.probe(outdir / "broken.html", script_text=PROBE)
    [failed] = broken["statuses"]
    assert_status_line(failed, "failed")
    assert is_red(failed["word"]["color"]), failed["word"]
    assert is_red(failed["line"]["border_left_color"]), failed["line"]
    assert_visible(failed["error"], "error message")
    assert "ZeroDivisionError" in failed["error"]["text"]
    assert "division by zero" in failed["error"]["text"]
    assert failed["mark"] != passed[0]["mark"]  # not told apart by colour alone
    chromium.screenshot(outdir / "broken.html", tmp_path / f"status-failed-{theme}.png",
                        height=900)

    seen = chromium.probe(outdir / "report.html", script_text=PROBE)
    assert_visible(seen["summary"], "run summary")
    assert seen["summary"]["text"].startswith("Last run: ")
    svg = seen["svg"]
    assert_visible(svg, "timeline")
    assert 300 < svg["width"] <= seen["content_width"] + 1, (svg, seen["content_width"])
    assert svg["height"] > 40
    assert seen["bars"], "no bar in the timeline"
    for bar in seen["bars"]:
        assert bar["width"] >= 2.5 and bar["height"] >= 10, bar
    assert {chromium.rgb(bar["fill"])[:3] for bar in seen["bars"]} <= {
        (46.0, 125.0, 50.0), (192.0, 57.0, 43.0)}  # passed green, failed red
    # lane labels contrast with the page (currentColor: the theme's text colour)
    assert abs(luminance(seen["lane_fill"]) - luminance(seen["body_background"])) > 0.5
    assert_visible(seen["legend"], "legend")
    chromium.screenshot(outdir / "report.html", tmp_path / f"timeline-{theme}.png", height=1200)
