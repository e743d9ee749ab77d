"""Starting files in order under a job limit, with files that wait for their instance:
pure, no Ray (threads and synthetic readiness)."""

from __future__ import annotations

import threading
import time

from sphinxext.doccode.runner.engine.schedule.dispatch import run_in_order
from sphinxext.doccode.runner.engine.schedule.job_limit import JobLimit, LoadSample

IDLE = LoadSample(cpu_busy=0.0, available_memory=1 << 34, run_rss=0)


def test_a_file_waiting_for_its_instance_holds_no_slot() -> None:
    instance_up = threading.Event()
    started: list[str] = []
    lock = threading.Lock()

    def execute(name: str) -> str:
        with lock:
            started.append(name)
        if name == "plain-1":
            time.sleep(0.3)  # the shaped instance comes up while this one runs
            instance_up.set()
        return name

    done: list[str] = []
    most = run_in_order(
        ["shaped", "plain-1", "plain-2", "plain-3"], execute, JobLimit(1, cores=1,
                                                                       memory_budget=1 << 30),
        on_done=lambda item, result: done.append(result), on_abort=lambda: None,
        sample=lambda: IDLE, every=0.05,
        ready=lambda name: name != "shaped" or instance_up.is_set())
    # The shaped file went first in the order, but the one slot went to plain-1
    # while its instance started, and the shaped file started as soon as it was up.
    assert started[:2] == ["plain-1", "shaped"]
    assert sorted(done) == ["plain-1", "plain-2", "plain-3", "shaped"]
    assert most == 1


def test_nothing_ready_waits_without_spinning_and_then_starts() -> None:
    up_at = time.monotonic() + 0.3
    calls = 0

    def ready(name: str) -> bool:
        nonlocal calls
        calls += 1
        return time.monotonic() >= up_at

    done: list[str] = []
    run_in_order(["only"], lambda name: name, JobLimit(2, cores=2, memory_budget=1 << 30),
                 on_done=lambda item, result: done.append(result), on_abort=lambda: None,
                 sample=lambda: IDLE, every=0.05, ready=ready)
    assert done == ["only"]
    assert calls < 30  # polled every 0.1 s or so, not in a busy loop
