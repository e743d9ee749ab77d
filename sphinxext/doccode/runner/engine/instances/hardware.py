"""What the Ray instance of a run can offer: detected accelerators, an existing cluster's nodes.

Both answers cost a Ray import (or a short probe process), so they are asked
only when some file requires a logical resource.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping

#: how long the probe of an existing cluster may take
PROBE_TIMEOUT = 60.0


def detected_accelerators() -> dict[str, float]:
    """Accelerators of this machine as Ray detects them (``{"GPU": 2}``; empty when none)."""
    from ray._private import accelerators

    found: dict[str, float] = {}
    for manager in accelerators.get_all_accelerator_managers():
        try:
            count = manager.get_current_node_num_accelerators()
        except Exception:  # a vendor tool that is present but broken counts as none
            continue
        name = manager.get_resource_name()
        if count:
            found[name] = max(found.get(name, 0.0), float(count))
    return found


def private_resources(configured: Mapping[str, float]) -> dict[str, float]:
    """The private instance's logical resources: detected accelerators, then the configured
    ``doccode_ray_resources`` on top (``{"GPU": 0}`` there hides real GPUs)."""
    return {**detected_accelerators(), **configured}


def cluster_nodes(address: str, env: Mapping[str, str]) -> list[dict[str, float]] | None:
    """Total logical resources of each alive node of the cluster at ``address`` (an
    autoscaling cluster adds the most its configuration allows, as one more entry);
    None when the cluster cannot be asked."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "sphinxext.doccode.runner.holder.probe", address],
            capture_output=True, env=dict(env), timeout=PROBE_TIMEOUT, check=True,
        )
        answer = json.loads(done.stdout.decode().strip().splitlines()[-1])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None
    nodes = [dict(node) for node in answer["nodes"]]
    if answer.get("autoscaling"):
        nodes.append({k: float(v) for k, v in answer["autoscaling"].items()})
    return nodes
