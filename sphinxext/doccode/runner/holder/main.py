"""The process that owns a private local Ray instance (the engine starts it in
``engine/instances/ray_instance.py``).

It starts Ray with ``ray.init()`` in "new local cluster" mode, which (unlike
``ray start``) runs no Ray Client server, and with the dashboard disabled,
which leaves no job-submission server. Once Ray is up, it replaces itself (same
PID, same children) with a bare interpreter that only waits (``WAITER``): the
~75 MiB of Ray's Python modules and the holder's own Ray connection are gone,
and Ray's processes stay its children. The waiter prints the GCS address as
one JSON line on stdout, so whoever reads that line finds the holder in its
final state. When its stdin closes (the run ended, or the parent died without
cleaning up) or it gets SIGTERM, it stops the instance's processes and exits.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from typing import Any

#: what the holder becomes once the instance is up (``-S``: no site-packages, a few
#: MiB). At EOF on stdin or on SIGTERM it kills its process group, which is the
#: instance (the holder starts in a session of its own): Ray's agents would
#: otherwise outlive their raylet for a while. SIGINT stays ignored across exec.
WAITER = """\
import os, signal, sys
def end(*_):
    if os.getpgrp() == os.getpid():
        os.killpg(0, signal.SIGKILL)
    os._exit(0)
signal.signal(signal.SIGTERM, end)
print(sys.argv[-1], flush=True)
sys.stdin.read()
end()
"""
#: the waiter's arguments: its command line still names what it is (``ps``, tests); the
#: line it prints once it waits comes last
WAITER_ARGV = ("-S", "-c", WAITER, __spec__.name if __spec__ else __name__, "waiting")


def _split_resources(resources: dict[str, float]) -> dict[str, Any]:
    custom = dict(resources)
    kwargs: dict[str, Any] = {
        "num_cpus": custom.pop("CPU", None),  # None: as Ray detects them
        # None: Ray declares the GPUs it detects (on top of the configured resources)
        "num_gpus": custom.pop("GPU", None),
    }
    memory = custom.pop("memory", None)
    if memory is not None:
        kwargs["_memory"] = int(memory)
    kwargs["resources"] = custom
    return kwargs


def main(argv: list[str]) -> int:
    settings = json.loads(argv[0])

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when we stop

    import ray

    ray.init(
        address="local",
        object_store_memory=settings["object_store_memory"],
        include_dashboard=False,
        log_to_driver=False,
        namespace="doccode-instance-holder",
        _temp_dir=settings["temp_dir"],
        _node_ip_address="127.0.0.1",
        _system_config=settings.get("system_config") or None,
        **_split_resources(settings["resources"]),
    )
    ready_line = json.dumps({"address": ray.get_runtime_context().gcs_address})
    try:
        os.execv(sys.executable, [sys.executable, *WAITER_ARGV, ready_line])
    except OSError:  # cannot become the waiter: hold the instance as it is
        print(ready_line, flush=True)
        sys.stdin.read()  # returns at EOF: the parent is gone or asked us to stop
    ray.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
