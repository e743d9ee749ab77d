"""The engine's own private instance: loopback only, restarted when it dies, and
nothing it started survives the run, also after Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import psutil
import pytest

from sphinxext.doccode.results import FileStatus
from sphinxext.doccode.runner import Engine, RunOptions
from sphinxext.doccode.runner.engine.instances.ray_instance import (
    RayInstance,
    start_private_instance,
)
from sphinxext.doccode.runner.engine.processes import process_tree, processes_of_run, wait_stopped
from tests.runner.helpers import describe, write
from tests.waiting import SAFETY_NET_S, wait_until

pytestmark = pytest.mark.ray

LOOPBACK = ("127.0.0.1", "::1", "::ffff:127.0.0.1")


def test_instance_listens_on_loopback_only(ray_instance: RayInstance) -> None:
    assert ray_instance.holder is not None
    tree = process_tree(ray_instance.holder.pid)
    names = {p.name() for p in tree}
    assert {"gcs_server", "raylet"} <= names
    listening = []
    for proc in tree:
        for conn in proc.net_connections(kind="inet"):
            if conn.status == psutil.CONN_LISTEN:
                listening.append((proc.name(), conn.laddr.ip, conn.laddr.port))
    assert listening, "no listening socket found: the check would prove nothing"
    exposed = [entry for entry in listening if entry[1] not in LOOPBACK]
    assert exposed == []
    cmdlines = [" ".join(p.cmdline()) for p in tree]
    assert not any("ray.util.client.server" in c for c in cmdlines)  # no Ray Client server
    for cmdline in cmdlines:  # dashboard head: only its non-HTTP-API module, no job server
        if "dashboard/dashboard.py" in cmdline:
            assert "--modules-to-load=UsageStatsHead" in cmdline


KILLS_ITS_INSTANCE = """\
import os, pathlib, time
import psutil
import ray

ray.init()

flag = pathlib.Path(__file__).with_suffix(".killed")
if not flag.exists():
    flag.touch()
    run_id = os.environ["DOCCODE_RUN_ID"]
    for proc in psutil.process_iter():
        try:
            if proc.name() in ("gcs_server", "raylet") and \\
                    proc.environ().get("DOCCODE_RUN_ID") == run_id:
                proc.kill()
        except psutil.Error:
            pass
    time.sleep(1)
    ray.get(ray.put(1))  # Ray is gone under this file: it must not hang here
print("instance is fine")
"""


def test_dead_instance_is_restarted_and_nothing_survives(tmp_path: Path) -> None:
    requests = [write(tmp_path, "kills_instance.py", KILLS_ITS_INSTANCE),
                write(tmp_path, "after.py", "import ray\nprint(ray.get(ray.put(7)))\n")]
    options = RunOptions(ray_resources={"CPU": 2}, object_store_memory=100 * 1024 * 1024,
                         jobs=1, timeout=120)
    engine = Engine(options)
    try:
        killer, after = engine.run(requests)
        started = set(engine._pool.instance.started_pids if engine._pool.instance else [])
    finally:
        engine.close()
    assert killer.status is FileStatus.PASSED, describe(killer)
    assert after.status is FileStatus.PASSED, describe(after)
    assert after.regions[0].output == "7\n"
    assert any("died" in event and "restarted" in event for event in engine.events)
    assert started
    assert not [pid for pid in started if psutil.pid_exists(pid)
                and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]
    assert processes_of_run(engine.run_id) == []


INTERRUPTED_RUN = """\
import sys
from pathlib import Path
from sphinxext.doccode.runner import Engine, FileRequest, RunOptions

hung = Path(sys.argv[1])
options = RunOptions(ray_resources={"CPU": 2}, object_store_memory=100 * 1024 * 1024,
                     timeout=600)
with Engine(options) as engine:
    print(engine.run_id, flush=True)
    engine.run([FileRequest(hung, "doc_code/hung.py")])
"""

HUNG_AFTER_SIGNAL = """\
import pathlib, time
import ray

@ray.remote
def sleep_forever():
    time.sleep(3600)

ref = sleep_forever.remote()
pathlib.Path(__file__).with_suffix(".running").touch()
ray.get(ref)
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_no_process_survives_an_interrupted_run(tmp_path: Path, signum: int) -> None:
    hung = tmp_path / "hung.py"
    hung.write_text(HUNG_AFTER_SIGNAL)
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent(INTERRUPTED_RUN))
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}
    child = subprocess.Popen([sys.executable, str(script), str(hung)], stdout=subprocess.PIPE,
                             text=True, env=env, cwd=Path(__file__).parents[2])
    try:
        assert child.stdout is not None
        run_id = child.stdout.readline().strip()
        assert run_id.startswith("doccode-")
        wait_until(lambda: hung.with_suffix(".running").exists() or child.poll() is not None,
                   "the hung file starts running")
        assert child.poll() is None, "the run ended before its file hung"
        assert {p.name() for p in processes_of_run(run_id)} >= {"gcs_server", "raylet"}
        child.send_signal(signum)
        child.wait(timeout=SAFETY_NET_S)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode != 0
    assert processes_of_run(run_id) == []


def test_the_holder_waits_without_ray_and_its_instance_ends_with_its_stdin() -> None:
    instance = start_private_instance({"CPU": 1}, 100 * 1024 * 1024)
    try:
        assert instance.holder is not None and instance.holder.stdin is not None
        holder = psutil.Process(instance.holder.pid)
        assert "-S" in holder.cmdline(), holder.cmdline()  # it became the bare waiter
        assert holder.memory_info().rss < 40 * 1024 * 1024  # Ray's modules are gone
        tree = process_tree(instance.holder.pid)
        assert {p.name() for p in tree} >= {"gcs_server", "raylet"}
        # As when the engine dies without cleaning up: only the pipe closes.
        instance.holder.stdin.close()
        instance.holder.wait(timeout=SAFETY_NET_S)
        assert wait_stopped(tree, timeout=SAFETY_NET_S) == [], "the waiter stops the instance"
    finally:
        instance.stop(grace=2.0)
