"""One planned unit on a warm driver: its turn, its pool, the driver's reply made a result.

A failure of the engine itself while a unit runs is that unit's error; a Ray
instance that died under a unit is restarted and the unit runs once more; a
unit stopped for waiting on other units' actors runs again on its own.
"""

from __future__ import annotations

import time

from sphinxext.doccode.results import ErrorInfo, FileResult, FileStatus
from sphinxext.doccode.runner.engine.options import RunOptions
from sphinxext.doccode.runner.engine.plan.planner import Plan
from sphinxext.doccode.runner.engine.plan.xfail import apply_xfail
from sphinxext.doccode.runner.engine.pools.instance_set import FilePool, InstanceSet
from sphinxext.doccode.runner.engine.schedule.turns import Turns
from sphinxext.doccode.runner.engine.units.unit import Unit, project_root

#: the error of a file stopped for waiting on other files' actors (it runs again by itself)
CROWDED_OUT = "CrowdedOut"


class UnitExecutor:
    """Runs planned units on the pools of one engine; ``events``: what a person should
    know that is not one unit's result (a restarted instance, a replaced driver)."""

    def __init__(self, options: RunOptions, run_id: str, instances: InstanceSet) -> None:
        self.options = options
        self.run_id = run_id
        self._instances = instances
        self._turns = Turns()  # exclusive files run by themselves
        self._ready_at: dict[tuple[int, int], float] = {}  # (pool, generation) -> when up
        self.events: list[str] = []

    def run(self, plan: Plan) -> FileResult:
        """Run ``plan``'s unit in its turn; failures never raise."""
        exclusive = plan.markers.exclusive
        with self._turns.take(exclusive=exclusive):
            # A file running beside others is watched for waiting on their actors.
            result = self._execute_guarded(plan, watch_crowded=not exclusive)
        if result.error is not None and result.error.type == CROWDED_OUT:
            self.events.append(f"{plan.unit.display_path} waited for resources other "
                               "files' actors held; it ran again on its own")
            with self._turns.take(exclusive=True):
                result = self._execute_guarded(plan, watch_crowded=False)
        result.settings = plan.markers.to_dict()
        result.rerun_reason = plan.rerun_reason
        return result

    def _execute(self, plan: Plan, retry: bool = True, watch_crowded: bool = False,
                 ) -> FileResult:
        with self._instances.lease(plan.shape) as pool:
            return self._execute_on(pool, plan, retry, watch_crowded)

    def _execute_on(self, pool: FilePool, plan: Plan, retry: bool,
                    watch_crowded: bool = False) -> FileResult:
        unit, markers = plan.unit, plan.markers
        timeout = markers.timeout or self.options.timeout
        started, started_at = time.monotonic(), time.time()
        try:
            generation, driver, address = pool.acquire(
                fresh=markers.fresh_process or bool(markers.env), env=markers.env)
        except Exception as exc:  # the instance could not be started
            return _error_result(unit, "RayStartError", str(exc), started)
        ready_at = self._ready_at.setdefault((id(pool), generation), time.time())
        with self._instances.redirects(plan.shape, address, timeout) as redirects:
            fields = {**unit.request_fields(), "project_root": str(project_root(unit))}
            reply = driver.run(fields, timeout, address, pool.instance_alive,
                               redirects, watch_crowded=watch_crowded)
        reusable = reply.kind == "result" and not markers.fresh_process and \
            not markers.env and not redirects.switched and \
            bool(reply.message and reply.message.get("reusable", True))
        pool.release(generation, driver, reusable=reusable)
        if reply.message and reply.message.get("recycle"):
            self.events.append(f"the driver that ran {unit.display_path} was replaced: "
                               + "; ".join(reply.message["recycle"]))
        if not pool.instance_alive():
            pool.restart_instance()
            self.events.append(
                f"the Ray instance died while {unit.display_path} ran; it was restarted"
                + (" and the file runs again" if retry else ""))
            if retry:  # the file is not to blame for a dead instance: once more
                return self._execute(plan, retry=False, watch_crowded=watch_crowded)
            return _error_result(unit, "RayInstanceDied",
                                 "the Ray instance died while this file ran, twice", started)
        if reply.kind == "crowded":  # the caller runs it again on its own
            return _error_result(unit, CROWDED_OUT, reply.unschedulable, started)
        if reply.kind == "result" and reply.message is not None:
            result = FileResult.from_dict(reply.message["result"])
        else:
            result = unit.unfinished_result(reply, timeout, time.monotonic() - started)
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
            return _error_result(plan.unit, "EngineError", (
                f"the engine failed while running {plan.unit.display_path}: "
                f"{type(exc).__name__}: {exc} (hint: the other files still ran; please "
                "report this with the file)"), started)


def _error_result(unit: Unit, kind: str, message: str, started: float) -> FileResult:
    return FileResult(unit.display_path, FileStatus.ERROR, time.monotonic() - started,
                      error=ErrorInfo(None, kind, message))

