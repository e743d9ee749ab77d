"""Samples of the machine's load and of the run's memory, taken with psutil."""

from __future__ import annotations

import contextlib
import time

import psutil

from sphinxext.doccode.runner.engine import processes
from sphinxext.doccode.runner.engine.options import machine_cpus
from sphinxext.doccode.runner.engine.schedule.job_limit import LoadSample


class LoadSampler:
    """CPU use since the previous sample, free memory, and the summed RSS of every
    process of one run (found by run id, see :func:`processes.processes_of_run`).

    Finding the run's processes reads every process of the machine (tens of
    milliseconds on a busy one), so memory is measured at most every
    ``memory_every`` seconds; CPU and free memory are cheap, taken every time.
    """

    def __init__(self, run_id: str, memory_every: float = 1.5) -> None:
        self.run_id = run_id
        self.memory_every = memory_every
        self.peak_rss = 0
        self._rss = 0
        self._measured = float("-inf")
        psutil.cpu_percent(interval=None)  # the first call only starts the clock

    def measure_memory(self) -> None:
        """Sum the run's memory now (also at the end of a run shorter than one interval)."""
        self._measured = time.monotonic()
        self._rss = run_rss(self.run_id)
        self.peak_rss = max(self.peak_rss, self._rss)

    def sample(self) -> LoadSample:
        if time.monotonic() - self._measured >= self.memory_every:
            self.measure_memory()
        return LoadSample(
            cpu_busy=psutil.cpu_percent(interval=None) / 100.0,
            available_memory=psutil.virtual_memory().available,
            run_rss=self._rss,
        )


def run_rss(run_id: str) -> int:
    """Summed resident memory of every live process of the run."""
    rss = 0
    for proc in processes.processes_of_run(run_id, with_parts=True):
        with contextlib.suppress(psutil.Error):
            rss += proc.memory_info().rss
    return rss


def total_memory() -> int:
    return int(psutil.virtual_memory().total)


def cores() -> int:
    """CPUs this process may use (its affinity), not every CPU of the machine."""
    return machine_cpus()
