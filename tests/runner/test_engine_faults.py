"""Faults cost one file, never the run (issue 4), on the session's Ray instance."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from sphinxext.doccode.results import FileStatus, RegionStatus
from sphinxext.doccode.runner import Engine, RunOptions
from tests.runner.helpers import describe, write

pytestmark = pytest.mark.ray

HUNG = """\
import ray
# doccode: timeout=4

# __start_start__
@ray.remote(num_cpus=1)
def forever():
    import time
    time.sleep(3600)

refs = [forever.remote() for _ in range(8)]  # every logical CPU of the instance
# __start_end__

# __wait_start__
ray.get(refs)
# __wait_end__
"""

NEEDS_ALL_CPUS = """\
import ray

@ray.remote(num_cpus=8)
def everything():
    return "all 8 CPUs were free"

print(ray.get(everything.remote()))
"""

EXITS = """\
import os
# __before_start__
print("before")
# __before_end__
# __exit_start__
os._exit(3)
# __exit_end__
"""


def test_timeout_and_dead_driver_cost_one_file_each(tmp_path: Path, ray_address: str) -> None:
    requests = [
        write(tmp_path, "hung.py", HUNG),
        write(tmp_path, "after_hung.py", NEEDS_ALL_CPUS),
        write(tmp_path, "exits.py", EXITS),
        write(tmp_path, "after_exit.py", NEEDS_ALL_CPUS),
    ]
    # One driver at a time, so the file after the hung one only gets its
    # 8 CPUs if killing the hung driver really gave them back.
    with Engine(RunOptions(ray_address=ray_address, jobs=1, timeout=120)) as engine:
        hung, after_hung, exits, after_exit = engine.run(requests)

    assert hung.status is FileStatus.TIMEOUT, describe(hung)
    start, wait = hung.regions
    assert start.status is RegionStatus.PASSED
    assert wait.status is RegionStatus.FAILED
    assert wait.error is not None and wait.error.type == "Timeout" and wait.error.line == 14
    assert "doccode: timeout" in wait.error.message

    assert after_hung.status is FileStatus.PASSED, describe(after_hung)
    assert after_hung.regions[0].output == "all 8 CPUs were free\n"

    assert exits.status is FileStatus.ERROR, describe(exits)
    assert exits.error is not None and "exited with status 3" in exits.error.message
    assert [r.status for r in exits.regions] == [RegionStatus.PASSED, RegionStatus.FAILED]
    assert after_exit.status is FileStatus.PASSED, describe(after_exit)


INFEASIBLE = """\
import ray

# __ask_start__
@ray.remote(num_cpus=64)
def huge():
    return 1

ray.get(huge.remote())
# __ask_end__
"""

STARVED = """\
import ray

# __actors_start__
@ray.remote(num_cpus=1)
class Worker:
    def ping(self):
        return "pong"

workers = [Worker.remote() for _ in range(12)]  # the instance has 8 CPUs
print(ray.get([w.ping.remote() for w in workers]))
# __actors_end__
"""


def test_unschedulable_demand_fails_fast_naming_the_resource(
    tmp_path: Path, ray_address: str
) -> None:
    requests = [write(tmp_path, "infeasible.py", INFEASIBLE),
                write(tmp_path, "starved.py", STARVED)]
    # The timeout is far beyond what detection takes: hitting it fails the test.
    with Engine(RunOptions(ray_address=ray_address, jobs=1, timeout=200)) as engine:
        infeasible, starved = engine.run(requests)
    for result, line in ((infeasible, 8), (starved, 10)):
        assert result.status is FileStatus.FAILED, describe(result)
        region = result.regions[0]
        assert region.status is RegionStatus.FAILED
        assert region.error is not None
        assert region.error.type == "UnschedulableDemand"
        assert region.error.line == line
        assert "CPU" in region.error.message
        # ray_address names an existing cluster: the hint is about its nodes
        assert "to the cluster (doccode_ray_address)" in region.error.message
    assert infeasible.error is not None and "requires 64 CPU" in infeasible.error.message
    assert starved.error is not None and "actor Worker" in starved.error.message


HOLDS_EVERY_CPU = """\
import time
import ray

