"""A stopped unit comes with forensics (issue 25): the driver's stack with the example's
frames, and what its Ray job waited for, on the session's Ray instance."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sphinxext.doccode.results import FileStatus
from sphinxext.doccode.runner import Engine, RunOptions
from sphinxext.doccode.runner.engine.drivers.handle import FORENSICS_WAIT
from tests.runner.helpers import describe, write
from tests.runner.test_engine_inline import page_request

pytestmark = pytest.mark.ray

HANGS = """\
import ray
from ray.util.placement_group import placement_group
# doccode: timeout=6

@ray.remote(num_cpus=1)
def never_done():
    import time
    time.sleep(3600)

def wait_for_it():
    return ray.get(never_done.remote())

ray.get(placement_group([{"CPU": 1}], name="kept").ready())
wait_for_it()
"""

PAGE_HANGS = """\
Title
=====

.. testcode::

   import ray

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
    assert own == [(14, "<module>"), (11, "wait_for_it")], forensics["stack"]
    tasks = forensics["waiting"]["tasks"]
    assert any(t.get("name") == "never_done" and t.get("resources") == {"CPU": 1.0}
               for t in tasks), tasks
    groups = forensics["waiting"]["placement_groups"]
    assert groups == [{"name": "kept", "state": "CREATED", "resources": {"CPU": 1.0},
                       "count": 1}], groups
    # every report shows it through the error's message
    assert result.error is not None
    assert "stack when stopped" in result.error.message
    assert "doc_code/hangs.py:11 in wait_for_it" in result.error.message
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


def test_a_page_that_hangs_names_its_own_lines(tmp_path: Path, ray_address: str) -> None:
    request = page_request(tmp_path, "hangs.rst", PAGE_HANGS)
    with Engine(RunOptions(ray_address=ray_address, jobs=1, timeout=6)) as engine:
        (result,) = engine.run([request])
    assert result.status is FileStatus.TIMEOUT, describe(result)
    assert result.forensics is not None, describe(result)
    own = [(f["line"], f["function"]) for f in result.forensics["stack"]
           if f["file"] == "docs/hangs.rst"]
    # page:line of the call at the block's top level and of the ray.get inside the function
    assert own == [(16, "<module>"), (14, "wait_for_it")], result.forensics["stack"]
    assert "docs/hangs.rst:14 in wait_for_it" in (result.error.message if result.error else "")


HOLDS_THE_GIL = """\
import re
# doccode: timeout=3

# Catastrophic backtracking: C code that never lets another thread of the driver run.
re.match(r"(a+)+$", "a" * 64 + "b")
"""


def test_a_driver_that_cannot_answer_is_stopped_after_a_bounded_wait(
        tmp_path: Path, ray_address: str) -> None:
    with Engine(RunOptions(ray_address=ray_address, jobs=1, timeout=120)) as engine:
        started = time.monotonic()
        (result,) = engine.run([write(tmp_path, "greedy.py", HOLDS_THE_GIL)])
        took = time.monotonic() - started
    assert result.status is FileStatus.TIMEOUT, describe(result)
    assert result.forensics is None  # no answer: stopped as before, without forensics
    assert took < 3 + FORENSICS_WAIT + 20, took  # generous: the machine is shared
