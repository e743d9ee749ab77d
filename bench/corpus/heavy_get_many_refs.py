import numpy as np
import ray

ray.init()


# __many_refs_start__
@ray.remote
def chunk(i):
    return np.full(10_000, i, dtype=np.int64)


# One ray.get on thousands of refs: every result is fetched into the driver at once.
refs = [chunk.remote(i) for i in range(3_000)]
totals = [int(values.sum()) for values in ray.get(refs)]
assert totals == [10_000 * i for i in range(3_000)]
# __many_refs_end__
