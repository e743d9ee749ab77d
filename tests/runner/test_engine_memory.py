"""A memory budget that holds one Ray instance at a time
(runner/engine/schedule/instance_groups.py): the default instance's files run
first, it stops, then each shape's files run on their instance, and no two
instances of the run are ever up together."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxext.doccode.results import FileResult, FileStatus
from sphinxext.doccode.runner import Engine, RunOptions
from tests.runner.helpers import describe, write

pytestmark = pytest.mark.ray

#: asserts, from inside the example, that its instance is the run's only one
ONLY_INSTANCE = """\
import os
import psutil
import ray

ray.init({shape})
run = os.environ["DOCCODE_RUN_ID"].split("-shape")[0]
gcs = []
for proc in psutil.process_iter(["name"]):
    try:
        if proc.info["name"] == "gcs_server" and \\
                proc.environ().get("DOCCODE_RUN_ID", "").startswith(run):
            gcs.append(proc.pid)
    except psutil.Error:
        pass
assert len(gcs) == 1, f"{{len(gcs)}} instances of this run are up"
print(ray.cluster_resources()["CPU"])
"""


def test_a_small_budget_runs_one_instance_after_the_other(tmp_path: Path) -> None:
    requests = [write(tmp_path, "three.py", ONLY_INSTANCE.format(shape="num_cpus=3")),
                write(tmp_path, "plain.py", ONLY_INSTANCE.format(shape="")),
                write(tmp_path, "five.py", ONLY_INSTANCE.format(shape="num_cpus=5")),
                write(tmp_path, "plain_too.py", ONLY_INSTANCE.format(shape=""))]
    options = RunOptions(ray_resources={"CPU": 2}, object_store_memory=100 * 1024 * 1024,
                         memory_budget=1, timeout=120)
    with Engine(options) as engine:
        results = {Path(r.path).name: r for r in engine.run(requests)}
        default_up_after = engine._pool.instance
    for result in results.values():
        assert result.status is FileStatus.PASSED, describe(result)
    plain = [_span(results["plain.py"]), _span(results["plain_too.py"])]
    shaped = sorted([_span(results["three.py"]), _span(results["five.py"])])
    assert max(end for _, end in plain) <= shaped[0][0], "the default instance's files first"
    assert shaped[0][1] <= shaped[1][0], "one shape after the other"
    assert default_up_after is None, "the default instance stopped when its files were done"
    assert any("one Ray instance at a time" in event for event in engine.events)


def _span(result: FileResult) -> tuple[float, float]:
    assert result.started_at is not None and result.ended_at is not None
    return result.started_at, result.ended_at
