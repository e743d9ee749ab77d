"""Asks for the shape gpu_bundles.py asks for: the same instance serves both."""

import ray

ray.init(num_cpus=2, num_gpus=2)
assert ray.available_resources()["GPU"] == 2
assert ray.cluster_resources()["CPU"] == 2
