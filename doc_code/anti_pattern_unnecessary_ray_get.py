"""Anti-pattern: fetching a result only to pass it to another task."""

import numpy as np
import ray

ray.init()


# __unnecessary_ray_get_bad_start__
@ray.remote
def make_matrix(n):
    return np.arange(n * n, dtype=np.float64).reshape(n, n)


@ray.remote
def trace(matrix):
    return float(np.trace(matrix))


# The driver downloads the whole matrix, only to upload it again
# as the argument of the next task.
matrix = ray.get(make_matrix.remote(300))
trace_bad = ray.get(trace.remote(matrix))
# __unnecessary_ray_get_bad_end__

# __unnecessary_ray_get_better_start__
# Hand the ObjectRef straight to the next task. Ray starts
# `trace` once the matrix exists and passes it the matrix
# itself, read from the object store; the driver never holds
# a copy.
matrix_ref = make_matrix.remote(300)
trace_better = ray.get(trace.remote(matrix_ref))
print(trace_better)
# Output:
# 13499850.0

assert trace_better == trace_bad
# __unnecessary_ray_get_better_end__
