"""Per-file watching inside a driver: where the example is, hopeless demand, leaks.

While a file runs, a watcher thread tells the engine which line of the file
the example is executing (so a timeout or a crash is reported at the right
line), and asks the GCS what this file's Ray job waits for: a request that can
never be scheduled (see ``demand.py``) is reported at once, and the engine
stops the driver instead of waiting for the timeout (``ray.get`` cannot be
interrupted from another thread).

A driver keeps its Ray job from one file to the next (the job's warm worker
processes are most of the speed). When a file ends, every actor and placement
group it created (detached ones too) is removed; if tasks of the file are
still pending or running, or cleanup fails, the driver disconnects instead,
which ends the job and with it everything it still ran.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from sphinxext.doccode.runner.driver.demand import PendingRequest, crowded_out, diagnose
from sphinxext.doccode.runner.protocol import SHAPED_BY_FILE_ENV, WATCH_DEMAND_ENV, Event
from sphinxext.doccode.runner.protocol import message as protocol_message

POLL_SECONDS = 1.0
#: how long "actors hold what this job waits for" must last before we give up
STARVED_GRACE_SECONDS = 8.0
#: how long a file may wait for resources other files' actors hold before the
#: engine runs it again on its own (two such files may wait for each other)
CROWDED_GRACE_SECONDS = 10.0
#: how long each kind of hopeless wait must last before it is reported
GRACE_SECONDS = {"starved": STARVED_GRACE_SECONDS, "crowded": CROWDED_GRACE_SECONDS}
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
        self._watch_crowded = False

    @property
    def filename(self) -> str:
        """The file (or page) of the unit running now."""
        return self._filename

    def start(self, filename: str, *, watch_crowded: bool = False) -> None:
        """Watch the file's demand; ``watch_crowded``: also report a file that waits
        for resources other files' actors hold (``CROWDED_GRACE_SECONDS`` on end)."""
        self._filename = filename
        self._watch_crowded = watch_crowded
        self._stop.clear()
        self._thread = threading.Thread(target=self._watch, name="doccode-demand", daemon=True)
        self._thread.start()

    def finish(self) -> list[str]:
        """Leave the driver's Ray job clean for the next file, or end it.

        Returns why the job had to end (empty when it was reused as is).
        """
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if not self.ray.is_initialized():
            return []
        from sphinxext.doccode.runner.driver import rayshim

        try:
            # A job made to the example's measure (its own namespace, ...) is
            # not the anonymous-namespace job the next file expects.
            reason = "the file chose its own namespace or runtime environment" \
                if rayshim.state.custom_job else self._reclaim()
        except Exception as exc:  # never let cleanup hide the file's result
            reason = f"cleanup failed: {exc}"
        if reason:
            self.ray.shutdown()  # ending the job stops whatever it still runs
            return [reason]
        if os.environ.get(SHAPED_BY_FILE_ENV) == "1":
            # An instance of the file's own shape, one file at a time: the next
            # file must find all of it free, as it would on a node of its own.
            _wait_resources_back(self.ray)
        return []

    def _reclaim(self) -> str:
        """Stop what the file left in the job; "" when the job is clean again."""
        gcs_pb2 = _generated("gcs_pb2")
        worker = self.ray._private.worker.global_worker
        core = worker.core_worker
        pending = core.get_pending_children_task_ids(core.get_current_task_id())
        if pending:
            return f"{len(pending)} task(s) of the file were still pending or running"
        job = self.ray.get_runtime_context().get_job_id()
        accessor = _accessor()
        alive = []
        for raw in accessor.get_actor_table(None, None):
            actor = gcs_pb2.ActorTableData.FromString(raw)
            if actor.job_id.hex() == job and actor.state != gcs_pb2.ActorTableData.DEAD:
                alive.append(actor.actor_id)
                core.kill_actor(self.ray.ActorID(actor.actor_id), True)
        for raw in accessor.get_placement_group_table():
            group = gcs_pb2.PlacementGroupTableData.FromString(raw)
            if (group.creator_job_id.hex() == job
                    and group.state != gcs_pb2.PlacementGroupTableData.REMOVED):
                from ray.util.placement_group import PlacementGroup

                pg_id = self.ray.PlacementGroupID(group.placement_group_id)
                self.ray.util.remove_placement_group(PlacementGroup(pg_id))
        if alive and not _wait_dead(accessor, gcs_pb2, set(alive)):
            return "the file's actors did not stop"
        return ""

    def _watch(self) -> None:
        since: dict[str, float] = {}  # kind -> since when it has been seen, each poll
        polls = 0
        last_where: tuple[int, ...] = ()
        while not self._stop.wait(POLL_SECONDS):
            where = self._where()
            if where and where != last_where:
                self.send(protocol_message(Event.WHERE, lines=list(where)))
                last_where = where
            if not self.watch_demand or not self.ray.is_initialized():
                since.clear()
                continue
            polls += 1
            with_tasks = polls % TASK_EVENTS_EVERY == 0
            try:
                found = self._diagnose(with_tasks=with_tasks)
            except Exception:
                continue  # disconnected between the check and the query; try again
            if found is None:
                if with_tasks:  # a poll without task events cannot clear a wait of tasks
                    since.clear()
                continue
            kind, message = found
            now = time.monotonic()
            since = {kind: since.get(kind, now)}
            grace = GRACE_SECONDS.get(kind, 0.0)
            if now - since[kind] < grace:
                continue
            event = Event.CROWDED if kind == "crowded" else Event.UNSCHEDULABLE
            self.send(protocol_message(event, message=message))
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
        others: dict[str, float] = {}
        alive = 0
        pending: list[PendingRequest] = []
        for raw in accessor.get_actor_table(None, None):
            actor = gcs_pb2.ActorTableData.FromString(raw)
            state = gcs_pb2.ActorTableData.ActorState.Name(actor.state)
            # Only this file's own actors count as holding resources "for good":
            # another file's actors end with that file (files share the instance).
            mine = actor.job_id.hex() == job
            if state == "ALIVE":
                alive += 1 if mine else 0
                into = held if mine else others
                for name, amount in actor.required_resources.items():
                    into[name] = into.get(name, 0.0) + amount
            elif state == "PENDING_CREATION" and mine:
                pending.append(
                    PendingRequest(f"actor {actor.class_name}", dict(actor.required_resources)))
        if with_tasks:
            pending.extend(_pending_tasks(accessor, job))
        if not pending:
            return None
        totals, nodes = _capacity()
        cluster = os.environ.get(WATCH_DEMAND_ENV) == "cluster"
        found = diagnose(pending, totals, held, alive, nodes, cluster=cluster)
        if found is None and self._watch_crowded:
            message = crowded_out(pending, totals, held, others)
            if message:
                return "crowded", message
        return found


