"""Print what an existing Ray cluster's nodes hold, without joining it as a job.

Run as ``python -m sphinxext.doccode.runner.holder.probe ADDRESS``; prints one
JSON line ``{"nodes": [{"CPU": 8, ...}, ...], "autoscaling": {...} | null}``:
the total logical resources of every alive node, and, for an autoscaling
cluster, the most of each resource its configuration allows. Talks to the
GCS directly, so no job, actor or worker is left on the cluster.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def probe(address: str) -> dict[str, Any]:
    import ray._private.state as state
    from ray._raylet import GcsClientOptions  # type: ignore[attr-defined]

    options = GcsClientOptions.create(address, None, allow_cluster_id_nil=True,
                                      fetch_cluster_id_if_nil=False)
    state.state._initialize_global_state(options)
    try:
        alive = {node["NodeID"] for node in state.state.node_table()  # type: ignore[no-untyped-call]
                 if node["Alive"]}
        nodes = [dict(resources) for node_id, resources
                 in state.state.total_resources_per_node().items() if node_id in alive]
        try:
            autoscaling = state.state.get_max_resources_from_cluster_config()
        except Exception:  # older or stripped-down clusters: no autoscaler state
            autoscaling = None
    finally:
        state.state.disconnect()  # type: ignore[no-untyped-call]
    return {"nodes": nodes, "autoscaling": autoscaling}


def main(argv: list[str]) -> int:
    print(json.dumps(probe(argv[0])), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
