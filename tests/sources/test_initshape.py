"""Finding the cluster shape an example's ray.init(...) asks for (pure, no Ray)."""

from __future__ import annotations

import pytest

from sphinxext.doccode.sources.initshape import (
    ClusterShape,
    asked_shape,
    scan_shape,
    shape_from_dict,
)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import ray\nray.init(num_cpus=2, num_gpus=2)\n",
         ClusterShape(num_cpus=2, num_gpus=2)),
        ('import ray\nray.init(num_cpus=3, num_gpus=4, resources={"b": 1, "a": 1})\n',
         ClusterShape(num_cpus=3, num_gpus=4, resources=(("a", 1.0), ("b", 1.0)))),
        ("import ray as r\nr.init(num_cpus=64)\n", ClusterShape(num_cpus=64)),
        ("from ray import init\ninit(object_store_memory=2 * 10**8)\n",
         ClusterShape(object_store_memory=2 * 10**8)),
        ('import ray\nray.init(_system_config={"b": 2, "a": True})\n',
         ClusterShape(system_config='{"a": true, "b": 2}')),
        # the first call that asks for a shape decides; job-only calls do not count
        ('import ray\nray.init(namespace="x")\nray.shutdown()\nray.init(num_gpus=1)\n',
         ClusterShape(num_gpus=1)),
    ],
)
def test_literal_shapes_are_found(source: str, expected: ClusterShape) -> None:
    assert scan_shape(source).shape == expected


@pytest.mark.parametrize(
    "source",
    [
        "import ray\nray.init()\n",
        'import ray\nray.init(namespace="x", runtime_env={"env_vars": {"A": "1"}})\n',
        "import ray\nray.put(1)\n",
        "def init(num_cpus):\n    pass\ninit(num_cpus=4)\n",  # not Ray's
        "this is not python(\n",
    ],
)
def test_no_shape(source: str) -> None:
    scan = scan_shape(source)
    assert scan.shape is None
    assert scan.dynamic_line is None


@pytest.mark.parametrize(
    "source", ["import ray\nn = 2\nray.init(num_cpus=n)\n",
               "import ray\noptions = {}\nray.init(**options)\n"])
def test_computed_shapes_are_left_to_run_time(source: str) -> None:
    scan = scan_shape(source)
    assert scan.shape is None
    assert scan.dynamic_line == 3


def test_resolve_over_the_run_resources() -> None:
    base = {"CPU": 8, "custom": 4}
    assert ClusterShape(num_gpus=2).resolve(base) == {"CPU": 8, "GPU": 2, "custom": 4}
    # resources= replaces the base's custom resources, as a node started alone has only those
    shape = ClusterShape(num_cpus=3, resources=(("special", 1.0),))
    assert shape.resolve(base) == {"CPU": 3, "special": 1.0}


def test_shape_round_trips_through_json_form() -> None:
    shape = asked_shape({"num_cpus": 2, "resources": {"x": 1}, "_memory": 10**9,
                         "_system_config": {"a": 1}, "namespace": "ignored"})
    assert shape is not None
    assert shape_from_dict(shape.to_dict()) == shape
    assert "num_cpus=2.0" in shape.describe()
    assert asked_shape({"namespace": "x", "num_cpus": None}) is None


def test_bad_values_are_refused() -> None:
    with pytest.raises(ValueError, match="num_cpus"):
        asked_shape({"num_cpus": "two"})
    with pytest.raises(ValueError, match="resources"):
        asked_shape({"resources": [1]})
