"""Which doc_code regions the pages show: pages per region, orphans, unused files.

Pure Python: no Sphinx, no Ray. The domain records :class:`RegionReference`
objects while pages are read; the functions here answer questions about them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sphinxext.doccode.sources.page_regions import Selection, with_page_regions
from sphinxext.doccode.sources.regions import Region, RegionIndex


@dataclass(frozen=True)
class RegionReference:
    """A page (``docname:line``) that shows (part of) a doc_code file."""

    path: str  # absolute path of the doc_code file
    region: str | None  # None: the whole file (when exact) or lines we cannot map
    docname: str
    line: int
    # False when a page selects lines some other way (``:lines:``, ``:pyobject:``,
    # a non-marker ``:start-after:``): it uses the file but we cannot tell which
    # regions it shows, so none of them is called an orphan.
    exact: bool = True
    # The body lines (first, last) the page's own strings delimit (a literalinclude
    # with :start-after: etc.); None when the page names a region or the whole file.
    span: tuple[int, int] | None = None

    @property
    def location(self) -> str:
        return f"{self.docname}:{self.line}"

    def sort_key(self) -> tuple[str, str, int, str]:
        return (self.path, self.docname, self.line, self.region or "")


@dataclass(frozen=True)
class OrphanRegion:
    path: str
    region: Region


def _inside(inner: Region, outer: Region) -> bool:
    return outer.first_line <= inner.first_line and inner.last_line <= outer.last_line


def _shown(reference: RegionReference, index: RegionIndex) -> Region | None:
    """The lines ``reference`` puts on its page, as a region."""
    if reference.span is not None:
        first, last = reference.span
        return Region(reference.region or "", first - 1, last + 1)
    return index.get(reference.region or "")


def shows(reference: RegionReference, index: RegionIndex, name: str) -> bool:
    """Whether ``reference`` puts all of region ``name`` on its page."""
    if not reference.exact:
        return False
    if reference.span is None and reference.region in (None, name):
        return True
    shown, region = _shown(reference, index), index.get(name)
    return shown is not None and region is not None and _inside(region, shown)


def touches(reference: RegionReference, index: RegionIndex, name: str) -> bool:
    """Whether ``reference`` shows region ``name`` or a region nested in it."""
    if shows(reference, index, name):
        return True
    shown, region = _shown(reference, index), index.get(name)
    return (
        reference.exact
        and shown is not None
        and region is not None
        and _inside(shown, region)
    )


def with_pages(index: RegionIndex, references: Iterable[RegionReference]) -> RegionIndex:
    """``index`` plus the regions that pages delimit with their own strings."""
    selections = [
        Selection(r.region or "", *r.span)
        for r in sorted(references, key=RegionReference.sort_key)
        if r.span is not None and r.exact
    ]
    return with_page_regions(index, selections) if selections else index


def pages_showing(
    references: Iterable[RegionReference], index: RegionIndex, name: str, *, nested: bool = False
) -> list[RegionReference]:
    """References whose page shows region ``name`` (with ``nested``: or a region
    nested in it), sorted, one per ``docname:line``.

    ``nested=True`` answers "which pages does a failure in this region affect":
    a page showing only the "bad" half of an example is affected when the
    assertion comparing both halves, in the region around them, fails.
    """
    match = touches if nested else shows
    unique = {(r.docname, r.line): r for r in references if match(r, index, name)}
    return sorted(unique.values(), key=RegionReference.sort_key)


def docnames_showing(
    references: Iterable[RegionReference], index: RegionIndex, name: str, *, nested: bool = False
) -> list[str]:
    return sorted({r.docname for r in pages_showing(references, index, name, nested=nested)})


def orphan_regions(
    indexes: Mapping[str, RegionIndex], references: Mapping[str, Sequence[RegionReference]]
) -> list[OrphanRegion]:
    """Named regions of used files that no page shows, in file and line order.

    A region counts as documented when a page shows it, a region around it, or
    a region inside it. Unused files are left to :func:`unused_files`, and
    files with a reference we cannot map to regions are not judged.
    """
    orphans = []
    for path in sorted(indexes):
        refs = references.get(path, ())
        if not refs or any(not r.exact for r in refs):
            continue
        index = indexes[path]
        for region in index.regions.values():
            if region.implicit:
                continue
            if not any(touches(r, index, region.name) for r in refs):
                orphans.append(OrphanRegion(path, region))
    return orphans


def unused_files(
    dir_files: Iterable[str], references: Mapping[str, Sequence[RegionReference]]
) -> list[str]:
    """Files from ``doccode_dirs`` that no page references, sorted."""
    return sorted(path for path in dir_files if not references.get(path))


def group_by_file(
    references: Iterable[RegionReference],
) -> dict[str, list[RegionReference]]:
    grouped: dict[str, list[RegionReference]] = {}
    for reference in sorted(references, key=RegionReference.sort_key):
        grouped.setdefault(reference.path, []).append(reference)
    return grouped
