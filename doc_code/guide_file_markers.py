"""The execution guide's example: per-file control comments."""

# doccode: timeout=120
# doccode: requires=numpy

import numpy as np
import ray

# __put_array_start__
array = np.arange(1_000_000)
ref = ray.put(array)  # ray.put() connects to the run's Ray instance, as ray.init() would
assert ray.get(ref).sum() == array.sum()
# __put_array_end__

# __init_arguments_start__
# A cluster shape (num_cpus=4): the whole file runs on a private 4-CPU
# instance, the ray.put() above included; ignore_reinit_error as usual.
ray.init(num_cpus=4, ignore_reinit_error=True)
assert ray.cluster_resources()["CPU"] == 4


@ray.remote
def total(values):
    return int(values.sum())


print(ray.get(total.remote(ref)))
# Output:
# 499999500000
# __init_arguments_end__
