"""A shape computed at run time, which no reading of the source can know."""

import ray

# __computed_start__
node = {"num_cpus": 1, "num_gpus": 1, "resources": {"accelerator": 2}}
ray.init(**node)
assert ray.cluster_resources()["GPU"] == 1
assert ray.cluster_resources()["accelerator"] == 2
assert ray.cluster_resources()["CPU"] == 1
# __computed_end__
