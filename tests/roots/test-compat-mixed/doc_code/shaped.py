"""A node with a logical GPU and a custom resource, as the example's ray.init asks."""

import ray

# __init_start__
ray.init(num_cpus=1, num_gpus=1, resources={"accelerator": 2})
# __init_end__

# __use_start__
@ray.remote(num_gpus=1, resources={"accelerator": 1})
def on_gpu():
    return len(ray.get_gpu_ids())


assert ray.get(on_gpu.remote(), timeout=30) == 1
assert ray.cluster_resources()["accelerator"] == 2
# __use_end__
