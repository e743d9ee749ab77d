"""The Ray instance of a run and its warm driver processes.

Thread-safe: the engine's worker threads each borrow a driver for one file.
When the instance dies, it is restarted and every driver connected to the old
one is dropped (``generation`` tells them apart).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sphinxext.doccode.runner.engine import processes
from sphinxext.doccode.runner.engine.drivers.handle import DriverProcess
from sphinxext.doccode.runner.engine.instances.ray_instance import (
    ClusterStartError,
    RayInstance,
    check_reachable,
    external_instance,
    new_token,
    private_env,
    start_private_instance,
)
from sphinxext.doccode.runner.engine.options import RunOptions, machine_cpus
from sphinxext.doccode.runner.engine.processes import close_all
from sphinxext.doccode.runner.protocol import WATCH_DEMAND_ENV

#: idle Ray workers kept warm per core of the machine (memory against restarts)
IDLE_WORKERS_PER_CORE = 4


def idle_worker_limit() -> int:
    """Idle workers Ray keeps for all jobs together, whatever the logical CPUs.

    Each warm driver keeps its Ray job, and so its workers, from one file to the
    next; a worker stopped for being over this limit costs about 0.6 s of CPU to
    start again. Measured on 2 cores, the bench corpus started 53 workers with a
    limit of 4 and 37 with 10, in 30 s against 23.5 s. Each idle worker holds
    about 50 MiB (PSS)."""
    return max(1, IDLE_WORKERS_PER_CORE * machine_cpus())


class DriverPool:
    def __init__(self, options: RunOptions, run_id: str, log_dir: Path) -> None:
        self.options = options
        self.run_id = run_id
        self.log_dir = log_dir
        self.instance: RayInstance | None = None
        self.generation = 0
        self.restarts = 0
        self._lock = threading.RLock()  # drivers: idle, busy, spawned
        self._starting = threading.RLock()  # the instance: held while it starts
        #: (generation of the instance it is connected to, driver); None: a driver
        #: started ahead that has run no file, so it can serve any generation
        self._idle: list[tuple[int | None, DriverProcess]] = []
        self._busy: dict[int, DriverProcess] = {}  # pid -> driver
        self._spawned = 0
        self._closed = False
        self._token = new_token()
        self._start_error: ClusterStartError | None = None
        self.start_seconds = 0.0  # spent starting (or reaching) instances
        #: memory first (one instance at a time): idle workers as Ray's default, one
        #: per core, and a single idle driver kept, whose job keeps its workers
        self.lean = False

    def driver_env(self) -> dict[str, str]:
        """Environment of a driver; known before the instance is up (its address is
        sent with each request), so drivers import Ray while the instance starts."""
        env = {**os.environ, processes.RUN_ID_ENV: self.run_id, "PYTHONUNBUFFERED": "1",
               # No colour codes in captured output: pages show it as plain text.
               "RAY_COLOR_PREFIX": "0"}
        address = self.options.ray_address
        if address:
            env.update(external_instance(address, self.run_id).env)
        else:
            env.update(private_env(self.run_id, self._token))
        # Demand no node can meet fails fast: on the private instance (no
        # autoscaler will ever add resources), and on an existing cluster, where
        # the driver also counts what its autoscaler may add.
        if self.options.fail_unschedulable:
            env[WATCH_DEMAND_ENV] = "cluster" if address else "1"
        env.pop("RAY_ADDRESS", None)
        return env

    def ensure_instance(self) -> RayInstance:
        """Start (or connect to) the instance the first time something must run.

        Drivers are handed out meanwhile (they import Ray while it starts)."""
        with self._starting:
            if self._closed:
                raise RuntimeError("the engine is closed")
            if self._start_error is not None:
                raise self._start_error  # reported once per file, not retried per file
            if self.instance is None:
                started = time.monotonic()
                try:
                    instance = self._start_or_connect()
                except ClusterStartError as exc:
                    self._start_error = exc
                    raise
                finally:
                    self.start_seconds += time.monotonic() - started
                with self._lock:
                    closed = self._closed
                    if not closed:
                        self.instance = instance
                        self.generation += 1
                if closed:  # closed while it started: nobody else will stop it
                    instance.stop(grace=2.0)
                    raise RuntimeError("the engine is closed")
            return self.instance

    @property
    def started(self) -> bool:
        """Whether the instance is up, or failed to start (no more waiting for it)."""
        return self.instance is not None or self._start_error is not None

    @property
    def start_failed(self) -> bool:
        """Whether the instance failed to start (this pool will not try again)."""
        return self._start_error is not None

    def _start_or_connect(self) -> RayInstance:
        if self.options.ray_address:
            check_reachable(self.options.ray_address)
            return external_instance(self.options.ray_address, self.run_id)
        return self._start_private()

    def _start_private(self, system_config: dict[str, Any] | None = None) -> RayInstance:
        return start_private_instance(
            self.options.ray_resources,
            self.options.object_store_memory,
            run_id=self.run_id,
            token=self._token,
            idle_workers=self._idle_workers(),
            system_config=system_config,
        )

    def _idle_workers(self) -> int:
        return machine_cpus() if self.lean else idle_worker_limit()

    def instance_alive(self) -> bool:
        with self._lock:
            return self.instance is None or self.instance.alive()

    def restart_instance(self) -> None:
        """Replace a dead private instance; drivers attached to it are dropped."""
        with self._starting, self._lock:
            idle, self._idle = self._idle, []
            for _, driver in idle:
                driver.kill()
            if self.instance is not None:
                self.instance.stop(grace=1.0)
                self.instance = None
            self.restarts += 1
        self.ensure_instance()

    def stop_instance(self) -> None:
        """Stop a private instance and its idle drivers now, as no file of the run needs
        it any more (one instance at a time); a file that needs it after all starts
        it again. An existing cluster is never stopped."""
        if self.options.ray_address:
            return
        with self._starting, self._lock:
            idle, self._idle = self._idle, []
            instance, self.instance = self.instance, None
        close_all([driver.kill for _, driver in idle] + ([instance.stop] if instance else []))

    def acquire(self, *, fresh: bool = False,
                env: Mapping[str, str] | None = None) -> tuple[int, DriverProcess, str]:
        """A warm driver and the address it must use (a new driver if none is idle,
        or if ``fresh``: a process that has run no other file, started with ``env``
        on top of the usual environment). Starts the instance on first use, while
        the new driver imports Ray."""
        driver = None
        with self._lock:
            while self._idle and not fresh:
                generation, candidate = self._idle.pop()
                if generation in (None, self.generation) and candidate.alive():
                    driver = candidate
                    break
                candidate.kill()
            if driver is None:
                self._spawned += 1
                log_path = self.log_dir / f"driver-{self._spawned}.log"
                driver = DriverProcess({**self.driver_env(), **(env or {})}, log_path)
            self._busy[driver.pid] = driver
        try:
            instance = self.ensure_instance()
        except BaseException:
            self.release(0, driver, reusable=False)
            raise
        with self._lock:
            return self.generation, driver, instance.address

    def start_driver_ahead(self) -> None:
        """Start one driver now, so it imports Ray while the instance starts."""
        with self._lock:
            if self._closed:
                return
            self._spawned += 1
            log_path = self.log_dir / f"driver-{self._spawned}.log"
            self._idle.append((None, DriverProcess(self.driver_env(), log_path)))

    def release(self, generation: int, driver: DriverProcess, *, reusable: bool) -> None:
        with self._lock:
            self._busy.pop(driver.pid, None)
            if reusable and not self._closed and generation == self.generation \
                    and driver.alive() and not (self.lean and self._idle):
                self._idle.append((generation, driver))
                return
        driver.close(grace=2.0)

    def abort_busy(self) -> None:
        """Kill drivers in the middle of a file (Ctrl-C): their threads return at once."""
        with self._lock:
            busy = list(self._busy.values())
        for driver in busy:
            driver.kill()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            busy, self._busy = list(self._busy.values()), {}
            instance, self.instance = self.instance, None
        for driver in busy:
            driver.kill()
        if instance is not None and instance.private:
            # The instance goes with its drivers: no job needs ending politely.
            close_all([driver.kill for _, driver in idle] + [instance.stop])
        else:  # an existing cluster: each driver ends its Ray job, all at once
            for _, driver in idle:
                driver.hang_up()
            for _, driver in idle:
                driver.close(grace=2.0)
        # Anything this run started that is still around (a worker that lost
        # its raylet, a process an example spawned) carries the run id.
        if self._spawned or self.generation:  # an all-cached run started nothing
            processes.sweep_run(self.run_id, grace=2.0)
