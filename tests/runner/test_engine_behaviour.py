"""What examples may do, per-file markers, and the cache (issue 4), on the session instance."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxext.doccode.results import FileStatus, RegionStatus
from sphinxext.doccode.runner import Engine, RunOptions
from sphinxext.doccode.runner.engine.instances.ray_instance import RayInstance
from sphinxext.doccode.runner.engine.processes import processes_of_run
from tests.runner.helpers import describe, write

pytestmark = pytest.mark.ray

INIT_AND_SHUTDOWN = """\
import ray

ray.init(num_cpus=4, include_dashboard=False)

@ray.remote
def double(x):
    return 2 * x

assert ray.get(double.remote(21)) == 42
ray.shutdown()
assert not ray.is_initialized()

ray.init(namespace="examples", ignore_reinit_error=True)
ray.init(ignore_reinit_error=True)
assert ray.get_runtime_context().namespace == "examples"
assert ray.get(double.remote(1)) == 2
ray.shutdown()
"""

# Both files create an actor with the same name and wait (with a file-based
# barrier) until the other one has too: their lifetimes must overlap.
NAMED_ACTOR = """\
import pathlib, time
import ray

@ray.remote
class Counter:
    def __init__(self):
        self.n = 0
    def incr(self):
        self.n += 1
        return self.n

counter = Counter.options(name="counter").remote()
assert ray.get(counter.incr.remote()) == 1
barrier = pathlib.Path({barrier!r})
(barrier / "{me}").touch()
deadline = time.monotonic() + 240  # a safety net: the other file starts at once
while not (barrier / "{other}").exists():
    assert time.monotonic() < deadline, "the other file never ran at the same time"
    time.sleep(0.05)
