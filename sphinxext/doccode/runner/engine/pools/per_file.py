"""``doccode_isolation = "alone"``: each file in a fresh process that starts its own Ray.

The way Ray's own doc CI runs examples, and the baseline the warm engine is
compared with (``sphinxext.doccode.compare``). Each file gets a new driver
process without the ``ray.init`` shim, so the file's own ``ray.init(...)``
starts a local instance of the shape it asks for. That instance is kept
private all the same: a temp dir of its own (``RAY_TMPDIR``, so no stale
``/tmp/ray`` address file is found), loopback only, a token, a bounded object
store, and a run id of its own in every process's environment, by which
whatever the file started is stopped after it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

from sphinxext.doccode.runner.engine import processes
from sphinxext.doccode.runner.engine.drivers.handle import DriverProcess
from sphinxext.doccode.runner.engine.instances.ray_instance import new_token, private_env
from sphinxext.doccode.runner.engine.options import RunOptions
from sphinxext.doccode.runner.protocol import SHAPED_BY_FILE_ENV, WATCH_DEMAND_ENV

#: the address sent to an alone driver: none, so it installs no shim
NO_ADDRESS = ""
#: caps the object store of an instance that ``ray.init()`` starts (Ray's default: 30% of RAM)
OBJECT_STORE_CAP_ENV = "RAY_DEFAULT_OBJECT_STORE_MAX_MEMORY_BYTES"


class AlonePool:
    """Hands out a new driver for every file and stops all it started after the file."""

    def __init__(self, options: RunOptions, run_id: str, log_dir: Path) -> None:
        self.options = options
        self.run_id = run_id
        self.log_dir = log_dir
        self.generation = 0
        self._lock = threading.Lock()
        self._files = 0
        self._busy: dict[int, tuple[DriverProcess, str, Path]] = {}  # pid -> (driver, id, tmp)

    def driver_env(self, file_run_id: str, temp_dir: Path) -> dict[str, str]:
        env = {**os.environ, **private_env(file_run_id, new_token()),
               "PYTHONUNBUFFERED": "1", "RAY_COLOR_PREFIX": "0",
               "RAY_TMPDIR": str(temp_dir),
               OBJECT_STORE_CAP_ENV: str(self.options.object_store_memory),
               # One local node: demand it cannot meet would hang until the timeout.
               WATCH_DEMAND_ENV: "1", SHAPED_BY_FILE_ENV: "1"}
        env.pop("RAY_ADDRESS", None)  # ray.init() starts a new instance, as alone
        return env

    def acquire(self, *, fresh: bool = False,
                env: Mapping[str, str] | None = None) -> tuple[int, DriverProcess, str]:
        """A new process for the file (every file gets one), with ``env`` on top."""
        with self._lock:
            self._files += 1
            number = self._files
            self.generation = 1
        file_run_id = f"{self.run_id}-alone{number}"
        # Short path: Ray's unix socket paths live under it and must stay < 108 chars.
        temp_dir = Path(tempfile.mkdtemp(prefix="doccode-alone-", dir="/tmp"))
        driver = DriverProcess({**self.driver_env(file_run_id, temp_dir), **(env or {})},
                               self.log_dir / f"alone-{number}.log")
        with self._lock:
            self._busy[driver.pid] = (driver, file_run_id, temp_dir)
        return self.generation, driver, NO_ADDRESS

    def release(self, generation: int, driver: DriverProcess, *, reusable: bool) -> None:
        """The file is done: its process exits (Ray's own shutdown runs), then whatever
        it started and left is stopped by PID."""
        with self._lock:
            entry = self._busy.pop(driver.pid, None)
        driver.close(grace=10.0)
        if entry is not None:
            _, file_run_id, temp_dir = entry
            processes.sweep_run(file_run_id, grace=2.0)
            shutil.rmtree(temp_dir, ignore_errors=True)

    def instance_alive(self) -> bool:
        return True  # the file's own instance: if it dies, so does the file, as alone

    def restart_instance(self) -> None:
        pass

    def abort_busy(self) -> None:
        with self._lock:
            busy = [driver for driver, _, _ in self._busy.values()]
        for driver in busy:
            driver.kill()

    def close(self) -> None:
        with self._lock:
            busy, self._busy = list(self._busy.values()), {}
        for driver, file_run_id, temp_dir in busy:
            driver.kill()
            processes.sweep_run(file_run_id, grace=2.0)
            shutil.rmtree(temp_dir, ignore_errors=True)
