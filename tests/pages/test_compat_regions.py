"""Region conventions of real doc sets, on the Sphinx side: what pages ask for decides."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sphinxext.doccode.pages.coverage import with_pages
from sphinxext.doccode.pages.doccode_domain import region_index
from tests.sphinx_helpers import ROOTS, code_blocks, domain_of
from tests.sphinx_warnings import of_kind, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp


@pytest.fixture
def app(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> SphinxTestApp:
    """The compat doc set, read in place (pages and doc_code are sibling folders)."""
    return make_app(
        "html", srcdir=ROOTS / "test-compat-regions" / "docs", builddir=tmp_path, freshenv=True
    )


def page_regions(app: SphinxTestApp, name: str) -> dict[str, tuple[int, int]]:
    """Every region of ``doc_code/NAME`` the run reports: markers plus what pages delimit."""
    path = str((Path(app.srcdir).parent / "doc_code" / name).resolve())
    index = region_index(path, f"doc_code/{name}")
    assert index is not None
    merged = with_pages(index, domain_of(app).references_by_file()[path])
    return {r.name: (r.first_line, r.last_line) for r in merged.regions.values()}


def test_begin_and_start_markers_are_both_regions(app: SphinxTestApp) -> None:
    app.build()
    assert page_regions(app, "begin_markers.py") == {
        "connect": (4, 4), "double": (8, 10), "call": (14, 14),
    }
    # the extension's own directive shows a begin-marked region, markers stripped
    shown = [b.astext() for b in code_blocks(app, "index")]
    assert "assert ray.get(double.remote(21)) == 42\n" in shown
    assert not any("__" in text for text in shown[:3])


def test_start_after_alone_runs_to_the_end_of_the_file_without_a_warning(
    app: SphinxTestApp,
) -> None:
    app.build()
    regions = page_regions(app, "to_the_end.py")
    last = len((Path(app.srcdir).parent / "doc_code" / "to_the_end.py").read_text().splitlines())
    assert regions["use"] == (15, last)
    # a MyST page whose strings are not markers: the region is named by its string
    assert regions["counter = Counter.remote()"] == (16, 16)
    # the start marker is never closed, but the page delimits it: no problem to report
    assert not [w for w in of_kind(app, "doccode.marker") if "to_the_end" in w.path]


def test_a_repeated_name_is_its_first_occurrence_and_is_warned_about(
    app: SphinxTestApp,
) -> None:
    app.build()
    assert page_regions(app, "repeated.py") == {"square": (4, 4)}
    repeats = [w for w in of_kind(app, "doccode.marker") if w.path.endswith("repeated.py")]
    assert [w.line for w in repeats] == [7, 11]
    assert all("defined twice" in w.message and "hint:" in w.message for w in repeats)


def test_an_unmatched_end_is_one_warning_at_file_and_line(app: SphinxTestApp) -> None:
    app.build()
    assert page_regions(app, "unmatched_end.py") == {
        "prepare": (4, 4), "measure_again": (10, 11),
    }
    [stray] = [w for w in of_kind(app, "doccode.marker") if w.path.endswith("unmatched_end.py")]
    assert stray.line == 7 and "__measure_end__" in stray.message
    # only marker warnings: no page lost its code, nothing else was reported
    assert {w.kind for w in warnings_of(app)} == {"doccode.marker"}
