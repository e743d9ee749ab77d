"""A stopped unit comes with forensics (issue 25): the driver's stack with the example's
frames, and what its Ray job waited for, on the session's Ray instance."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxext.doccode.results import FileStatus
from sphinxext.doccode.runner import Engine, RunOptions
from tests.runner.helpers import describe, write

pytestmark = pytest.mark.ray

HANGS = """\
import ray
# doccode: timeout=6

@ray.remote(num_cpus=1)
def never_done():
    import time
    time.sleep(3600)

def wait_for_it():
    return ray.get(never_done.remote())

wait_for_it()
"""

STARVED = """\
import ray

@ray.remote(num_cpus=1)
class Holder:
    def ping(self):
        return "pong"

holders = [Holder.remote() for _ in range(12)]  # the instance has 8 CPUs
print(ray.get([h.ping.remote() for h in holders]))
"""


def test_a_timeout_carries_the_stack_and_the_task_it_waited_for(
        tmp_path: Path, ray_address: str) -> None:
    with Engine(RunOptions(ray_address=ray_address, jobs=1, timeout=120)) as engine:
        (result,) = engine.run([write(tmp_path, "hangs.py", HANGS)])
    assert result.status is FileStatus.TIMEOUT, describe(result)
    forensics = result.forensics
    assert forensics is not None, describe(result)
    own = [(f["line"], f["function"]) for f in forensics["stack"]
           if f["file"] == "doc_code/hangs.py"]
    # both frames of the example: the call at top level, the call inside the function
    assert own == [(12, "<module>"), (10, "wait_for_it")], forensics["stack"]
    tasks = forensics["waiting"]["tasks"]
    assert any(t.get("name") == "never_done" and t.get("resources") == {"CPU": 1.0}
               for t in tasks), tasks
    # every report shows it through the error's message
    assert result.error is not None
    assert "stack when stopped" in result.error.message
    assert "doc_code/hangs.py:10 in wait_for_it" in result.error.message
    assert "never_done" in result.error.message
    assert result.to_dict()["forensics"] == forensics


def test_hopeless_demand_names_the_actors_that_hold_the_resources(
        tmp_path: Path, ray_address: str) -> None:
    with Engine(RunOptions(ray_address=ray_address, jobs=1, timeout=200)) as engine:
        (result,) = engine.run([write(tmp_path, "starved.py", STARVED)])
    assert result.status is FileStatus.FAILED, describe(result)
    assert result.error is not None and result.error.type == "UnschedulableDemand"
    forensics = result.forensics
    assert forensics is not None, describe(result)
    holders = forensics["waiting"]["holders"]
    assert {"name": "actor Holder", "job": "this job", "resources": {"CPU": 1.0},
            "count": 8} in holders, holders
    actors = forensics["waiting"]["actors"]
    assert any(a.get("name") == "Holder" and a.get("state") == "PENDING_CREATION"
               for a in actors), actors
    assert "held by: 8 x actor Holder ALIVE" not in result.error.message
    assert "held by: 8 x actor Holder this job {CPU: 1}" in result.error.message
