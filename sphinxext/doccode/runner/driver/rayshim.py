"""Make examples' ``ray.init(...)`` connect to the run's instance.

Examples are written for a laptop: ``ray.init()``, ``ray.init(num_cpus=4)``,
``ray.init(namespace="x", ignore_reinit_error=True)``. In a driver they must
join an instance the run owns instead of starting their own, so the address
is forced and the arguments that only make sense when starting a new
instance (which Ray refuses when connecting) are dropped. A cluster shape
(``num_cpus``, ``num_gpus``, ``resources``, ``_system_config``, ...) is not
lost: the engine runs the file on a private instance of that shape, and a
shape it did not foresee is asked for when the call runs
(``instance_request.py``).

A warm driver stays connected between files (its Ray job and its warm worker
processes are what make it fast), so the first ``ray.init()`` of a file finds
Ray already initialised: it is answered as if it had connected, unless it asks
for a different namespace or runtime environment, which reconnects. A second
``ray.init()`` in the same file behaves as in Ray (an error without
``ignore_reinit_error``). ``ray.shutdown()`` is left alone: a later
``ray.init()`` simply connects again.
"""

from __future__ import annotations

import functools
import os
from typing import Any

from sphinxext.doccode.runner.driver import instance_request
from sphinxext.doccode.runner.protocol import SHAPED_BY_FILE_ENV

#: ``ray.init`` arguments that only apply when starting a new local instance
START_ONLY_ARGUMENTS = frozenset({
    "num_cpus",
    "num_gpus",
    "resources",
    "labels",
    "object_store_memory",
    "local_mode",
    "include_dashboard",
    "dashboard_host",
    "dashboard_port",
    "_temp_dir",
    "_system_config",
    "_memory",
    "_node_ip_address",
    "_node_name",
    "_redis_password",
    "_plasma_directory",
    "_enable_object_reconstruction",
    "_metrics_export_port",
    "_include_log_monitor",
    "_tracing_startup_hook",
})

#: arguments that shape the job itself: a connection without them cannot be reused
JOB_ARGUMENTS = ("namespace", "runtime_env", "job_config")

_ORIGINAL_ATTR = "_doccode_original_init"


class _FileState:
    initialised_by_file = False  # has the current file called ray.init() already?
    custom_job = False  # did it connect with its own namespace / runtime_env / job_config?
    address = ""  # the instance ray.init connects to


state = _FileState()


def new_file() -> None:
    """Called by the driver before each file."""
    state.initialised_by_file = False
    state.custom_job = False


def install(address: str) -> None:
    """Replace ``ray.init`` (idempotent); auto-init also goes through ``ray.init``."""
    import ray

    original = getattr(ray.init, _ORIGINAL_ATTR, ray.init)
    state.address = address

    @functools.wraps(original)
    def init(*args: Any, **kwargs: Any) -> Any:
        if args:  # ray.init("auto") / ray.init("ray://...") / ray.init(None)
            args = args[1:]
        kwargs.pop("address", None)
        # A cluster shape the engine did not schedule the file for: its own instance.
        target = instance_request.address_for(kwargs, state.address)
        if target != state.address:
            if ray.is_initialized():
                ray.shutdown()
            state.address = os.environ["RAY_ADDRESS"] = target
            state.custom_job = True  # this driver's job is elsewhere now: end it after
            os.environ[SHAPED_BY_FILE_ENV] = "1"  # (the driver is not reused after)
        for name in START_ONLY_ARGUMENTS.intersection(kwargs):
            kwargs.pop(name)
        first_in_file = not state.initialised_by_file
        state.initialised_by_file = True
        custom = any(kwargs.get(name) is not None for name in JOB_ARGUMENTS)
        state.custom_job = state.custom_job or custom
        if first_in_file and ray.is_initialized():
            if custom:
                ray.shutdown()  # the example wants its own kind of job
            else:
                kwargs["ignore_reinit_error"] = True
                kwargs.pop("log_to_driver", None)
        return original(state.address, *args, **kwargs)

    setattr(init, _ORIGINAL_ATTR, original)
    ray.init = init
