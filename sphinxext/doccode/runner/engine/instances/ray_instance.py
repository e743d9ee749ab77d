"""A private local Ray instance on loopback, or the address of an existing one.

Private instance: a holder process (``runner/holder/main.py``) in its own session, a
private temp dir (never ``/tmp/ray``, whose stale address files hang
``ray.init()``), a per-run auth token, a bounded object store, every port on
127.0.0.1. Stopped by PID: the holder's process tree plus a sweep of every
process carrying this run's id in its environment.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from sphinxext.doccode.runner.engine import processes


class ClusterStartError(RuntimeError):
    """The private Ray instance did not come up."""


#: "0" keeps Ray on 127.0.0.1 (its single-host mode, the default on macOS)
LOOPBACK_MODE_ENV = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"


#: environment shared by the instance and the drivers of a private instance
def private_env(run_id: str, token: str) -> dict[str, str]:
    return {
        processes.RUN_ID_ENV: run_id,
        # Makes Ray use 127.0.0.1 as the node address, so gcs_server, raylet,
        # the agents and every worker bind to loopback only (Ray's single-host
        # mode, the default on macOS and Windows).
        LOOPBACK_MODE_ENV: "0",
        "RAY_USAGE_STATS_ENABLED": "0",
        "RAY_AUTH_MODE": "token",
        "RAY_AUTH_TOKEN": token,
        # The drivers find the instance through RAY_ADDRESS, never /tmp/ray.
        "RAY_ADDRESS": "",
    }


def new_token() -> str:
    return secrets.token_hex(32)


@dataclass
class RayInstance:
    """Where drivers connect, and what must be stopped at the end."""

    address: str
    env: dict[str, str]  # extra environment for drivers (address, token, run id)
    run_id: str
    holder: subprocess.Popen[bytes] | None = None  # None: an existing cluster we must not stop
    temp_dir: Path | None = None
    log_path: Path | None = None
    started_pids: list[int] = field(default_factory=list)

    @property
    def private(self) -> bool:
        return self.holder is not None

    def alive(self) -> bool:
        """Whether a private instance is still up (an external one is assumed up)."""
        if self.holder is None:
            return True
        if self.holder.poll() is not None:
            return False
        names = {p.name() for p in processes.process_tree(self.holder.pid) if _running(p)}
        return "gcs_server" in names and "raylet" in names

    def stop(self, grace: float = 5.0) -> None:
        """Stop everything a private instance started; an external one is left alone.

        All of it at once, with SIGKILL: a throw-away instance keeps nothing worth a
        graceful end, and Ray's own shutdown stops its processes one after another
        (1.5 s here, up to 5 s with signals). ``grace``: for processes of the run
        outside the instance's tree (an example's own), which get SIGTERM first.
        """
        if self.holder is None:
            return
        holder = self.holder
        processes.kill_tree(holder.pid)
        processes.sweep_run(self.run_id, grace=grace)
        if holder.poll() is None:
            holder.kill()
        holder.wait()
        for pipe in (holder.stdin, holder.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        self.holder = None
        if self.temp_dir is not None:
            shutil.rmtree(self.temp_dir, ignore_errors=True)

    def log_tail(self, chars: int = 2000) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(errors="replace")[-chars:]


def external_instance(address: str, run_id: str) -> RayInstance:
    """An existing cluster: drivers connect to it, nothing of it is ever stopped."""
    env = {processes.RUN_ID_ENV: run_id, "RAY_ADDRESS": address}
    if _rewritten_by_ray(address):
        # Otherwise Ray rewrites 127.0.0.1 to the machine's routable address,
        # where a loopback-only instance does not listen. (Other loopback
        # addresses, such as a multi-node cluster on 127.0.0.2, are kept as is.)
        env[LOOPBACK_MODE_ENV] = "0"
    return RayInstance(address=address, env=env, run_id=run_id)


def check_reachable(address: str, timeout: float = 10.0) -> None:
    """Fail fast, with a hint, when nothing listens at ``host:port``; otherwise every
    driver would wait for its whole per-file timeout trying to connect."""
    target = address.split("://", 1)[-1]
    host, _, port = target.rpartition(":")
    if not host or not port.isdigit():
        return  # e.g. "auto": Ray resolves it itself
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as exc:
        raise ClusterStartError(
            f"cannot reach the Ray cluster at {address} (doccode_ray_address): {exc}; "
            "hint: start that cluster, fix the address, or unset doccode_ray_address "
            "to run on a private local instance"
        ) from None


def _rewritten_by_ray(address: str) -> bool:
    host = address.split("://", 1)[-1].rsplit(":", 1)[0].strip("[]")
    return host in ("localhost", "127.0.0.1", "::1")


def is_loopback_address(address: str) -> bool:
    host = address.split("://", 1)[-1].rsplit(":", 1)[0].strip("[]")
    return host in ("localhost", "::1") or host.startswith("127.")


def start_private_instance(
    resources: Mapping[str, float],
    object_store_memory: int,
    *,
    run_id: str | None = None,
    token: str | None = None,
    idle_workers: int | None = None,
    system_config: Mapping[str, object] | None = None,
    startup_timeout: float = 120.0,
) -> RayInstance:
    """Start a private instance and return once drivers can connect to it and its
    holder is the bare waiter it stays for the rest of the run (the waiter prints the
    address line, so nothing is measured or signalled half-way through the exec).

    ``token`` authenticates connections (a new random one when None).
    ``idle_workers``: how many idle worker processes Ray keeps warm (its
    default is one per logical CPU, shared by all jobs; each warm driver has
    its own job, so more keeps the workers of every driver warm).
    ``system_config``: Ray's ``_system_config`` for the instance (an example's own).
    """
    run_id = run_id or processes.new_run_id()
    token = token or new_token()
    # Short path: Ray's unix socket paths live under it and must stay < 108 chars.
    temp_dir = Path(tempfile.mkdtemp(prefix="doccode-ray-", dir="/tmp"))
    log_path = temp_dir / "holder.log"
    env = {**os.environ, **private_env(run_id, token)}
    env.pop("RAY_ADDRESS")
    if idle_workers is not None:
        env.setdefault("RAY_num_workers_soft_limit", str(idle_workers))
        # Ray starts a worker per logical CPU for the first job, the holder's,
        # which never runs a task: CPU at startup and memory for nothing.
        env.setdefault("RAY_prestart_worker_first_driver", "0")
    settings = {
        "resources": dict(resources),
        "object_store_memory": int(object_store_memory),
        "temp_dir": str(temp_dir),
        "system_config": dict(system_config or {}),
    }
    with open(log_path, "wb") as log:
        holder = subprocess.Popen(
            [sys.executable, "-m", "sphinxext.doccode.runner.holder.main", json.dumps(settings)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            env=env,
            start_new_session=True,  # Ctrl-C in the terminal reaches us, not Ray
        )
    instance = RayInstance(address="", env={}, run_id=run_id, holder=holder,
                           temp_dir=temp_dir, log_path=log_path)
    try:
        address = _read_address(holder, startup_timeout)
    except BaseException:
        instance.stop(grace=2.0)
        raise
    if address is None:
        tail = instance.log_tail()
        instance.stop(grace=2.0)
        raise ClusterStartError(f"the private Ray instance did not start:\n{tail}")
    instance.address = address
    instance.env = {k: v for k, v in env.items() if k in private_env(run_id, "")}
    instance.env["RAY_ADDRESS"] = address
    instance.started_pids = [p.pid for p in processes.process_tree(holder.pid)]
    return instance


def _read_address(holder: subprocess.Popen[bytes], timeout: float) -> str | None:
    assert holder.stdout is not None
    deadline = time.monotonic() + timeout
    buffer = b""
    fd = holder.stdout.fileno()
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            chunk = os.read(fd, 4096)
            if not chunk:
                return None
            buffer += chunk
            if b"\n" in buffer:
                line = buffer.split(b"\n", 1)[0]
                return str(json.loads(line)["address"])
        elif holder.poll() is not None:
            return None
    return None


def _running(proc: psutil.Process) -> bool:
    """Alive and not a zombie (a killed child its parent has not reaped yet)."""
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False
