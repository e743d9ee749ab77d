"""The engine: runs doc_code files on one Ray instance with warm drivers, with a cache.

Sphinx-free; the builder and the pytest plugin drive it through ``Engine.run``.
It plans each unit (``plan/``), starts them in order, as many at once as the
machine holds (``schedule/``), and runs each on a pool of warm drivers
(``execution.py``, ``pools/``).
"""

from __future__ import annotations

import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType, TracebackType

from sphinxext.doccode.results import FileResult
from sphinxext.doccode.runner.engine import processes
from sphinxext.doccode.runner.engine.execution import UnitExecutor
from sphinxext.doccode.runner.engine.options import RunOptions
from sphinxext.doccode.runner.engine.plan.cache import ResultCache
from sphinxext.doccode.runner.engine.plan.planner import Plan, Planner
from sphinxext.doccode.runner.engine.plan.policy import UnitPolicy
from sphinxext.doccode.runner.engine.pools.instance_set import InstanceSet
from sphinxext.doccode.runner.engine.pools.warm import DriverPool
from sphinxext.doccode.runner.engine.processes import close_all
from sphinxext.doccode.runner.engine.schedule import load
from sphinxext.doccode.runner.engine.schedule.dispatch import run_in_order
from sphinxext.doccode.runner.engine.schedule.instance_plan import plan_instances
from sphinxext.doccode.runner.engine.schedule.job_limit import JobLimit
from sphinxext.doccode.runner.engine.schedule.load import LoadSampler
from sphinxext.doccode.runner.engine.schedule.start_order import start_order
from sphinxext.doccode.runner.engine.stats import RunStats
from sphinxext.doccode.runner.engine.units.unit import Unit, project_root

Progress = Callable[[FileResult], None]


class Engine:
    """Owns the Ray instance and the driver pool of one run; use it as a context manager."""

    def __init__(self, options: RunOptions, *, progress: Progress | None = None) -> None:
        self.options = options
        self.progress = progress
        self.run_id = processes.new_run_id()
        self._log_dir = Path(tempfile.mkdtemp(prefix="doccode-logs-"))
        self._pool = DriverPool(options, self.run_id, self._log_dir)
        self._policy = UnitPolicy(options, self._pool.driver_env)
        self._instances = InstanceSet(self._pool, options, self.run_id, self._log_dir)
        self._executor = UnitExecutor(options, self.run_id, self._instances)
        use_cache = options.cache_dir is not None and options.cache_mode != "off"
        self.cache = ResultCache(options.cache_dir) if use_cache and options.cache_dir else None
        self._planner = Planner(options, self._policy, self.cache)
        self.stats = RunStats(cores=load.cores())
        self._limit = JobLimit(options.jobs, cores=self.stats.cores,
                               memory_budget=options.memory_budget or load.total_memory() // 2)
        self._load = LoadSampler(self.run_id)
        self._start_s_before = 0.0  # instance start time spent before this run
        self._closed = False

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def events(self) -> list[str]:
        """What a person should know that is not one file's result (instance restarts)."""
        return self._executor.events

    @property
    def ray_started(self) -> bool:
        """Whether this engine started or connected to Ray at all (false when all cached)."""
        return self._pool.generation > 0 or self._instances.started

    @property
    def instance_failed(self) -> bool:
        """Whether the default instance failed to start (this engine will not retry)."""
        return self._pool.start_failed

    def warm_up(self) -> None:
        """Start the default instance and one driver now, in the background, so the
        next file to run finds them up (an engine kept across builds: watch mode)."""
        if self.options.isolation == "alone" or self._closed:
            return
        if self._pool.generation == 0:
            self._pool.start_driver_ahead()
        self._instances.prepare([None])

    def new_run(self) -> None:
        """Count the next :meth:`run` on its own: fresh stats, peak memory and events
        (an engine kept across builds; an instance already up cost that run nothing)."""
        self.stats = RunStats(cores=self.stats.cores)
        self._load = LoadSampler(self.run_id)
        self._executor.events = []
        self._start_s_before = self._pool.start_seconds
        self._instances.forget_starts()

    def run(self, units: Sequence[Unit]) -> list[FileResult]:
        """Run ``units``; results come back in their order. Example failures never raise."""
        if self.cache is not None:
            self.cache.hashes.new_run()  # files edited since the last run are seen
        plans = [self._planner.plan(unit) for unit in units]
        results: list[FileResult | None] = [plan.result for plan in plans]
        for plan, result in zip(plans, results, strict=True):
            if result is not None:
                result.settings = plan.markers.to_dict()
        for result in results:
            if result is not None:
                self._report(result)
        pending = [i for i, plan in enumerate(plans) if plan.result is None]
        if pending:
            started = time.monotonic()
            try:
                with _sigterm_as_exit():
                    self._run_pending(plans, pending, results)
            finally:
                self._update_stats(time.monotonic() - started)
        return [result for result in results if result is not None]

    def _run_pending(self, plans: list[Plan], pending: list[int],
                     results: list[FileResult | None]) -> None:
        def done(index: int, result: FileResult) -> None:
            results[index] = result
            plan = plans[index]
            self._instances.finished(plan.shape)
            if self.cache is not None and plan.key is not None:
                self.cache.put(plan.key, result, project_root(plan.unit))
            self._report(result)

        def instance_up(index: int) -> bool:
            return self._instances.ready(plans[index].shape)

        def done_in_group(index: int, result: FileResult) -> None:
            done(index, result)
            if gate is not None and gate.done(index) \
                    and self._instances.key(plans[index].shape) is None:
                self._pool.stop_instance()  # the next group's instance fits now

        gate, event = plan_instances(plans, pending, options=self.options, cache=self.cache,
                                     instances=self._instances, limit=self._limit,
                                     cores=self.stats.cores)
        if event is not None:
            self.events.append(event)
        # Every instance up at once, started ahead; or one at a time, group after group.
        self._instances.prepare([plans[i].shape for i in pending], ahead=gate is None)
        order = start_order(plans, pending, self.options, self.cache) if gate is None \
            else gate.order
        most = run_in_order(order, lambda i: self._executor.run(plans[i]), self._limit,
                            on_done=done_in_group, on_abort=self._abort_busy,
                            sample=self._load.sample,
                            ready=instance_up if gate is None else gate.ready)
        self.stats.highest_jobs = max(self.stats.highest_jobs, most)

    def _update_stats(self, wall_s: float) -> None:
        self.stats.wall_s += wall_s
        # What the first files waited for: the default instance, or, in a run where
        # every file asked for a shape of its own, a shaped one.
        self.stats.instance_start_s = (self._pool.start_seconds - self._start_s_before
                                       or self._instances.longest_shaped_start_s())
        self._load.measure_memory()  # the drivers are still up: a run shorter than one
        self.stats.peak_rss_bytes = self._load.peak_rss  # sampling interval counts too

    def _abort_busy(self) -> None:
        """Ctrl-C / SIGTERM: kill the busy drivers of every pool, so their files return now."""
        self._pool.abort_busy()
        self._instances.abort_busy()

    def _report(self, result: FileResult) -> None:
        if self.progress is not None:
            self.progress(result)

    def close(self) -> None:
        """Stop every process this engine started, by PID. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        close_all([self._instances.close, self._pool.close])
        shutil.rmtree(self._log_dir, ignore_errors=True)


@contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    """Turn SIGTERM into SystemExit while files run, so cleanup code gets to run."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous not in (signal.SIG_DFL, None):
        yield  # someone else handles SIGTERM: leave it to them
        return

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
