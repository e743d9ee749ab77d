import numpy as np
import ray

ray.init()

# __put_start__
array = np.arange(1_000_000, dtype=np.int64)
ref = ray.put(array)


@ray.remote
def total(values):
    return int(values.sum())


assert ray.get(total.remote(ref)) == int(array.sum())
# __put_end__
