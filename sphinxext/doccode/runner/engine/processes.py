"""Stop processes this run started: by PID, as a tree, plus a sweep by run id.

Nothing here looks processes up by name: a run must never touch Ray processes
that belong to someone else (``ray stop`` would).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence

import psutil

#: environment variable carried by every process a run starts (Ray passes the
#: environment of the process that starts it down to gcs_server, raylet and
#: workers), so stragglers can be found by run even after their parent died.
RUN_ID_ENV = "DOCCODE_RUN_ID"


def new_run_id() -> str:
    return f"doccode-{os.getpid()}-{uuid.uuid4().hex[:12]}"


def process_tree(pid: int) -> list[psutil.Process]:
    """``pid`` and all its descendants (children first is not guaranteed)."""
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def processes_of_run(run_id: str, *, with_parts: bool = False) -> list[psutil.Process]:
    """Every live process whose environment carries ``RUN_ID_ENV=run_id`` (and, with
    ``with_parts``, ``run_id-...``: the run's shaped instances and their drivers)."""
    found = []
    own_pid = os.getpid()
    for proc in psutil.process_iter():
        if proc.pid == own_pid:
            continue
        try:
            value = proc.environ().get(RUN_ID_ENV)
            if value == run_id or (with_parts and value and value.startswith(run_id + "-")):
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess, OSError):
            continue
    return found


def stop_processes(procs: Iterable[psutil.Process], grace: float = 5.0) -> None:
    """SIGTERM, wait up to ``grace`` seconds, then SIGKILL whatever is left."""
    alive = _unique_alive(procs)
    for proc in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.terminate()
    still_alive = wait_stopped(alive, grace)
    for proc in still_alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.kill()
    wait_stopped(still_alive, grace)


def kill_tree(pid: int, grace: float = 0.0) -> None:
    """Stop ``pid`` and its descendants (SIGKILL straight away when grace is 0)."""
    procs = process_tree(pid)
    if grace > 0:
        stop_processes(procs, grace)
        return
    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.kill()
    wait_stopped(procs, 5.0)


def wait_stopped(procs: Sequence[psutil.Process], timeout: float) -> list[psutil.Process]:
    """Wait until each of ``procs`` is gone or a zombie; returns those still running.

    A zombie has stopped: it holds no memory and no port, only a slot its parent
    (for an orphan, process 1, which may take a second) has not reaped yet."""
    deadline = time.monotonic() + timeout
    while True:
        running = [proc for proc in procs if _not_zombie(proc.pid) and proc.is_running()]
        if not running or time.monotonic() >= deadline:
            return running
        time.sleep(0.02)


def sweep_run(run_id: str, grace: float = 3.0) -> list[int]:
    """Stop every process still carrying ``run_id``; returns the PIDs found."""
    procs = processes_of_run(run_id)
    if procs:
        stop_processes(procs, grace)
    return [p.pid for p in procs]


def wait_gone(pids: Iterable[int], timeout: float) -> bool:
    """Whether every one of ``pids`` is gone (or a zombie) within ``timeout``."""
    found = []
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess):
            found.append(psutil.Process(pid))
    return not wait_stopped(found, timeout)


def _not_zombie(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _unique_alive(procs: Iterable[psutil.Process]) -> list[psutil.Process]:
    seen: dict[int, psutil.Process] = {}
    for proc in procs:
        if proc.pid not in seen and proc.is_running():
            seen[proc.pid] = proc
    return list(seen.values())


def close_all(closers: Sequence[Callable[[], None]]) -> None:
    """Call ``closers`` at the same time (each in a thread) and wait for all: stopping
    one pool, instance or driver does not wait for another's."""
    threads = [threading.Thread(target=close, name="doccode-close") for close in closers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
