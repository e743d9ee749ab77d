"""Per-file watching inside a driver: where the example is, hopeless demand, leaks.

While a file runs, a watcher thread tells the engine which line of the file
the example is executing (so a timeout or a crash is reported at the right
line), and asks the GCS what this file's Ray job waits for: a request that can
never be scheduled (see ``demand.py``) is reported at once, and the engine
stops the driver instead of waiting for the timeout (``ray.get`` cannot be
interrupted from another thread). When the file ends, detached actors of the
job (which outlive it) are killed and the driver disconnects, which ends the
job and with it its tasks, workers and ordinary actors.
"""

from __future__ import annotations

import importlib
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from sphinxext.doccode.runner.demand import PendingRequest, diagnose

POLL_SECONDS = 1.0
#: how long "actors hold what this job waits for" must last before we give up
STARVED_GRACE_SECONDS = 8.0
#: task events (all jobs) are the heavier query: read them this often
TASK_EVENTS_EVERY = 2


class JobWatch:
    def __init__(self, ray: Any, send: Callable[[dict[str, Any]], None], *,
                 watch_demand: bool) -> None:
        self.ray = ray
        self.send = send
        self.watch_demand = watch_demand
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._main_thread = threading.main_thread().ident or 0
        self._filename = ""

    def start(self, filename: str) -> None:
        self._filename = filename
        self._stop.clear()
        self._thread = threading.Thread(target=self._watch, name="doccode-demand", daemon=True)
        self._thread.start()

    def finish(self) -> list[str]:
        """End the file's job; return what had to be cleaned up."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        cleaned: list[str] = []
        if self.ray.is_initialized():
            try:
                cleaned = self._kill_detached_actors()
            except Exception as exc:  # never let cleanup hide the file's result
                cleaned = [f"could not list the job's detached actors: {exc}"]
            self.ray.shutdown()
        return cleaned

    def _watch(self) -> None:
        starved_since: float | None = None
        polls = 0
        last_where: tuple[int, ...] = ()
        while not self._stop.wait(POLL_SECONDS):
            where = self._where()
            if where and where != last_where:
                self.send({"event": "where", "lines": list(where)})
                last_where = where
            if not self.watch_demand or not self.ray.is_initialized():
                starved_since = None
                continue
            polls += 1
            try:
                found = self._diagnose(with_tasks=polls % TASK_EVENTS_EVERY == 0)
            except Exception:
                continue  # disconnected between the check and the query; try again
            if found is None:
                starved_since = None
                continue
            kind, message = found
            now = time.monotonic()
            if kind == "starved":
                starved_since = starved_since or now
                if now - starved_since < STARVED_GRACE_SECONDS:
                    continue
            self.send({"event": "unschedulable", "message": message})
            return

    def _where(self) -> tuple[int, ...]:
        """(top-level line, innermost line) the main thread is at in the example file."""
        frame = sys._current_frames().get(self._main_thread)
        lines: list[int] = []
        while frame is not None:
            if frame.f_code.co_filename == self._filename:
                lines.append(frame.f_lineno)
            frame = frame.f_back
        return (lines[-1], lines[0]) if lines else ()

    def _diagnose(self, *, with_tasks: bool) -> tuple[str, str] | None:
        gcs_pb2 = _generated("gcs_pb2")
        accessor = _accessor()
        job = self.ray.get_runtime_context().get_job_id()
        held: dict[str, float] = {}
        alive = 0
        pending: list[PendingRequest] = []
        for raw in accessor.get_actor_table(None, None):
            actor = gcs_pb2.ActorTableData.FromString(raw)
            state = gcs_pb2.ActorTableData.ActorState.Name(actor.state)
            if state == "ALIVE":
                alive += 1
                for name, amount in actor.required_resources.items():
                    held[name] = held.get(name, 0.0) + amount
            elif state == "PENDING_CREATION" and actor.job_id.hex() == job:
                pending.append(
                    PendingRequest(f"actor {actor.class_name}", dict(actor.required_resources)))
        if with_tasks:
            pending.extend(_pending_tasks(accessor, job))
        if not pending:
            return None
        return diagnose(pending, self.ray.cluster_resources(), held, alive)

    def _kill_detached_actors(self) -> list[str]:
        gcs_pb2 = _generated("gcs_pb2")
        job = self.ray.get_runtime_context().get_job_id()
        killed = []
        for raw in _accessor().get_actor_table(None, None):
            actor = gcs_pb2.ActorTableData.FromString(raw)
            if not actor.is_detached or actor.job_id.hex() != job:
                continue
            if gcs_pb2.ActorTableData.ActorState.Name(actor.state) == "DEAD":
                continue
            if actor.name:
                handle = self.ray.get_actor(actor.name, namespace=actor.ray_namespace)
                self.ray.kill(handle, no_restart=True)
                killed.append(f"killed detached actor {actor.name!r} ({actor.class_name})")
        return killed


def _generated(name: str) -> Any:
    """Ray's protobuf modules (typed loosely: their stubs do not cover them)."""
    return importlib.import_module(f"ray.core.generated.{name}")


def _accessor() -> Any:
    from ray._private import state

    return state.state._connect_and_get_accessor()


def _pending_tasks(accessor: Any, job: str) -> list[PendingRequest]:
    common_pb2, gcs_pb2 = _generated("common_pb2"), _generated("gcs_pb2")
    waiting = common_pb2.TaskStatus.Value("PENDING_NODE_ASSIGNMENT")
    normal = common_pb2.TaskType.Value("NORMAL_TASK")
    found = []
    for raw in accessor.get_task_events():
        event = gcs_pb2.TaskEvents.FromString(raw)
        if event.job_id.hex() != job or event.task_info.type != normal:
            continue
        states = event.state_updates.state_ts_ns
        if states and max(states, key=lambda s: states[s]) == waiting:
            found.append(PendingRequest(f"task {event.task_info.name}",
                                        dict(event.task_info.required_resources)))
    return found
