"""A two-GPU machine made of logical GPUs, and placement groups with GPU bundles."""

import ray
from ray.util.placement_group import placement_group, remove_placement_group
from ray.util.scheduling_strategies import PlacementGroupSchedulingStrategy

# __shape_start__
ray.init(num_cpus=2, num_gpus=2)
assert ray.cluster_resources()["CPU"] == 2
assert ray.cluster_resources()["GPU"] == 2
# __shape_end__

# __bundle_start__
group = placement_group([{"CPU": 1, "GPU": 1}])
ray.get(group.ready(), timeout=30)


@ray.remote(num_cpus=0, num_gpus=1)
class Trainer:
    def gpus(self):
        return ray.get_gpu_ids()


trainer = Trainer.options(
    scheduling_strategy=PlacementGroupSchedulingStrategy(placement_group=group)
).remote()
assert len(ray.get(trainer.gpus.remote(), timeout=30)) == 1
# __bundle_end__

# __too_big_start__
# Three GPUs in one bundle do not exist here: the group stays pending.
too_big = placement_group([{"GPU": 3}])
ready, _ = ray.wait([too_big.ready()], timeout=2)
assert ready == []
remove_placement_group(too_big)
# __too_big_end__
