"""What counts as a change between two looks at a doc set (no Sphinx, no Ray)."""

from __future__ import annotations

import os
from pathlib import Path

from sphinxext.doccode.watch.changes import changed, scan


def _touch_later(path: Path) -> None:
    """Move ``path``'s modification time on, as a save a moment later would."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


def test_an_edit_an_addition_and_a_removal_are_changes(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    page, kept, gone = (tmp_path / "docs" / name for name in ("page.rst", "kept.rst", "gone.rst"))
    for path in (page, kept, gone):
        path.write_text("text\n")
    before = scan([tmp_path / "docs"])
    _touch_later(page)
    gone.unlink()
    added = tmp_path / "docs" / "added.rst"
    added.write_text("new\n")
    assert changed(before, scan([tmp_path / "docs"])) == sorted(
        p.resolve() for p in (page, gone, added))


def test_an_unchanged_tree_has_no_change(tmp_path: Path) -> None:
    (tmp_path / "a.rst").write_text("a\n")
    assert changed(scan([tmp_path]), scan([tmp_path])) == []


def test_hidden_files_caches_editor_backups_and_the_output_are_not_watched(
        tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for folder in ("_build/html", ".doccode_cache", "__pycache__", "guide"):
        (docs / folder).mkdir(parents=True)
    for name in ("_build/html/index.html", ".doccode_cache/x.json", "__pycache__/conf.pyc",
                 ".page.rst.swp", "page.rst~", "guide/page.rst"):
        (docs / name).write_text("x\n")
    assert set(scan([docs], skip=[docs / "_build"])) == {(docs / "guide/page.rst").resolve()}


def test_single_files_outside_the_folders_are_watched_too(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    example = tmp_path / "doc_code" / "example.py"
    example.parent.mkdir()
    example.write_text("print(1)\n")
    before = scan([tmp_path / "docs"], [example])
    example.write_text("print(2)\n")  # a different size, whatever the clock says
    assert changed(before, scan([tmp_path / "docs"], [example])) == [example.resolve()]
