"""Logical GPUs and custom resources of a node started by ray.init."""

import ray

# __node_start__
ray.init(num_cpus=3, num_gpus=4, resources={"special_hardware": 1, "custom_label": 1})
# __node_end__

# __check_start__
available = ray.available_resources()
assert available["CPU"] == 3, available
assert available["GPU"] == 4, available
assert available["special_hardware"] == 1, available
assert available["custom_label"] == 1, available
# __check_end__


# __fractional_start__
@ray.remote(num_cpus=0, num_gpus=0.5)
class HalfGpu:
    def ids(self):
        return ray.get_gpu_ids()


@ray.remote(resources={"special_hardware": 1})
def on_special_hardware():
    return "done"


half = HalfGpu.remote()
assert len(ray.get(half.ids.remote(), timeout=30)) == 1
assert ray.get(on_special_hardware.remote(), timeout=30) == "done"
# __fractional_end__
