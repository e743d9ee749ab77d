"""Which file starts first: longest expected time first (LPT), and the run's lower bound.

Pure: no Ray, no psutil. Expected times come from the last recorded duration of
each display path (kept whatever the file's content hash, so an edited file keeps
its history); files without history are placed by size.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    """One file to schedule: its display path, size in bytes, last duration if known,
    and the seconds it waits before it can start (a new Ray instance of its own shape)."""

    path: str
    size: int
    last_duration_s: float | None = None
    setup_s: float = 0.0


def expected_seconds(jobs: Sequence[Job]) -> dict[str, float]:
    """Expected duration per path: its history, else the median of the known ones.

    Files without history share that median and are told apart by size (larger
    first, see :func:`lpt_order`); with no history at all, every estimate is 0.
    """
    known = [j.last_duration_s for j in jobs if j.last_duration_s is not None]
    unknown = statistics.median(known) if known else 0.0
    return {j.path: j.last_duration_s if j.last_duration_s is not None else unknown
            for j in jobs}


def lpt_order(jobs: Sequence[Job]) -> list[int]:
    """Indexes of ``jobs`` in start order: longest expected first, then larger first.

    The classic longest-processing-time rule: on ``m`` equal machines it finishes
    within 4/3 of the optimum, and it never leaves a long file to run alone at the end.
    A file's setup counts as part of its time, so a file that needs an instance of its
    own starts early and the instance starts while other files run.
    """
    expected = expected_seconds(jobs)
    return sorted(range(len(jobs)), key=lambda i: (
        -(expected[jobs[i].path] + jobs[i].setup_s), -jobs[i].size, jobs[i].path))


def critical_path_bound(instance_start_s: float, durations: Sequence[float],
                        cores: int) -> float:
    """No schedule on ``cores`` cores beats this: the instance start, plus the
    longest file or the total work spread over every core, whichever is larger."""
    if not durations:
        return instance_start_s
    return instance_start_s + max(max(durations), sum(durations) / max(1, cores))


def durations_by_path(history: Mapping[str, float | None], paths: Sequence[str],
                      sizes: Sequence[int]) -> list[Job]:
    """Zip paths, sizes and the known history into jobs."""
    return [Job(p, s, history.get(p)) for p, s in zip(paths, sizes, strict=True)]
