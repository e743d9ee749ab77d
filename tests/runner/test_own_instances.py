"""Which files the planner gives an instance of their own (pure: no Ray)."""

from __future__ import annotations

import os
from pathlib import Path

from sphinxext.doccode.results import FileResult, FileStatus
from sphinxext.doccode.runner import FileRequest, RunOptions
from sphinxext.doccode.runner.engine.plan.cache import ResultCache
from sphinxext.doccode.runner.engine.plan.planner import Planner
from sphinxext.doccode.runner.engine.plan.policy import UnitPolicy
from sphinxext.doccode.runner.engine.pools.shaped import OwnInstance, shape_key
from sphinxext.doccode.runner.engine.schedule.instance_plan import OWN_INSTANCE_MIN_S, own_instances

SOURCES = {
    "long.py": "import ray\nray.init()\n",
    "short.py": "import ray\nray.init()\n",
    "new.py": "import ray\nray.init()\n",
    "shaped.py": "import ray\nray.init(num_cpus=4)\n",
}
LAST_S = {"long.py": OWN_INSTANCE_MIN_S + 1, "short.py": 1.0,
          "shaped.py": OWN_INSTANCE_MIN_S + 5}


def _shapes(tmp_path: Path, **options: object) -> dict[str, object]:
    cache = ResultCache(tmp_path / "cache")
    for name, seconds in LAST_S.items():
        cache.put(f"old-{name}", FileResult(f"doc_code/{name}", FileStatus.PASSED, seconds))
    run = RunOptions(cache_dir=tmp_path / "cache", cache_mode="force", **options)  # type: ignore[arg-type]
    planner = Planner(run, UnitPolicy(run, lambda: dict(os.environ)), cache)
    requests = []
    for name, text in SOURCES.items():
        (tmp_path / name).write_text(text)
        requests.append(FileRequest(tmp_path / name, f"doc_code/{name}"))
    plans = [planner.plan(request) for request in requests]
    own_instances(plans, list(range(len(plans))), run, cache)
    return {name: plan.shape for name, plan in zip(SOURCES, plans, strict=True)}


def test_only_a_long_file_without_a_shape_gets_its_own_instance(tmp_path: Path) -> None:
    shapes = _shapes(tmp_path)
    assert shapes["long.py"] == OwnInstance(for_path="doc_code/long.py")
    assert shapes["short.py"] is None and shapes["new.py"] is None  # short, or no history
    assert not isinstance(shapes["shaped.py"], OwnInstance), "its own shape stays"
    options = RunOptions()
    own = shapes["long.py"]
    assert isinstance(own, OwnInstance)
    assert own.resolve(options.ray_resources) == dict(options.ray_resources), "default shape"
    assert shape_key(own, options) is not None, "not the shared instance"
    assert shape_key(own, options) != shape_key(OwnInstance(for_path="doc_code/x.py"), options)


def test_no_own_instance_on_an_existing_cluster_or_alone(tmp_path: Path) -> None:
    assert _shapes(tmp_path / "a", ray_address="127.0.0.1:1")["long.py"] is None
    assert _shapes(tmp_path / "b", isolation="alone")["long.py"] is None
