"""How many files run at once: a fixed number, or adapted to the machine's load.

Pure: fed with :class:`LoadSample` values (``runner/engine/schedule/load.py`` takes them with
psutil), so it is tested with synthetic loads. With ``"auto"`` the limit starts
at the number of cores, grows by one while the CPUs stay idle and files are
waiting (sleep- or wait-bound examples), shrinks back towards the cores when
they are busy, and never lets the run's memory pass its budget.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

MIB = 1 << 20


@dataclass(frozen=True)
class LoadSample:
    """The machine and the run at one moment."""

    cpu_busy: float  # share of all CPUs busy since the previous sample, 0..1
    available_memory: int  # bytes the machine can still hand out
    run_rss: int  # bytes resident in this run's processes


@dataclass(frozen=True)
class Policy:
    """The knobs of the adaptive limit (defaults measured on a 2-core machine)."""

    idle_below: float = 0.6  # CPUs this idle (smoothed) and files waiting: add a job
    busy_above: float = 0.9  # CPUs this busy: take jobs back, down to the cores
    window: int = 3  # samples averaged
    settle: int = 4  # samples to wait after a change (a new driver costs CPU to start)
    per_job_memory: int = 300 * MIB  # a driver, its job's workers: the least a job costs
    min_available: int = 1 << 30  # never start a job that leaves the machine less


class JobLimit:
    """The number of files allowed to run now; call :meth:`observe` with each sample."""

    def __init__(self, jobs: int | str, *, cores: int, memory_budget: int,
                 max_jobs: int | None = None, policy: Policy | None = None) -> None:
        self.adaptive = jobs == "auto"
        self.policy = policy or Policy()
        self.cores = max(1, cores)
        self.memory_budget = memory_budget
        if self.adaptive:
            self.max_jobs = max_jobs or max(self.cores, min(4 * self.cores, 16))
            self.limit = min(self.cores, self.max_jobs)
        else:
            self.limit = self.max_jobs = int(jobs)
        self.highest = self.limit
        self.reserved = 0  # bytes the run's instances hold or will (:meth:`fit`)
        self._cpu: deque[float] = deque(maxlen=self.policy.window)
        self._quiet = 0

    def fit(self, reserved: int) -> int:
        """Start no more files at once than the budget holds beside ``reserved`` bytes
        (the instances of the run), at least one; a fixed number is left as it is."""
        self.reserved = reserved
        if self.adaptive:
            room = (self.memory_budget - reserved) // self.policy.per_job_memory
            self.limit = max(1, min(self.limit, room))
        return self.limit

    def observe(self, sample: LoadSample, *, running: int, waiting: int) -> int:
        """Update the limit from one sample; ``running``/``waiting``: files of this run."""
        if not self.adaptive:
            return self.limit
        policy = self.policy
        self._cpu.append(sample.cpu_busy)
        if self._quiet > 0:
            self._quiet -= 1
            return self.limit
        cpu = sum(self._cpu) / len(self._cpu)
        per_job = max(policy.per_job_memory, sample.run_rss // max(1, running))
        over_memory = (sample.run_rss > self.memory_budget
                       or sample.available_memory < policy.min_available)
        # An instance still starting holds less than it will: count what it will.
        used = max(sample.run_rss, self.reserved + running * policy.per_job_memory)
        room = (used + per_job <= self.memory_budget
                and sample.available_memory - per_job >= policy.min_available)
        if over_memory and self.limit > 1:
            self._change(max(1, min(self.limit, running) - 1))
        elif (cpu < policy.idle_below and room and waiting > 0 and running >= self.limit
              and self.limit < self.max_jobs):
            self._change(self.limit + 1)
        elif cpu > policy.busy_above and self.limit > self.cores:
            self._change(self.limit - 1)
        return self.limit

    def _change(self, limit: int) -> None:
        self.limit = limit
        self.highest = max(self.highest, limit)
        self._quiet = self.policy.settle
