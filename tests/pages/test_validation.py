"""Once-per-build checks: broken markers, orphan regions, unused files; rebuilds; parallel reads."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.sphinx_helpers import copy_root, domain_of
from tests.sphinx_warnings import of_kind, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx("html", testroot="validation", freshenv=True)
def test_each_problem_is_reported_once_at_file_and_line(app: SphinxTestApp) -> None:
    app.build()
    [orphan] = of_kind(app, "doccode.orphan")
    assert orphan.path.endswith("doc_code/used.py") and orphan.line == 5
    assert "'forgotten'" in orphan.message
    [unused] = of_kind(app, "doccode.unused-file")
    assert unused.path.endswith("doc_code/unused.py") and unused.line == 1
    [marker] = of_kind(app, "doccode.marker")
    assert marker.path.endswith("doc_code/broken.py") and marker.line == 5
    assert "never closed" in marker.message and "hint:" in marker.message


@pytest.mark.sphinx(
    "html", testroot="validation", freshenv=True,
    confoverrides={"suppress_warnings": ["doccode.orphan", "doccode.unused-file"]},
)
def test_subtypes_can_be_suppressed(app: SphinxTestApp) -> None:
    app.build()
    kinds = {w.kind for w in warnings_of(app)}
    assert "doccode.orphan" not in kinds and "doccode.unused-file" not in kinds
    assert "doccode.marker" in kinds


def _touch_later(path: Path) -> None:
    # mtime resolution can be coarse: move it clearly forward
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def test_editing_a_doc_code_file_rereads_its_pages(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = copy_root("validation", tmp_path)
    builddir = tmp_path / "_build"
    first = make_app("html", srcdir=srcdir, builddir=builddir)
    first.build()
    assert len(of_kind(first, "doccode.orphan")) == 1

    used = srcdir / "doc_code" / "used.py"
    used.write_text(used.read_text() + "\n# __extra_start__\ne = 5\n# __extra_end__\n")
    _touch_later(used)
    second = make_app("html", srcdir=srcdir, builddir=builddir)
    second.build()
    orphans = sorted(w.message.split("'")[1] for w in of_kind(second, "doccode.orphan"))
    assert orphans == ["extra", "forgotten"]


def test_a_new_file_in_doccode_dirs_is_noticed_without_page_changes(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = copy_root("validation", tmp_path)
    builddir = tmp_path / "_build"
    make_app("html", srcdir=srcdir, builddir=builddir).build()

    (srcdir / "doc_code" / "added.py").write_text("x = 1\n")
    second = make_app("html", srcdir=srcdir, builddir=builddir)
    second.build()
    unused = sorted(Path(w.path).name for w in of_kind(second, "doccode.unused-file"))
    assert unused == ["added.py", "unused.py"]

    third = make_app("html", srcdir=srcdir, builddir=builddir)
    third.build()  # nothing changed: nothing re-read, nothing re-reported
    assert of_kind(third, "doccode.unused-file") == []


def test_removing_a_page_forgets_its_references(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = copy_root("literalinclude", tmp_path)
    builddir = tmp_path / "_build"
    first = make_app("html", srcdir=srcdir, builddir=builddir)
    first.build()
    assert "other" in domain_of(first).references

    (srcdir / "other.rst").unlink()
    index = srcdir / "index.rst"
    index.write_text(index.read_text().replace("   other\n", ""))
    second = make_app("html", srcdir=srcdir, builddir=builddir)
    second.build()
    assert "other" not in domain_of(second).references
    assert {r.docname for r in domain_of(second).all_references()} == {"index"}


@pytest.mark.sphinx("html", testroot="parallel", freshenv=True, parallel=2)
def test_parallel_reads_merge_every_pages_references(app: SphinxTestApp) -> None:
    app.build()
    refs = domain_of(app).all_references()
    assert sorted((r.docname, r.region) for r in refs) == [
        (f"page{i}", f"step{i}") for i in range(1, 8)
    ]
    assert warnings_of(app) == []  # every region is shown: no orphan
