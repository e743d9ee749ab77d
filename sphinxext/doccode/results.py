"""Results of running doc_code files: the data every part of the project shares.

Pure Python: no Sphinx, no Ray. The runner produces these, the builder and the
pytest plugin consume them, the cache and the reports serialise them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any


class RegionStatus(str, Enum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_RUN = "not-run"
    SKIPPED = "skipped"


class FileStatus(str, Enum):
    PASSED = "passed"
    FAILED = "failed"
    TIMEOUT = "timeout"
    ERROR = "error"  # the file could not be run at all (bad markers, crashed driver, ...)
    SKIPPED = "skipped"


@dataclass
class ErrorInfo:
    """Where and why execution stopped."""

    line: int | None
    type: str
    message: str
    traceback: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ErrorInfo:
        return cls(data.get("line"), data["type"], data["message"], data.get("traceback", ""))


@dataclass
class RegionResult:
    name: str
    status: RegionStatus
    start_line: int
    end_line: int
    pages: list[str] = field(default_factory=list)
    error: ErrorInfo | None = None
    output: str = ""  # what the region's code printed (stdout), for pages and output checks

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RegionResult:
        error = data.get("error")
        return cls(
            name=data["name"],
            status=RegionStatus(data["status"]),
            start_line=data["start_line"],
            end_line=data["end_line"],
            pages=list(data.get("pages", [])),
            error=ErrorInfo.from_dict(error) if error else None,
            output=data.get("output", ""),
        )


@dataclass
class FileResult:
    path: str  # display path, relative to the project root (see docs)
    status: FileStatus
    duration_s: float
    cached: bool = False
    regions: list[RegionResult] = field(default_factory=list)
    error: ErrorInfo | None = None  # file-level problem (timeout, crash, code outside regions)
    reason: str = ""  # why it was skipped / expected to fail
    #: effective per-file settings (doccode_rules + markers) and where each came from
    settings: dict[str, Any] = field(default_factory=dict)
    # When and where it ran (wall clock, seconds since the epoch), for the run's
    # timeline; None for results that never ran (skipped, bad markers) and old entries.
    started_at: float | None = None
    ended_at: float | None = None
    driver: int | None = None  # PID of the driver process that ran it
    run_id: str = ""  # the engine run it belongs to
    instance_ready_at: float | None = None  # when the Ray instance it used was up
    kind: str = "file"  # "file": a doc_code file; "page": a page's inline blocks (regions)
    #: a unit stopped (timeout, hopeless demand): its driver's ``stack`` and what its job
    #: was ``waiting`` for (see ``forensics.py``); None otherwise
    forensics: dict[str, Any] | None = None
    #: the files it used while it ran (helpers, editable installs, data files), relative
    #: to the project root where they are under it; the cache checks their hashes
    used: list[str] = field(default_factory=list)
    rerun_reason: str = ""  # why a cached result was not reused ("`lib/x.py` changed")
    #: what the unit demanded while it ran, learned for the next run's admission
    #: (``runner/engine/demand/``): ``wall_s``, ``driver_cpu_s``, ``worker_cpu_s``,
    #: ``cpu_rate`` (CPU-seconds per second), ``peak_resources`` ({name: amount} of
    #: logical resources in use), ``peak_memory_bytes`` and ``tasks`` (submitted);
    #: None for a unit that did not run, or ran before records were kept
    demand: dict[str, Any] | None = None

    def region(self, name: str) -> RegionResult | None:
        return next((r for r in self.regions if r.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        for region in data["regions"]:
            region["status"] = RegionStatus(region["status"]).value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileResult:
        error = data.get("error")
        return cls(
            path=data["path"],
            status=FileStatus(data["status"]),
            duration_s=float(data["duration_s"]),
            cached=bool(data.get("cached", False)),
            regions=[RegionResult.from_dict(r) for r in data.get("regions", [])],
            error=ErrorInfo.from_dict(error) if error else None,
            reason=data.get("reason", ""),
            settings=dict(data.get("settings", {})),
            started_at=data.get("started_at"),
            ended_at=data.get("ended_at"),
            driver=data.get("driver"),
            run_id=data.get("run_id", ""),
            instance_ready_at=data.get("instance_ready_at"),
            kind=data.get("kind", "file"),
            forensics=data.get("forensics"),
            used=[str(path) for path in data.get("used", [])],
            rerun_reason=data.get("rerun_reason", ""),
            demand=data.get("demand"),
        )
