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
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType

from sphinxext.doccode.results import ErrorInfo, FileResult, FileStatus
from sphinxext.doccode.runner import procs
from sphinxext.doccode.runner.cache import ResultCache, cache_key
from sphinxext.doccode.runner.instances import FilePool, InstanceSet
from sphinxext.doccode.runner.options import FileRequest, RunOptions
from sphinxext.doccode.runner.outcomes import (
    apply_xfail,
    marker_error_result,
    skipped_result,
    unfinished_result,
)
from sphinxext.doccode.runner.pool import DriverPool
from sphinxext.doccode.sources.filemarkers import FileMarkers, parse_file_markers
from sphinxext.doccode.sources.initshape import ClusterShape, scan_shape
from sphinxext.doccode.sources.regions import parse_regions

Progress = Callable[[FileResult], None]


@dataclass
class _Plan:
    request: FileRequest
    markers: FileMarkers
    key: str | None = None
    result: FileResult | None = None  # known without running (skipped, cached, bad markers)
    shape: ClusterShape | None = None  # what the file's ray.init(...) asks of its instance


class Engine:
    """Owns the Ray instance and the driver pool of one run; use it as a context manager."""

    def __init__(self, options: RunOptions, *, progress: Progress | None = None) -> None:
        self.options = options
        self.progress = progress
        self.run_id = procs.new_run_id()
        self._log_dir = Path(tempfile.mkdtemp(prefix="doccode-logs-"))
        self._pool = DriverPool(options, self.run_id, self._log_dir)
        self._instances = InstanceSet(self._pool, options, self.run_id, self._log_dir)
        use_cache = options.cache_dir is not None and options.cache_mode != "off"
        self.cache = ResultCache(options.cache_dir) if use_cache and options.cache_dir else None
        #: things a person should know that are not one file's result (instance restarts)
        self.events: list[str] = []
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

    def run(self, requests: Sequence[FileRequest]) -> list[FileResult]:
        """Run ``requests``; results come back in request order. Example failures never raise."""
        plans = [self._plan(request) for request in requests]
        results: list[FileResult | None] = [plan.result for plan in plans]
        for result in results:
            if result is not None:
                self._report(result)
        pending = [i for i, plan in enumerate(plans) if plan.result is None]
        if pending:
            with _sigterm_as_exit():
                self._run_pending(plans, pending, results)
        return [result for result in results if result is not None]

    def _run_pending(self, plans: list[_Plan], pending: list[int],
                     results: list[FileResult | None]) -> None:
        workers = min(self.options.jobs, len(pending))
        executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="doccode")
        try:
            futures: dict[Future[FileResult], int] = {
                executor.submit(self._execute, plans[i]): i for i in pending
            }
            for future in as_completed(futures):
                index = futures[future]
                result = future.result()
                results[index] = result
                plan = plans[index]
                if self.cache is not None and plan.key is not None:
                    self.cache.put(plan.key, result)
                self._report(result)
        except BaseException:
            # Ctrl-C / SIGTERM: kill the drivers so the worker threads return now.
            executor.shutdown(wait=False, cancel_futures=True)
            self._pool.abort_busy()
            self._instances.abort_busy()
            raise
        finally:
            executor.shutdown(wait=True)

    def _plan(self, request: FileRequest) -> _Plan:
        try:
            content = request.path.read_bytes()
        except OSError as exc:
            error = ErrorInfo(None, "FileNotFound", f"cannot read {request.path}: {exc}")
            result = FileResult(request.display_path, FileStatus.ERROR, 0.0, error=error)
            return _Plan(request, FileMarkers(), result=result)
        source = content.decode("utf-8", errors="replace")
        markers = parse_file_markers(source)
        index = parse_regions(source, request.display_path)
        plan = _Plan(request, markers, shape=scan_shape(source).shape)
        if markers.problems or index.problems:
            plan.result = marker_error_result(request, index, markers)
        elif markers.skip is not None:
            plan.result = skipped_result(request, index, markers.skip)
        elif missing := markers.missing_requirements():
            plan.result = skipped_result(request, index, f"requires {', '.join(missing)}")
        elif self.cache is not None:
            plan.key = cache_key(content, self._settings(request, markers))
            if self.options.cache_mode == "auto":
                plan.result = self.cache.get(plan.key)
        return plan

    def _settings(self, request: FileRequest, markers: FileMarkers) -> dict[str, object]:
        options = self.options
        return {
            "ray_address": options.ray_address,
            "ray_resources": dict(options.ray_resources),
            "object_store_memory": options.object_store_memory,
            "timeout": markers.timeout or options.timeout,
            "stop_after": request.stop_after,
            "rewrite_asserts": request.rewrite_asserts,
            "isolation": options.isolation,
        }

    def _execute(self, plan: _Plan, retry: bool = True) -> FileResult:
        with self._instances.lease(plan.shape) as pool:
            return self._execute_on(pool, plan, retry)

    def _execute_on(self, pool: FilePool, plan: _Plan, retry: bool) -> FileResult:
        request, markers = plan.request, plan.markers
        timeout = markers.timeout or self.options.timeout
        started = time.monotonic()
        try:
            generation, driver, address = pool.acquire(fresh=markers.fresh_process)
        except Exception as exc:  # the instance could not be started
            return _error_result(request, "RayStartError", str(exc), started)
        with self._instances.redirects(plan.shape, address, timeout) as redirects:
            reply = driver.run(request, timeout, address, pool.instance_alive, redirects)
        reusable = reply.kind == "result" and not markers.fresh_process \
            and not redirects.switched
        pool.release(generation, driver, reusable=reusable)
        if not pool.instance_alive():
            pool.restart_instance()
            self.events.append(
                f"the Ray instance died while {request.display_path} ran; it was restarted"
                + (" and the file runs again" if retry else ""))
            if retry:  # the file is not to blame for a dead instance: once more
                return self._execute(plan, retry=False)
            return _error_result(request, "RayInstanceDied",
                                 "the Ray instance died while this file ran, twice", started)
        if reply.kind == "result" and reply.message is not None:
            result = FileResult.from_dict(reply.message["result"])
        else:
            index = parse_regions(request.path.read_text(encoding="utf-8"), request.display_path)
            result = unfinished_result(request, index, reply, timeout, time.monotonic() - started)
        return apply_xfail(result, markers)

    def _report(self, result: FileResult) -> None:
        if self.progress is not None:
            self.progress(result)

    def close(self) -> None:
        """Stop every process this engine started, by PID. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._instances.close()
        self._pool.close()
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
