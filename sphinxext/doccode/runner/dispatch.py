"""Start files in a given order, as many at a time as a changing limit allows."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

from sphinxext.doccode.runner.parallel import JobLimit, LoadSample

T = TypeVar("T")
R = TypeVar("R")


def run_in_order(items: Sequence[T], execute: Callable[[T], R], limit: JobLimit, *,
                 on_done: Callable[[T, R], None], on_abort: Callable[[], None],
                 sample: Callable[[], LoadSample], every: float = 0.5) -> int:
    """``execute`` each item in a worker thread, starting them in ``items`` order.

    ``sample`` is taken every ``every`` seconds and fed to ``limit``; on an
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
            while queue and len(running) < limit.limit:
                item = queue.popleft()
                running[executor.submit(execute, item)] = item
            most = max(most, len(running))
            done, _ = wait(running, timeout=max(0.05, next_sample - time.monotonic()),
                           return_when=FIRST_COMPLETED)
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
