"""Anti-pattern: passing the same large argument by value to many tasks."""

import numpy as np
import ray

ray.init()


# __pass_large_arg_by_value_bad_start__
@ray.remote
def scaled_sum(values, factor):
    return float(values.sum()) * factor


weights = np.ones(500_000)  # 4 MB
factors = range(4)

# Each call serialises `weights` again and stores a new copy
# in the object store: four calls, four identical 4 MB objects.
refs = [scaled_sum.remote(weights, f) for f in factors]
sums_bad = ray.get(refs)
# __pass_large_arg_by_value_bad_end__

# __pass_large_arg_by_value_better_start__
# Store the array once and pass its ObjectRef: every task
# reads the same object (workers on the same node even read
# numpy arrays in place, without a copy).
weights_ref = ray.put(weights)
refs = [scaled_sum.remote(weights_ref, f) for f in factors]
sums = ray.get(refs)
print(sums)
# Output:
# [0.0, 500000.0, 1000000.0, 1500000.0]

assert sums == sums_bad
# __pass_large_arg_by_value_better_end__
