"""Which regions pages show: pages per region, orphans and unused files (pure)."""

from __future__ import annotations

from textwrap import dedent

from sphinxext.doccode.pages.coverage import (
    RegionReference,
    docnames_showing,
    group_by_file,
    orphan_regions,
    pages_showing,
    unused_files,
)
from sphinxext.doccode.sources.regions import IMPLICIT_REGION, RegionIndex, parse_regions

SOURCE = dedent(
    """\
    # __outer_start__
    # __bad_start__
    x = 1
    # __bad_end__
    # __better_start__
    y = 1
    # __better_end__
    assert x == y
    # __outer_end__
    # __other_start__
    z = 2
    # __other_end__
    """
)
PATH = "/p/doc_code/x.py"


def index() -> RegionIndex:
    return parse_regions(SOURCE, "doc_code/x.py")


def ref(
    region: str | None, docname: str = "page", line: int = 1, exact: bool = True
) -> RegionReference:
    return RegionReference(PATH, region, docname, line, exact)


def test_a_page_showing_a_region_shows_the_regions_nested_in_it() -> None:
    refs = [ref("outer", "a", 3), ref("bad", "b", 7)]
    assert docnames_showing(refs, index(), "outer") == ["a"]
    assert docnames_showing(refs, index(), "bad") == ["a", "b"]
    assert docnames_showing(refs, index(), "better") == ["a"]
    assert docnames_showing(refs, index(), "other") == []
    assert [r.location for r in pages_showing(refs, index(), "bad")] == ["a:3", "b:7"]


def test_pages_affected_include_pages_showing_a_nested_region() -> None:
    refs = [ref("bad", "b", 7), ref("other", "c", 2)]
    assert docnames_showing(refs, index(), "outer") == []
    assert docnames_showing(refs, index(), "outer", nested=True) == ["b"]
    assert docnames_showing(refs, index(), "better", nested=True) == []


def test_whole_file_reference_shows_every_region_and_the_implicit_one() -> None:
    refs = [ref(None, "whole")]
    assert docnames_showing(refs, index(), "other") == ["whole"]
    plain = parse_regions("x = 1\n", "doc_code/plain.py")
    assert docnames_showing(refs, plain, IMPLICIT_REGION) == ["whole"]


def test_inexact_reference_shows_no_region() -> None:
    assert docnames_showing([ref(None, exact=False)], index(), "outer") == []


def test_orphans_are_regions_no_page_touches() -> None:
    orphans = orphan_regions({PATH: index()}, {PATH: [ref("bad")]})
    # outer holds the shown region, so it counts as documented; its sibling
    # "better" and the unrelated "other" are orphans.
    assert [(o.path, o.region.name) for o in orphans] == [(PATH, "better"), (PATH, "other")]


def test_showing_the_outer_region_documents_everything_inside_it() -> None:
    orphans = orphan_regions({PATH: index()}, {PATH: [ref("outer")]})
    assert [o.region.name for o in orphans] == ["other"]


def test_unused_and_inexactly_used_files_have_no_orphans() -> None:
    assert orphan_regions({PATH: index()}, {}) == []
    assert orphan_regions({PATH: index()}, {PATH: [ref(None, exact=False)]}) == []


def test_orphan_check_ignores_the_implicit_region() -> None:
    plain = parse_regions("x = 1\n", "doc_code/plain.py")
    assert orphan_regions({PATH: plain}, {PATH: [ref("missing")]}) == []


def test_unused_files() -> None:
    refs = {PATH: [ref("outer")]}
    assert unused_files(["/p/doc_code/z.py", PATH, "/p/doc_code/a.py"], refs) == [
        "/p/doc_code/a.py",
        "/p/doc_code/z.py",
    ]


def test_group_by_file_sorts_by_page_and_line() -> None:
    other = RegionReference("/p/doc_code/y.py", None, "a", 1)
    grouped = group_by_file([ref("bad", "b", 2), other, ref("outer", "a", 9)])
    assert list(grouped) == [PATH, "/p/doc_code/y.py"]
    assert [r.location for r in grouped[PATH]] == ["a:9", "b:2"]
