"""An example's own ray.init(...) cluster shape is honoured (issue 9, point 2).

Each file of ``tests/roots/test-compat-shapes`` asserts on
``ray.cluster_resources()`` / ``ray.available_resources()`` itself, so a pass
means it ran on an instance of exactly the shape it asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sphinxext.doccode.results import FileResult, FileStatus
from sphinxext.doccode.runner import Engine, FileRequest, RunOptions
from sphinxext.doccode.runner.engine.processes import processes_of_run
from tests.runner.helpers import describe, write
from tests.sphinx_helpers import ROOTS
from tests.waiting import wait_until

pytestmark = pytest.mark.ray

SHAPES = ROOTS / "test-compat-shapes" / "doc_code"


def _request(name: str) -> FileRequest:
    return FileRequest(SHAPES / name, f"doc_code/{name}")


@pytest.fixture(scope="module")
def shape_results(ray_address: str) -> Iterator[dict[str, FileResult]]:
    """The whole compat set, run once; the run's default instance is the session's."""
    names = sorted(p.name for p in SHAPES.glob("*.py"))
    options = RunOptions(ray_address=ray_address, jobs=2, timeout=240)
    with Engine(options) as engine:
        results = engine.run([_request(name) for name in names])
    yield {Path(result.path).name: result for result in results}


@pytest.mark.parametrize("name", [
    "gpu_bundles.py",  # ray.init(num_cpus=2, num_gpus=2), placement group with a GPU bundle
    "custom_resources.py",  # num_cpus=3, num_gpus=4, resources={...}, a 0.5 GPU actor
    "many_cpus.py",  # num_cpus=64 on a 2-core machine
    "system_config.py",  # _system_config seen by the driver and the workers
    "same_gpu_shape.py",  # a shape asked again
    "computed_shape.py",  # ray.init(**node): found when the call runs
])
def test_file_runs_on_the_shape_it_asks_for(shape_results: dict[str, FileResult],
                                            name: str) -> None:
    result = shape_results[name]
    assert result.status is FileStatus.PASSED, describe(result)


def test_files_asking_the_same_shape_share_one_instance(tmp_path: Path,
                                                        ray_address: str) -> None:
    small = "import ray\nray.init(num_cpus=1, resources={'probe': 1})\n" \
            "assert ray.cluster_resources()['probe'] == 1\n"
    plain = "import ray\nray.init()\nassert 'probe' not in ray.cluster_resources()\n"
    requests = [write(tmp_path, "one.py", small), write(tmp_path, "plain.py", plain),
                write(tmp_path, "two.py", small)]
    with Engine(RunOptions(ray_address=ray_address, jobs=1, timeout=120)) as engine:
        results = engine.run(requests)
        assert engine._instances.shapes_started == 1
        shaped_run = f"{engine.run_id}-shape1"
        # Its last file is done: it stops now, not at the end of the run.
        assert engine._instances._shaped == {}
        wait_until(lambda: processes_of_run(shaped_run) == [],
                   "the shaped instance stops while the engine is still open")
    for result in results:
        assert result.status is FileStatus.PASSED, describe(result)


def test_a_shaped_instance_starts_ahead_while_other_files_run(tmp_path: Path,
                                                              ray_address: str) -> None:
    """The file that asks for a shape goes first in the order (its instance start
    counts), but the one slot runs the plain file while that instance starts."""
    shaped = "import ray\nray.init(num_cpus=1, resources={'ahead': 1})\n" \
             "assert ray.cluster_resources()['ahead'] == 1\n"
    plain = "import ray, time\nray.init()\ntime.sleep(1)\n"
    requests = [write(tmp_path, "plain.py", plain), write(tmp_path, "shaped.py", shaped)]
    with Engine(RunOptions(ray_address=ray_address, jobs=1, timeout=120)) as engine:
        plain_result, shaped_result = engine.run(requests)
    for result in (plain_result, shaped_result):
        assert result.status is FileStatus.PASSED, describe(result)
    assert plain_result.started_at is not None and shaped_result.started_at is not None
    assert plain_result.started_at < shaped_result.started_at


def test_asking_more_than_the_shape_has_fails_fast(tmp_path: Path, ray_address: str) -> None:
    greedy = """\
import ray
ray.init(num_cpus=1, num_gpus=1)

@ray.remote(num_gpus=2)
def needs_two():
    return 1

ray.get(needs_two.remote())
"""
    request = write(tmp_path, "greedy.py", greedy)
    with Engine(RunOptions(ray_address=ray_address, timeout=200)) as engine:
        [result] = engine.run([request])
    assert result.status is FileStatus.FAILED, describe(result)
    assert result.error is not None and result.error.type == "UnschedulableDemand"
    assert "requires 2 GPU but the Ray instance has 1 GPU" in result.error.message


def test_a_run_of_shaped_files_only_counts_their_instance(tmp_path: Path,
                                                         ray_address: str) -> None:
    """The bound and the peak memory of a run that never used the default instance
    count the shaped instance its file waited for."""
    shaped = "import ray\nray.init(num_cpus=1, resources={'only': 1})\n" \
             "assert ray.cluster_resources()['only'] == 1\n"
    with Engine(RunOptions(ray_address=ray_address, jobs=1, timeout=120)) as engine:
        (result,) = engine.run([write(tmp_path, "only.py", shaped)])
    assert result.status is FileStatus.PASSED, describe(result)
    assert engine.stats.instance_start_s > 0.5  # a private instance takes seconds
    assert engine.stats.peak_rss_bytes > 100 << 20  # its Ray processes, its driver
