"""A doc set run against an existing two-node cluster (``doccode_ray_address``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.cluster.two_nodes import TwoNodes, start_two_nodes
from tests.sphinx_helpers import copy_root
from tests.test_builder import by_path, load_report, plain_status

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.ray


@pytest.fixture(scope="module")
def two_nodes() -> Iterator[TwoNodes]:
    cluster = start_two_nodes()
    try:
        yield cluster
    finally:
        cluster.stop()
    assert cluster.pids() == [], "a process of the test cluster outlived it"


def test_doc_set_on_a_two_node_cluster(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, two_nodes: TwoNodes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in two_nodes.env.items():  # the cluster's token, for the drivers
        monkeypatch.setenv(name, value)
    project = copy_root("two-nodes", tmp_path)
    daemons = two_nodes.daemons()
    assert len(daemons) == 3  # a GCS and two raylets
    app = make_app("doccode", srcdir=project / "docs", builddir=project / "_build",
                   confoverrides={"doccode_ray_address": two_nodes.address,
                                  "doccode_cache": "off", "doccode_timeout": 300})
    app.build()
    report = load_report(app)

    on_worker = by_path(report, "doc_code/on_worker.py")
    assert on_worker["status"] == "passed", plain_status(app)
    assert "ran on 127.0.0.2" in on_worker["regions"][0]["output"]

    tpu = by_path(report, "doc_code/needs_tpu.py")
    assert tpu["status"] == "failed"
    assert tpu["error"]["type"] == "UnschedulableDemand"
    message = tpu["error"]["message"]
    assert "requires 1 tpu_v9 but the Ray cluster has 0 tpu_v9" in message
    assert "add a node with 1 tpu_v9" in message

    gpu = by_path(report, "doc_code/needs_gpu.py")
    assert gpu["status"] == "skipped"
    assert gpu["reason"] == (
        f"requires 1 GPU, but no node has enough GPU on the Ray cluster at {two_nodes.address}")

    # The cluster is still up, and nothing of the run is left on it.
    state = two_nodes.state()
    assert [n["alive"] for n in state["nodes"]] == [True, True]
    assert state["jobs"] and all(job["dead"] for job in state["jobs"]), state["jobs"]
    assert {a["class"] for a in state["actors"]} == {"Keeper"}
    assert all(a["state"] == "DEAD" for a in state["actors"]), state["actors"]
    assert state["groups"] and all(g["state"] == "REMOVED" for g in state["groups"])
    # the engine stopped none of the cluster's own processes
    assert two_nodes.daemons() == daemons
