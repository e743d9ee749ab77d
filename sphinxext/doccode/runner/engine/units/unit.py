"""What every kind of unit offers the engine (:class:`Unit`), and what reading one gives."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol

from sphinxext.doccode.results import FileResult
from sphinxext.doccode.runner.engine.drivers.reply import DriverReply
from sphinxext.doccode.sources.filemarkers import FileMarkers
from sphinxext.doccode.sources.initshape import ClusterShape
from sphinxext.doccode.sources.regions import RegionIndex


@dataclass(frozen=True)
class UnitSource:
    """A unit as read before it runs."""

    content: bytes  # what its cache key hashes
    markers: FileMarkers  # its ``# doccode:`` comments (none for a page)
    shape: ClusterShape | None = None  # what its ``ray.init(...)`` asks of its instance
    index: RegionIndex | None = None  # its regions, for the results it gets without running


class Unit(Protocol):
    """One unit of work; ``FileUnit`` and ``PageUnit`` are its kinds."""

    @property
    def path(self) -> Path:
        """The absolute path of the doc_code file, or of the page."""
        ...

    @property
    def display_path(self) -> str:
        """What names the unit in results, e.g. "doc_code/x.py" or "docs/page.rst"."""
        ...

    #: whether a long unit of this kind may get a Ray instance of its own
    own_instance_when_long: ClassVar[bool]

    def read(self) -> UnitSource | FileResult:
        """Its source, or the result when it cannot run at all (unreadable, empty)."""
        ...

    def key_settings(self) -> dict[str, object]:
        """What of the unit itself, beyond its content, its cache key holds."""
        ...

    def request_fields(self) -> dict[str, Any]:
        """What its driver gets to run it."""
        ...

    def marker_error_result(self, source: UnitSource, markers: FileMarkers) -> FileResult:
        """Malformed ``# doccode:`` comments: the unit is not run."""
        ...

    def skipped_result(self, source: UnitSource, reason: str) -> FileResult:
        """Rules, tags or missing resources keep the unit from running."""
        ...

    def unfinished_result(self, reply: DriverReply, timeout: float,
                          duration_s: float) -> FileResult:
        """Its driver never answered: it ran out of time, or it died."""
        ...


def project_root(unit: Unit) -> Path:
    """The folder its display path is relative to (files it used are named from there)."""
    parts = Path(unit.display_path).parts
    path = unit.path
    if parts and path.parts[-len(parts):] == parts:
        return Path(*path.parts[:-len(parts)])
    return path.parent
