"""The execution guide's example: per-file control comments."""

# doccode: timeout=120
# doccode: requires=numpy

import numpy as np
import ray

# __init_arguments_start__
# A cluster shape (num_cpus=4): the file runs on a private 4-CPU instance, as
# its own ray.init() would start alone.
ray.init(num_cpus=4)
assert ray.cluster_resources()["CPU"] == 4
# __init_arguments_end__

# __put_array_start__
array = np.arange(1_000_000)
ref = ray.put(array)
assert ray.get(ref).sum() == array.sum()
# __put_array_end__


@ray.remote
def total(values):
    return int(values.sum())


# __total_start__
print(ray.get(total.remote(ref)))
# Output:
# 499999500000
# __total_end__
