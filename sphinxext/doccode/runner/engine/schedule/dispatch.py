"""Start files in a given order, as many at a time as a changing limit allows."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

from sphinxext.doccode.runner.engine.schedule.job_limit import JobLimit, LoadSample

T = TypeVar("T")
R = TypeVar("R")

#: how often items that are not ready yet are asked again (seconds)
POLL_READY_S = 0.1


def _next_ready(queue: deque[T], ready: Callable[[T], bool]) -> tuple[T] | None:
    """Take the first ready item out of ``queue`` (in a 1-tuple: items may be falsy)."""
    for index, item in enumerate(queue):
        if ready(item):
            del queue[index]
            return (item,)
    return None


def run_in_order(items: Sequence[T], execute: Callable[[T], R], limit: JobLimit, *,
                 on_done: Callable[[T, R], None], on_abort: Callable[[], None],
                 sample: Callable[[], LoadSample], every: float = 0.5,
                 ready: Callable[[T], bool] = lambda item: True) -> int:
    """``execute`` each item in a worker thread, starting them in ``items`` order.

    An item that is not ``ready`` yet (its Ray instance is still starting) is
    passed over for the next ready one, and started once it is ready, so it
    never holds a slot while it waits. ``sample`` is taken every ``every``
    seconds and fed to ``limit``; on an
    exception (Ctrl-C, SIGTERM) queued items are dropped and ``on_abort`` runs
    before the threads are waited for, so it can make them return. Returns the
    most items that ran at once.
    """
    queue = deque(items)
    running: dict[Future[R], T] = {}
    executor = ThreadPoolExecutor(max_workers=max(1, min(limit.max_jobs, len(items))),
                                  thread_name_prefix="doccode")
    next_sample = time.monotonic()
    most = 0
    try:
        while queue or running:
            now = time.monotonic()
            if now >= next_sample:
                limit.observe(sample(), running=len(running), waiting=len(queue))
                next_sample = now + every
            while len(running) < limit.limit and (item := _next_ready(queue, ready)):
                running[executor.submit(execute, item[0])] = item[0]
            most = max(most, len(running))
            # Waiting items are polled while others run (or while nothing does).
            timeout = max(0.05, next_sample - time.monotonic())
            if len(queue) and len(running) < limit.limit:
                timeout = min(timeout, POLL_READY_S)
            if not running:
                time.sleep(timeout)
                continue
            done, _ = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
            for future in done:
                on_done(running.pop(future), future.result())
        sample()  # the last state counts for the peak too
        return most
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        on_abort()
        raise
    finally:
        executor.shutdown(wait=True)