def _capacity() -> tuple[dict[str, float], list[dict[str, float]]]:
    """Totals and per-node totals of what the cluster has or, if it autoscales, may have."""
    from ray._private import state

    alive = {node["NodeID"] for node in state.state.node_table()  # type: ignore[no-untyped-call]
             if node["Alive"]}
    nodes = [{k: float(v) for k, v in resources.items()} for node_id, resources
             in state.state.total_resources_per_node().items() if node_id in alive]
    try:
        most = state.state.get_max_resources_from_cluster_config()
    except Exception:
        most = None
    totals: dict[str, float] = {}
    for node in nodes:
        for name, amount in node.items():
            totals[name] = totals.get(name, 0.0) + amount
    if most:  # an autoscaler may add nodes of its configured types, up to these amounts
        nodes.append({k: float(v) for k, v in most.items()})
        for name, amount in most.items():
            totals[name] = max(totals.get(name, 0.0), float(amount))
    return totals, nodes


def _wait_dead(accessor: Any, gcs_pb2: Any, actor_ids: set[bytes],
               timeout: float = 10.0) -> bool:
    """Wait until the killed actors are dead, so their resources and names are free."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = {}
        for raw in accessor.get_actor_table(None, None):
            actor = gcs_pb2.ActorTableData.FromString(raw)
            if actor.actor_id in actor_ids:
                states[actor.actor_id] = actor.state
        if all(state == gcs_pb2.ActorTableData.DEAD for state in states.values()):
            return True
        time.sleep(0.02)
    return False


def _wait_resources_back(ray: Any, timeout: float = 10.0) -> bool:
    """Wait until every logical resource of the instance is available again (removed
    placement groups and killed actors free theirs asynchronously)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        total, available = ray.cluster_resources(), ray.available_resources()
        if all(available.get(name, 0.0) >= amount for name, amount in total.items()
               if name not in ("memory", "object_store_memory")):
            return True
        time.sleep(0.05)
    return False


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
