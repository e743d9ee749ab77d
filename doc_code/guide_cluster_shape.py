"""An example that asks for its own cluster shape: one logical GPU, a custom resource."""

import ray

# __shape_start__
# Runs on a private instance of exactly this shape, also on a machine
# without GPUs: logical GPUs are only numbers Ray schedules by.
ray.init(num_cpus=2, num_gpus=1, resources={"accelerator": 1})
# __shape_end__

# __use_start__
@ray.remote(num_gpus=1, resources={"accelerator": 1})
def on_the_accelerator():
    return ray.get_gpu_ids()


assert len(ray.get(on_the_accelerator.remote())) == 1
print(ray.cluster_resources()["GPU"], ray.cluster_resources()["accelerator"])
# Output:
# 1.0 1.0
# __use_end__
