"""What a run cost beyond its files: instance start, peak memory, parallelism, and its bound."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sphinxext.doccode.results import FileResult, FileStatus
from sphinxext.doccode.runner.engine.schedule.order import critical_path_bound


@dataclass
class RunStats:
    """Filled in by the engine while it runs; read when the run is over."""

    cores: int = 1
    wall_s: float = 0.0  # time spent inside Engine.run
    instance_start_s: float = 0.0  # starting (or reaching) the Ray instance
    peak_rss_bytes: int = 0  # summed RSS of every process of the run, at its peak
    highest_jobs: int = 0  # most files that ran at once

    def cores_used(self) -> int:
        return max(1, min(self.cores, self.highest_jobs or 1))

    def critical_path_s(self, results: Sequence[FileResult]) -> float | None:
        """The bound no schedule beats, or None when no file ran."""
        durations = executed_durations(results)
        if not durations:
            return None
        return critical_path_bound(self.instance_start_s, durations, self.cores_used())

    def to_dict(self, results: Sequence[FileResult]) -> dict[str, Any]:
        """The fields ``report.json`` adds to its summary."""
        bound = self.critical_path_s(results)
        return {
            "peak_rss_bytes": self.peak_rss_bytes,
            "critical_path_s": None if bound is None else round(bound, 3),
            "instance_start_s": round(self.instance_start_s, 3),
            "max_jobs": self.highest_jobs,
        }


def executed_durations(results: Sequence[FileResult]) -> list[float]:
    return [r.duration_s for r in results
            if not r.cached and r.status is not FileStatus.SKIPPED and r.duration_s > 0]
