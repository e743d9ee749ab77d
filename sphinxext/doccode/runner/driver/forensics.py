"""Take a stopped unit's forensics inside its driver: the main thread's stack and its job's
Ray state, answered on the message pipe when the engine asks (before it stops us).

A thread of its own waits for the engine's question on a pipe of its own: the main
thread may be stuck in C code (``ray.get``), where no signal handler would run,
but another thread can still read its frames with ``sys._current_frames()``. The
Ray state comes from the GCS, as the job watcher reads it (the private instance
has no dashboard, so no state API server).
"""

from __future__ import annotations

import os
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any

from sphinxext.doccode.forensics import top_counts, trim_stack
from sphinxext.doccode.runner.protocol import Event
from sphinxext.doccode.runner.protocol import message as protocol_message

_read = os.read  # bound before any example can patch it
_current_frames = sys._current_frames
#: task states that mean "not finished"
UNFINISHED = ("PENDING_ARGS_AVAIL", "PENDING_NODE_ASSIGNMENT", "PENDING_OBJ_STORE_MEM_AVAIL",
              "PENDING_ARGS_FETCH", "SUBMITTED_TO_WORKER", "RUNNING", "RUNNING_IN_RAY_GET",
              "RUNNING_IN_RAY_WAIT")


def main_stack(own_files: list[str]) -> list[dict[str, Any]]:
    """The main thread's frames, trimmed to the example's own plus a short tail."""
    frame = _current_frames().get(threading.main_thread().ident or 0)
    if frame is None:
        return []
    frames = [{"file": f.filename, "line": f.lineno, "function": f.name,
               "code": (f.line or "").strip()} for f in traceback.extract_stack(frame)]
    return trim_stack(frames, own_files)


def ray_waiting(ray: Any) -> dict[str, list[dict[str, Any]]]:
    """What this driver's job waits for: its unfinished tasks, its live or pending actors,
    its placement groups, and every live actor (of any job) that holds resources."""
    from sphinxext.doccode.runner.driver.jobwatch import _accessor, _generated

    if not ray.is_initialized():
        return {}
    gcs_pb2, common_pb2 = _generated("gcs_pb2"), _generated("common_pb2")
    accessor = _accessor()
    job = ray.get_runtime_context().get_job_id()
    actors, holders = [], []
    for raw in accessor.get_actor_table(None, None):
        actor = gcs_pb2.ActorTableData.FromString(raw)
        state = gcs_pb2.ActorTableData.ActorState.Name(actor.state)
        mine = actor.job_id.hex() == job
        resources = {k: float(v) for k, v in actor.required_resources.items()}
        if state == "DEAD":
            continue
        if mine:
            actors.append({"name": actor.class_name, "state": state, "resources": resources})
        if state == "ALIVE" and resources:
            holders.append({"name": f"actor {actor.class_name}",
                            "job": "this job" if mine else "another job",
                            "resources": resources})
    tasks = []
    driver_task = common_pb2.TaskType.Value("DRIVER_TASK")
    for raw in accessor.get_task_events():
        event = gcs_pb2.TaskEvents.FromString(raw)
        if event.job_id.hex() != job or event.task_info.type == driver_task:
            continue
        updates = event.state_updates.state_ts_ns
        if not updates:
            continue
        state = common_pb2.TaskStatus.Name(max(updates, key=lambda s: updates[s]))
        if state in UNFINISHED:
            tasks.append({"name": event.task_info.name, "state": state,
                          "resources": {k: float(v) for k, v
                                        in event.task_info.required_resources.items()}})
    groups = []
    for raw in accessor.get_placement_group_table():
        group = gcs_pb2.PlacementGroupTableData.FromString(raw)
        state = gcs_pb2.PlacementGroupTableData.PlacementGroupState.Name(group.state)
        if group.creator_job_id.hex() == job and state != "REMOVED":
            groups.append({"name": group.name or "placement group", "state": state,
                           "resources": _bundles(group)})
    return {"tasks": top_counts(tasks), "actors": top_counts(actors),
            "placement_groups": top_counts(groups), "holders": top_counts(holders)}


def _bundles(group: Any) -> dict[str, float]:
    total: dict[str, float] = {}
    for bundle in group.bundles:
        for name, amount in bundle.unit_resources.items():
            total[name] = total.get(name, 0.0) + float(amount)
    return total


def take(ray: Any, own_files: list[str]) -> dict[str, Any]:
    """The forensics of the unit running now; never raises (what failed is named)."""
    data: dict[str, Any] = {"stack": [], "waiting": {}}
    problems = []
    try:
        data["stack"] = main_stack(own_files)
    except Exception as exc:
        problems.append(f"stack: {exc!r}")
    try:
        data["waiting"] = ray_waiting(ray)
    except Exception as exc:
        problems.append(f"Ray state: {exc!r}")
    if problems:
        data["problem"] = "; ".join(problems)
    return data


def answer_questions(ask_fd: int, ray: Any, own_files: Callable[[], list[str]],
                     send: Callable[[dict[str, Any]], None]) -> None:
    """Start the thread that answers each byte on ``ask_fd`` with a FORENSICS message."""

    def serve() -> None:
        while True:
            try:
                if not _read(ask_fd, 1):
                    return  # the engine closed the pipe
                send(protocol_message(Event.FORENSICS, forensics=take(ray, own_files())))
            except Exception:
                return  # the engine stops us anyway; forensics never crash a driver

    threading.Thread(target=serve, name="doccode-forensics", daemon=True).start()
