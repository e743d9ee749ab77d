"""The engine: runs doc_code files on one Ray instance with warm drivers, with a cache.

Sphinx-free; the builder and the pytest plugin drive it through ``Engine.run``.
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

from sphinxext.doccode.results import ErrorInfo, FileResult, FileStatus
from sphinxext.doccode.runner import inline_units, load, procs
from sphinxext.doccode.runner.cache import ResultCache
from sphinxext.doccode.runner.dispatch import run_in_order
from sphinxext.doccode.runner.instance_groups import (
    INSTANCE_RSS,
    WORKER_RSS,
    GroupGate,
    one_instance_at_a_time,
)
from sphinxext.doccode.runner.instances import FilePool, InstanceSet
from sphinxext.doccode.runner.load import LoadSampler
from sphinxext.doccode.runner.options import FileRequest, RunOptions
from sphinxext.doccode.runner.outcomes import (
    apply_xfail,
    request_index,
    unfinished_result,
)
from sphinxext.doccode.runner.parallel import JobLimit
from sphinxext.doccode.runner.planning import Plan, Planner
from sphinxext.doccode.runner.pool import DriverPool, idle_worker_limit
from sphinxext.doccode.runner.procs import close_all
from sphinxext.doccode.runner.runstats import RunStats
from sphinxext.doccode.runner.turns import Turns
from sphinxext.doccode.runner.unitsettings import UnitPolicy

Progress = Callable[[FileResult], None]
#: the error of a file stopped for waiting on other files' actors (it runs again alone)
CROWDED_OUT = "CrowdedOut"


class Engine:
    """Owns the Ray instance and the driver pool of one run; use it as a context manager."""

    def __init__(self, options: RunOptions, *, progress: Progress | None = None) -> None:
        self.options = options
        self.progress = progress
        self.run_id = procs.new_run_id()
        self._log_dir = Path(tempfile.mkdtemp(prefix="doccode-logs-"))
        self._pool = DriverPool(options, self.run_id, self._log_dir)
        self._policy = UnitPolicy(options, self._pool.driver_env)
        self._turns = Turns()  # exclusive files run alone
        self._instances = InstanceSet(self._pool, options, self.run_id, self._log_dir)
        use_cache = options.cache_dir is not None and options.cache_mode != "off"
        self.cache = ResultCache(options.cache_dir) if use_cache and options.cache_dir else None
        self._planner = Planner(options, self._policy, self.cache)
        #: things a person should know that are not one file's result (instance restarts)
        self.events: list[str] = []
        self._ready_at: dict[tuple[int, int], float] = {}  # (pool, generation) -> when up
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
        self.events = []
        self._start_s_before = self._pool.start_seconds
        self._instances.forget_starts()

    def run(self, requests: Sequence[FileRequest]) -> list[FileResult]:
        """Run ``requests``; results come back in request order. Example failures never raise."""
        plans = [self._planner.plan(request) for request in requests]
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
                self.cache.put(plan.key, result)
            self._report(result)

        def instance_up(index: int) -> bool:
            return self._instances.ready(plans[index].shape)

        def done_in_group(index: int, result: FileResult) -> None:
            done(index, result)
            if gate is not None and gate.done(index) \
                    and self._instances.key(plans[index].shape) is None:
                self._pool.stop_instance()  # the next group's instance fits now

        gate = self._plan_instances(plans, pending)
        # Every instance up at once, started ahead; or one at a time, group after group.
        self._instances.prepare([plans[i].shape for i in pending], ahead=gate is None)
        most = run_in_order(self._planner.start_order(plans, pending) if gate is None
                            else gate.order,
                            lambda i: self._execute_in_turn(plans[i]), self._limit,
                            on_done=done_in_group, on_abort=self._abort_busy,
                            sample=self._load.sample,
                            ready=instance_up if gate is None else gate.ready)
        self.stats.highest_jobs = max(self.stats.highest_jobs, most)

    def _plan_instances(self, plans: list[Plan], pending: list[int]) -> GroupGate | None:
        """Long files get an instance each, and every instance starts ahead, when the
        memory budget holds them all with a file per core; otherwise (and no
        instance for long files) a gate that runs them one instance at a time."""
        own = self._planner.own_instances(plans, pending)
        if self.options.isolation == "alone":
            return None
        budget, cores, idle = self._limit.memory_budget, self.stats.cores, idle_worker_limit()

        def private_instances(keys: dict[int, str | None]) -> int:
            """An existing cluster costs this run nothing."""
            used = set(keys.values())
            return len(used - {None}) + (None in used and not self.options.ray_address)

        keys = {i: self._instances.key(plans[i].shape) for i in pending}
        if own and one_instance_at_a_time(budget, private_instances(keys), cores, idle):
            for i in own:  # no memory for instances of their own
                plans[i].shape = None
                keys[i] = None
        count = private_instances(keys)
        if not one_instance_at_a_time(budget, count, cores, idle):
            self._limit.fit(count * (INSTANCE_RSS + idle * WORKER_RSS))
            return None
        self._limit.fit(INSTANCE_RSS + cores * WORKER_RSS)  # lean: an idle worker per core
        self._pool.lean = self._instances.lean = True
        self.events.append(
            f"the memory budget ({budget >> 20} MiB) holds one Ray instance at a time, not "
            f"{count}: their files ran one instance after the other")
        return GroupGate(self._planner.start_order(plans, pending), keys)

    def _update_stats(self, wall_s: float) -> None:
        self.stats.wall_s += wall_s
        # What the first files waited for: the default instance, or, in a run where
        # every file asked for a shape of its own, a shaped one.
        self.stats.instance_start_s = (self._pool.start_seconds - self._start_s_before
                                       or self._instances.longest_shaped_start_s())
        self._load.measure_memory()  # the drivers are still up: a run shorter than one
        self.stats.peak_rss_bytes = self._load.peak_rss  # sampling interval counts too

    def _execute_in_turn(self, plan: Plan) -> FileResult:
        alone = plan.markers.exclusive
        with self._turns.take(alone=alone):
            # A file running beside others is watched for waiting on their actors.
            result = self._execute_guarded(plan, watch_crowded=not alone)
        if result.error is not None and result.error.type == CROWDED_OUT:
            self.events.append(f"{plan.request.display_path} waited for resources other "
                               "files' actors held; it ran again on its own")
            with self._turns.take(alone=True):
                result = self._execute_guarded(plan, watch_crowded=False)
        result.settings = plan.markers.to_dict()
        return result

    def _execute(self, plan: Plan, retry: bool = True, watch_crowded: bool = False,
                 ) -> FileResult:
        with self._instances.lease(plan.shape) as pool:
            return self._execute_on(pool, plan, retry, watch_crowded)

    def _execute_on(self, pool: FilePool, plan: Plan, retry: bool,
                    watch_crowded: bool = False) -> FileResult:
        request, markers = plan.request, plan.markers
        timeout = markers.timeout or self.options.timeout
        started, started_at = time.monotonic(), time.time()
        try:
            generation, driver, address = pool.acquire(
                fresh=markers.fresh_process or bool(markers.env), env=markers.env)
        except Exception as exc:  # the instance could not be started
            return _error_result(request, "RayStartError", str(exc), started)
        ready_at = self._ready_at.setdefault((id(pool), generation), time.time())
        with self._instances.redirects(plan.shape, address, timeout) as redirects:
            reply = driver.run(request, timeout, address, pool.instance_alive, redirects,
                               watch_crowded=watch_crowded)
        reusable = reply.kind == "result" and not markers.fresh_process and \
            not markers.env and not redirects.switched and \
            bool(reply.message and reply.message.get("reusable", True))
        pool.release(generation, driver, reusable=reusable)
        if reply.message and reply.message.get("recycle"):
            self.events.append(f"the driver that ran {request.display_path} was replaced: "
                               + "; ".join(reply.message["recycle"]))
        if not pool.instance_alive():
            pool.restart_instance()
            self.events.append(
                f"the Ray instance died while {request.display_path} ran; it was restarted"
                + (" and the file runs again" if retry else ""))
            if retry:  # the file is not to blame for a dead instance: once more
                return self._execute(plan, retry=False, watch_crowded=watch_crowded)
            return _error_result(request, "RayInstanceDied",
                                 "the Ray instance died while this file ran, twice", started)
        if reply.kind == "crowded":  # the caller runs it again on its own
            return _error_result(request, CROWDED_OUT, reply.unschedulable, started)
        if reply.kind == "result" and reply.message is not None:
            result = FileResult.from_dict(reply.message["result"])
        elif request.inline is not None:
            result = inline_units.unfinished_page_result(request, reply, timeout,
                                                         time.monotonic() - started)
        else:
            source = request.path.read_bytes().decode("utf-8", errors="replace")
            index = request_index(request, source)
            result = unfinished_result(request, index, reply, timeout, time.monotonic() - started)
        result = apply_xfail(result, markers)
        # for the run's timeline (pages/timeline_svg.py)
        result.started_at, result.ended_at, result.instance_ready_at = (
            started_at, time.time(), ready_at)
        result.driver, result.run_id = driver.pid, self.run_id
        return result

    def _execute_guarded(self, plan: Plan, watch_crowded: bool = False) -> FileResult:
        """:meth:`_execute`, where even a failure of the engine itself is one file's error."""
        started = time.monotonic()
        try:
            return self._execute(plan, watch_crowded=watch_crowded)
        except Exception as exc:
            return _error_result(plan.request, "EngineError", (
                f"the engine failed while running {plan.request.display_path}: "
                f"{type(exc).__name__}: {exc} (hint: the other files still ran; please "
                "report this with the file)"), started)

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


def _error_result(request: FileRequest, kind: str, message: str, started: float) -> FileResult:
    return FileResult(request.display_path, FileStatus.ERROR, time.monotonic() - started,
                      error=ErrorInfo(None, kind, message))


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
