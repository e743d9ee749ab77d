"""Region conventions of real doc sets, run by the ``doccode`` builder on the session's Ray."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.sphinx_helpers import copy_root
from tests.sphinx_warnings import of_kind
from tests.test_builder import build_doccode, by_path, load_report, plain_status

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.ray


def regions(report: dict[str, Any], path: str) -> list[tuple[str, str, int, int, list[str]]]:
    return [
        (r["name"], r["status"], r["start_line"], r["end_line"], r["pages"])
        for r in by_path(report, path)["regions"]
    ]


def test_files_with_marker_problems_run_and_report_what_pages_delimit(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, ray_address: str
) -> None:
    project = copy_root("compat-regions", tmp_path)
    # The file with a stray end marker now also fails in its last region: it must
    # still run top to bottom, and the failure must land in that region only.
    broken = project / "doc_code" / "unmatched_end.py"
    broken.write_text(broken.read_text().replace("[1, 2, 3]", "[1, 2, 4]"))
    app = build_doccode(make_app, project, ray_address)
    assert app.statuscode == 1, plain_status(app)
    report = load_report(app)

    unmatched = by_path(report, "doc_code/unmatched_end.py")
    assert unmatched["status"] == "failed"  # it ran: not an "error" that never ran
    assert regions(report, "doc_code/unmatched_end.py") == [
        ("prepare", "passed", 4, 4, ["index"]),
        ("measure_again", "failed", 10, 11, ["index"]),
    ]
    failed = by_path(report, "doc_code/unmatched_end.py")["regions"][1]
    assert failed["error"]["type"] == "AssertionError" and failed["error"]["line"] == 11
    [stray] = [w for w in of_kind(app, "doccode.marker") if w.path.endswith("unmatched_end.py")]
    assert stray.line == 7

    # start-after alone: the region runs to the end of the file, its output is its own
    [*_, use, counter] = regions(report, "doc_code/to_the_end.py")
    assert use[:2] == ("use", "passed") and use[2] == 15
    assert counter == ("counter = Counter.remote()", "passed", 16, 16, ["index", "myst"])
    use_output = by_path(report, "doc_code/to_the_end.py")["regions"][1]["output"]
    assert "counted to 4" in use_output

    # a name used three times: the first; the file ran whole (its last assert passed)
    assert by_path(report, "doc_code/repeated.py")["status"] == "passed"
    assert regions(report, "doc_code/repeated.py") == [("square", "passed", 4, 4, ["index"])]

    # begin markers, shown by literalinclude and by doc-code
    assert [r[:2] for r in regions(report, "doc_code/begin_markers.py")] == [
        ("connect", "passed"), ("double", "passed"), ("call", "passed"),
    ]