assert ray.get(ray.get_actor("counter").incr.remote()) == 2
"""


def test_examples_init_shutdown_and_named_actors(tmp_path: Path, ray_address: str) -> None:
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    requests = [
        write(tmp_path, "init_shutdown.py", INIT_AND_SHUTDOWN),
        write(tmp_path, "actor_a.py", NAMED_ACTOR.format(barrier=str(barrier), me="a", other="b")),
        write(tmp_path, "actor_b.py", NAMED_ACTOR.format(barrier=str(barrier), me="b", other="a")),
    ]
    with Engine(RunOptions(ray_address=ray_address, jobs=2, timeout=300)) as engine:
        results = engine.run(requests)
    for result in results:
        assert result.status is FileStatus.PASSED, describe(result)


MARKERS = {
    "skipped.py": '# doccode: skip reason="needs a GPU"\nraise SystemExit(1)\n',
    "requires.py": "# doccode: requires=surely_not_installed_pkg\nimport surely_not_installed\n",
    "bad_marker.py": "# doccode: tiemout=5\nprint('x')\n",
    "xfail_fails.py": '# doccode: xfail reason="shows the error"\nraise ValueError("boom")\n',
    "xfail_passes.py": '# doccode: xfail reason="was broken"\nprint("fine")\n',
    "fresh.py": "# doccode: fresh-process\nimport os\nprint(os.getpid())\n",
    "warm_1.py": "import os\nprint(os.getpid())\n",
    "warm_2.py": "import os\nprint(os.getpid())\n",
}


def test_file_markers(tmp_path: Path, ray_address: str) -> None:
    requests = [write(tmp_path, name, text) for name, text in MARKERS.items()]
    with Engine(RunOptions(ray_address=ray_address, jobs=1, timeout=120)) as engine:
        results = {r.path.removeprefix("doc_code/"): r for r in engine.run(requests)}

    assert results["skipped.py"].status is FileStatus.SKIPPED
    assert results["skipped.py"].reason == "needs a GPU"
    assert results["skipped.py"].regions[0].status is RegionStatus.SKIPPED
    assert results["requires.py"].status is FileStatus.SKIPPED
    assert "surely_not_installed_pkg" in results["requires.py"].reason

    bad = results["bad_marker.py"]
    assert bad.status is FileStatus.ERROR
    assert bad.error is not None and bad.error.line == 1
    assert "doc_code/bad_marker.py:1" in bad.error.message and "hint" in bad.error.message

    xfail = results["xfail_fails.py"]
    assert xfail.status is FileStatus.SKIPPED and "shows the error" in xfail.reason
    assert xfail.regions[0].status is RegionStatus.SKIPPED
    assert xfail.regions[0].error is not None and xfail.regions[0].error.type == "ValueError"
    xpass = results["xfail_passes.py"]
    assert xpass.status is FileStatus.FAILED
    assert xpass.error is not None and xpass.error.type == "XPass"

    pid = {name: results[name].regions[0].output.strip() for name in
           ("fresh.py", "warm_1.py", "warm_2.py")}
    assert pid["warm_1.py"] == pid["warm_2.py"]  # one warm driver ran both
    assert pid["fresh.py"] != pid["warm_1.py"]


def test_cache_hit_miss_and_force(tmp_path: Path, ray_address: str,
                                  ray_instance: RayInstance) -> None:
    one = write(tmp_path, "one.py", "print('one')\n")
    two = write(tmp_path, "two.py", "print('two')\n")
    cache_dir = tmp_path / "cache"

    def run(mode: str) -> tuple[list[tuple[str, bool]], bool, str]:
        options = RunOptions(ray_address=ray_address, cache_dir=cache_dir, cache_mode=mode)
        with Engine(options) as engine:
            results = engine.run([one, two])
        assert all(r.status is FileStatus.PASSED for r in results)
        return [(r.path, r.cached) for r in results], engine.ray_started, engine.run_id

    first, started, _ = run("auto")
    assert first == [("doc_code/one.py", False), ("doc_code/two.py", False)] and started

    again, started, run_id = run("auto")
    assert again == [("doc_code/one.py", True), ("doc_code/two.py", True)]
    assert not started  # nothing ran: no driver, no connection

    two.path.write_text("print('two, changed')\n")
    changed, _, _ = run("auto")
    assert changed == [("doc_code/one.py", True), ("doc_code/two.py", False)]

    forced, _, run_id = run("force")
    assert forced == [("doc_code/one.py", False), ("doc_code/two.py", False)]

    off, _, _ = run("off")
    assert off == [("doc_code/one.py", False), ("doc_code/two.py", False)]

    # The runs used the session's instance and left it running, with no
    # driver of theirs left behind.
    assert ray_instance.alive()
    assert processes_of_run(run_id) == []


LEAVES_THINGS_BEHIND = """\
import os
import ray
from ray.util.placement_group import placement_group

@ray.remote(num_cpus=1)
class Keeper:
    def pid(self):
        return os.getpid()

detached = Keeper.options(name="keeper", lifetime="detached").remote()
named = Keeper.options(name="counter").remote()
ray.get([detached.pid.remote(), named.pid.remote()])
group = placement_group([{"CPU": 1}])
ray.get(group.ready())
print(os.getpid())
"""


def test_what_a_file_leaves_is_gone_before_the_next(tmp_path: Path, ray_address: str) -> None:
    # The same file twice in one driver: the second run can only create its
    # named and detached actors if the first run's ones were removed.
    requests = [write(tmp_path, "leaves_1.py", LEAVES_THINGS_BEHIND),
                write(tmp_path, "leaves_2.py", LEAVES_THINGS_BEHIND)]
    with Engine(RunOptions(ray_address=ray_address, jobs=1, timeout=120)) as engine:
        first, second = engine.run(requests)
    assert first.status is FileStatus.PASSED, describe(first)
    assert second.status is FileStatus.PASSED, describe(second)
    # One warm driver ran both (Ray may add a "(raylet) ..." note about the detached actor).
    pids = [r.regions[0].output.splitlines()[-1] for r in (first, second)]
    assert pids[0] == pids[1]
