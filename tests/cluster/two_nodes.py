"""A real two-node Ray cluster on loopback, started with the Ray CLI, stopped by PID.

Both nodes listen on 127.0.0.2 (loopback; Ray rewrites only 127.0.0.1 and
``localhost`` to the machine's routable address) and require a per-cluster
auth token. Every process of the cluster carries a marker in its environment
(``processes.RUN_ID_ENV``), so the fixture stops exactly those processes: never
``ray stop``, which would stop every Ray process on the machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from sphinxext.doccode.runner.engine import processes
from sphinxext.doccode.runner.engine.instances.ray_instance import new_token
from tests.waiting import SAFETY_NET_S

HOST = "127.0.0.2"
#: the worker node's custom resource, which the head lacks
SPECIAL = "special"
OBJECT_STORE = str(80 * 1024 * 1024)


@dataclass
class TwoNodes:
    address: str
    env: dict[str, str]  # what a driver needs: the token
    marker: str
    temp_dir: Path

    def state(self) -> dict[str, Any]:
        """Nodes, jobs, actors and placement groups, read from the GCS without joining."""
        done = subprocess.run([sys.executable, "-c", STATE_SCRIPT, self.address],
                              capture_output=True, env={**os.environ, **self.env},
                              timeout=SAFETY_NET_S, check=True)
        state: dict[str, Any] = json.loads(done.stdout.decode().splitlines()[-1])
        return state

    def pids(self) -> list[int]:
        return [p.pid for p in processes.processes_of_run(self.marker)]

    def daemons(self) -> set[int]:
        """PIDs of the GCS and both raylets (Ray's worker processes come and go)."""
        found = set()
        for proc in processes.processes_of_run(self.marker):
            with contextlib.suppress(psutil.Error):
                if proc.name() in ("gcs_server", "raylet"):
                    found.add(proc.pid)
        return found

    def stop(self) -> None:
        processes.sweep_run(self.marker, grace=5.0)
        shutil.rmtree(self.temp_dir, ignore_errors=True)


STATE_SCRIPT = """
import json, sys
import ray._private.state as s
from ray._raylet import GcsClientOptions
s.state._initialize_global_state(GcsClientOptions.create(sys.argv[1], None,
    allow_cluster_id_nil=True, fetch_cluster_id_if_nil=False))
nodes = [{"alive": n["Alive"], "resources": n["Resources"]} for n in s.state.node_table()]
jobs = [{"id": j["JobID"], "dead": j["IsDead"]} for j in s.state.job_table()]
actors = [{"class": a["ActorClassName"], "state": a["State"]}
          for a in s.state.actor_table(None).values()]
groups = [{"state": g["state"]} for g in s.state.placement_group_table().values()]
print(json.dumps({"nodes": nodes, "jobs": jobs, "actors": actors, "groups": groups}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _ray_start(args: list[str], env: dict[str, str], log: Path) -> None:
    with open(log, "ab") as out:
        subprocess.run(["ray", "start", *args], env=env, stdout=out, stderr=out,
                       timeout=SAFETY_NET_S, check=True)


def start_two_nodes() -> TwoNodes:
    marker = f"doccode-two-nodes-{uuid.uuid4().hex[:12]}"
    temp_dir = Path(tempfile.mkdtemp(prefix="dc2n-", dir="/tmp"))  # short: unix sockets
    token = new_token()
    env = {**os.environ, processes.RUN_ID_ENV: marker,
           # Ray refuses a second node in its single-host mode.
           "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "1",
           "RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": token}
    env.pop("RAY_ADDRESS", None)
    port = _free_port()
    address = f"{HOST}:{port}"
    cluster = TwoNodes(address, {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": token},
                       marker, temp_dir)
    common = [f"--node-ip-address={HOST}", "--disable-usage-stats",
              f"--object-store-memory={OBJECT_STORE}"]
    log = temp_dir / "ray-start.log"
    try:
        _ray_start(["--head", f"--port={port}", f"--temp-dir={temp_dir}",
                    "--include-dashboard=false", "--num-cpus=2",
                    f"--dashboard-agent-listen-port={_free_port()}", *common], env, log)
        _ray_start([f"--address={address}", "--num-cpus=1",
                    f"--resources={json.dumps({SPECIAL: 1})}",
                    f"--dashboard-agent-listen-port={_free_port()}", *common], env, log)
    except BaseException:
        print(log.read_text(errors="replace")[-3000:] if log.exists() else "", file=sys.stderr)
        cluster.stop()
        raise
    return cluster
