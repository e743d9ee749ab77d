"""A laptop-sized example asking for a big node: 64 logical CPUs."""

import ray

# __big_node_start__
ray.init(num_cpus=64)
assert ray.cluster_resources()["CPU"] == 64


@ray.remote(num_cpus=64)
def whole_node():
    return ray.get_runtime_context().get_assigned_resources()["CPU"]


assert ray.get(whole_node.remote(), timeout=60) == 64
# __big_node_end__
