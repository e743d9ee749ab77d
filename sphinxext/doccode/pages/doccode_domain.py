"""The ``doccode`` domain: which doc_code file and region each page shows.

Pages record :class:`~sphinxext.doccode.pages.coverage.RegionReference` objects
while they are read; the builder and the validation warnings ask the domain
which pages show a region. State is per docname, so parallel reads and
incremental rebuilds stay correct.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from sphinx.domains import Domain
from sphinx.util import logging

from sphinxext.doccode import paths
from sphinxext.doccode.pages.coverage import (
    RegionReference,
    group_by_file,
    pages_showing,
    with_pages,
)
from sphinxext.doccode.sources.regions import RegionIndex, load_regions

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

# Parsed files, reused while their mtime and size stay the same: many pages
# include regions of one file.
_region_cache: dict[str, tuple[tuple[int, int], RegionIndex]] = {}


def region_index(path: str | os.PathLike[str], display: str) -> RegionIndex | None:
    """The parsed regions of ``path`` (``None`` when it cannot be read as text)."""
    key = str(path)
    try:
        stat = os.stat(key)
    except OSError:
        return None
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _region_cache.get(key)
    if cached is not None and cached[0] == stamp and cached[1].path == display:
        return cached[1]
    try:
        index = load_regions(key, display)
    except (OSError, UnicodeDecodeError):
        return None
    _region_cache[key] = (stamp, index)
    return index


class DocCodeDomain(Domain):
    """Per-page references to doc_code regions."""

    name = "doccode"
    label = "doc_code regions"
    data_version = 2  # 2: references carry the span a page delimits
    initial_data: ClassVar[dict[str, Any]] = {
        "references": {},  # docname -> list[RegionReference]
        "dir_files": [],  # the doccode_dirs files seen by the last read
        "inline": {},  # docname -> source file -> inline blocks (dicts), see pages/inline.py
    }

    @property
    def references(self) -> dict[str, list[RegionReference]]:
        return cast("dict[str, list[RegionReference]]", self.data["references"])

    @property
    def inline_blocks(self) -> dict[str, dict[str, list[dict[str, Any]]]]:
        blocks = self.data.setdefault("inline", {})  # absent in environments of older versions
        return cast("dict[str, dict[str, list[dict[str, Any]]]]", blocks)

    def clear_doc(self, docname: str) -> None:
        self.references.pop(docname, None)
        self.inline_blocks.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["references"]:
                self.references[docname] = otherdata["references"][docname]
            if docname in otherdata.get("inline", {}):
                self.inline_blocks[docname] = otherdata["inline"][docname]

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []  # the domain holds data only, no cross-reference targets

    def add_reference(self, reference: RegionReference) -> None:
        self.references.setdefault(reference.docname, []).append(reference)

    def all_references(self) -> list[RegionReference]:
        refs = (ref for refs in self.references.values() for ref in refs)
        return sorted(refs, key=RegionReference.sort_key)

    def references_by_file(self) -> dict[str, list[RegionReference]]:
        """Absolute file path -> references to it, sorted by page and line."""
        return group_by_file(self.all_references())

    def pages_for_region(
        self, path: str, index: RegionIndex, name: str, *, nested: bool = False
    ) -> list[RegionReference]:
        """References whose page shows region ``name`` of ``path`` (with ``nested``:
        or a region inside it; see :func:`~sphinxext.doccode.pages.coverage.pages_showing`)."""
        refs = self.references_by_file().get(path, ())
        # with the regions pages delimit with their own strings
        return pages_showing(refs, with_pages(index, refs), name, nested=nested)


def get_domain(env: BuildEnvironment) -> DocCodeDomain:
    return cast("DocCodeDomain", env.get_domain(DocCodeDomain.name))


def record_reference(
    env: BuildEnvironment, path: str | os.PathLike[str], region: str | None, line: int,
    *, exact: bool = True, span: tuple[int, int] | None = None,
) -> RegionReference:
    """Record that the page being read shows ``region`` of ``path`` at ``line``
    (``span``: the body lines the page's own strings delimit)."""
    reference = RegionReference(
        str(Path(path).resolve()), region, env.docname, line, exact, span
    )
    get_domain(env).add_reference(reference)
    return reference


def doccode_dir_paths(app: Sphinx) -> list[str]:
    return [str(p) for p in paths.doccode_dir_files(app.confdir, app.config.doccode_dirs)]


def _reread_when_dir_files_change(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    # A new or deleted file in doccode_dirs changes no page, yet it changes the
    # unused-file warnings: re-read the root document so the consistency check runs.
    domain = get_domain(env)
    now = doccode_dir_paths(app)
    if domain.data["dir_files"] == now:
        return []
    domain.data["dir_files"] = now
    return [app.config.root_doc]


def setup_domain(app: Sphinx) -> None:
    app.add_domain(DocCodeDomain)
    app.connect("env-get-outdated", _reread_when_dir_files_change)
