"""Make examples' ``ray.init(...)`` connect to the run's instance.

Examples are written for a laptop: ``ray.init()``, ``ray.init(num_cpus=4)``,
``ray.init(namespace="x", ignore_reinit_error=True)``. In a driver they must
join the instance the run owns instead of starting their own, so the address
is forced and the arguments that only make sense when starting a new
instance (which Ray refuses when connecting) are dropped. ``ray.shutdown()``
is left alone: a later ``ray.init()`` simply connects again.
"""

from __future__ import annotations

import functools
from typing import Any

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

_ORIGINAL_ATTR = "_doccode_original_init"


def install(address: str) -> None:
    """Replace ``ray.init`` (idempotent); auto-init also goes through ``ray.init``."""
    import ray

    original = getattr(ray.init, _ORIGINAL_ATTR, ray.init)

    @functools.wraps(original)
    def init(*args: Any, **kwargs: Any) -> Any:
        if args:  # ray.init("auto") / ray.init("ray://...") / ray.init(None)
            args = args[1:]
        kwargs.pop("address", None)
        for name in START_ONLY_ARGUMENTS.intersection(kwargs):
            kwargs.pop(name)
        return original(address, *args, **kwargs)

    setattr(init, _ORIGINAL_ATTR, original)
    ray.init = init