@ray.remote(num_cpus=1)
class Holder:
    def ready(self):
        return True

holders = [Holder.remote() for _ in range(8)]  # every logical CPU of the instance
ray.get([h.ready.remote() for h in holders])
time.sleep(14)  # longer than the engine waits before it calls demand starved
"""

WAITS_FOR_A_CPU = """\
import time
import ray

@ray.remote(num_cpus=1)
class Late:
    def one(self):
        return 1

time.sleep(3)  # the other file's actors hold every CPU by now
assert ray.get(Late.remote().one.remote()) == 1
"""


def test_actors_of_another_file_only_make_a_file_wait(tmp_path: Path,
                                                      ray_address: str) -> None:
    """Another file's actors end with that file: waiting for what they hold is not
    demand that can never be met (alone, the file would have every CPU)."""
    requests = [write(tmp_path, "holds.py", HOLDS_EVERY_CPU),
                write(tmp_path, "waits.py", WAITS_FOR_A_CPU)]
    with Engine(RunOptions(ray_address=ray_address, jobs=2, timeout=120)) as engine:
        holds, waits = engine.run(requests)
    assert holds.status is FileStatus.PASSED, describe(holds)
    assert waits.status is FileStatus.PASSED, describe(waits)
    assert waits.ended_at is not None and holds.ended_at is not None
    assert waits.ended_at >= holds.ended_at - 1  # it waited for the actors to go


def test_unreachable_cluster_address_fails_every_file_at_once(tmp_path: Path) -> None:
    """A wrong ``doccode_ray_address`` is one clear error per file, not a wait per file."""
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{probe.getsockname()[1]}"
    requests = [write(tmp_path, f"f{i}.py", "print('never runs')\n") for i in range(3)]
    with Engine(RunOptions(ray_address=address, timeout=600)) as engine:
        results = engine.run(requests)
    for result in results:
        assert result.status is FileStatus.ERROR, describe(result)
        assert result.error is not None and result.error.type == "RayStartError"
        assert f"cannot reach the Ray cluster at {address}" in result.error.message
        assert "doccode_ray_address" in result.error.message


HALF_THEN_ONE_MORE = """\
import pathlib
import time
import ray

@ray.remote(num_cpus=1)
class Holder:
    def ready(self):
        return 1

held = [Holder.remote() for _ in range(4)]  # half of the instance's 8 CPUs
ray.get([h.ready.remote() for h in held])
marks = pathlib.Path({marks!r})
(marks / "{name}").touch()
deadline = time.monotonic() + 20  # alone, nobody else comes
while not (marks / "{other}").exists() and time.monotonic() < deadline:
    time.sleep(0.1)
assert ray.get(Holder.remote().ready.remote()) == 1  # a fifth CPU
"""


def test_files_that_wait_for_each_others_actors_run_again_alone(tmp_path: Path,
                                                                 ray_address: str) -> None:
    """Two files each hold half of the CPUs with actors, then want one more: side by
    side they wait for each other for ever; alone, each passes. The engine stops a
    file that waits for other files' actors and runs it again on its own."""
    marks = tmp_path / "marks"
    marks.mkdir()
    requests = [write(tmp_path, f"{name}.py", HALF_THEN_ONE_MORE.format(
        marks=str(marks), name=name, other=other)) for name, other in (("a", "b"), ("b", "a"))]
    with Engine(RunOptions(ray_address=ray_address, jobs=2, timeout=90)) as engine:
        results = engine.run(requests)
    for result in results:
        assert result.status is FileStatus.PASSED, describe(result)
    again = [event for event in engine.events if "ran again on its own" in event]
    assert again, engine.events
