"""The project's own docs are built and executed by the project itself.

This is the README's main job, run inside the test session: the ``doccode``
builder executes every doc_code region of ``docs/`` (on the session's Ray
instance), then the HTML build, which shows the captured output under the
examples, must be warning-free.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def sphinx(builder: str, out: Path, *settings: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", builder]
    for setting in settings:
        command += ["-D", setting]
    return subprocess.run(
        [*command, str(DOCS), str(out)], capture_output=True, text=True, timeout=900
    )


@pytest.mark.ray
def test_own_docs_run_green_and_build_warning_free(ray_address: str, tmp_path: Path) -> None:
    cache = f"doccode_cache_dir={tmp_path / 'cache'}"
    run = sphinx("doccode", tmp_path / "doccode", f"doccode_ray_address={ray_address}", cache)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]

    report = json.loads((tmp_path / "doccode" / "report.json").read_text())
    files = {entry["path"]: entry for entry in report["files"]}
    shipped = {f"doc_code/{path.name}" for path in (ROOT / "doc_code").glob("*.py")}
    assert shipped <= set(files), "every doc_code file runs"
    hang = files.pop("doc_code/guide_hangs.py")  # expected to time out, with forensics
    assert hang["status"] == "skipped" and hang["reason"].startswith("expected timeout")
    assert [f["function"] for f in hang["forensics"]["stack"][:2]] == [
        "<module>", "wait_for_result"]
    assert hang["forensics"]["waiting"]["tasks"][0]["name"] == "never_done"
    regions = [region for entry in files.values() for region in entry["regions"]]
    assert regions and all(region["status"] == "passed" for region in regions)
    assert all(region["pages"] for region in regions), "every region is on a page"
    seed = files["doc_code/anti_pattern_return_ray_put.py"]
    assert {r["name"] for r in seed["regions"]} >= {
        "return_single_value",
        "return_static_multi_values",
        "return_dynamic_multi_values",
    }
    assert all("patterns/return-ray-put" in r["pages"] for r in seed["regions"])

    pages = {entry["path"]: entry for entry in report["pages"]}
    inline = pages["docs/guide/inline-blocks.rst"]  # a page written with inline blocks
    assert inline["status"] == "passed" and len(inline["regions"]) >= 8
    assert {r["status"] for r in inline["regions"]} == {"passed", "skipped"}

    # With execution (from the results above): status lines under the examples.
    html = sphinx("html", tmp_path / "html", cache, "doccode_execute=cache",
                  f"doccode_ray_address={ray_address}")
    assert html.returncode == 0, html.stderr[-4000:]
    assert "WARNING" not in html.stderr

    # Real captured output under examples (``:output:``), from the run above.
    from bs4 import BeautifulSoup

    shown = {
        page: [div.select_one("pre") for div in BeautifulSoup(
            (tmp_path / "html" / f"{page}.html").read_text(), "html.parser"
        ).select("div.doccode-output.doccode-passed")]
        for page in ("guide/expected-output", "patterns/return-ray-put", "patterns/ray-get-loop")
    }
    assert all(shown.values()), shown
    [chunks] = shown["patterns/return-ray-put"]
    assert chunks is not None and chunks.get_text() == "['abcd', 'efgh', 'ij']\n"

    # The hang's status line shows where it was stuck and what it waited for.
    hangs = BeautifulSoup((tmp_path / "html" / "guide" / "hangs.html").read_text(),
                          "html.parser")
    status = hangs.select_one("div.doccode-status pre")
    assert status is not None, "the hang's status line"
    text = status.get_text()
    assert "doc_code/guide_hangs.py:18 in wait_for_result" in text
    assert "tasks: never_done RUNNING {CPU: 1}" in text
