"""Pattern: a generator task yields results one by one to cut memory."""

import numpy as np
import ray

ray.init()


# __generators_reduce_memory_list_start__
@ray.remote
def make_shards_list(count, size):
    # Every shard is in this worker's memory at once before
    # the task returns; the caller sees none until all exist.
    return [np.full(size, i, np.int32) for i in range(count)]


shards = ray.get(make_shards_list.remote(5, 250_000))
sums_from_list = [int(shard.sum()) for shard in shards]
del shards
# __generators_reduce_memory_list_end__


# __generators_reduce_memory_start__
@ray.remote
def make_shards(count, size):
    # Each yielded shard goes to the object store at once: the
    # worker only ever holds the shard it is building.
    for shard in range(count):
        yield np.full(size, shard, dtype=np.int32)


shard_sums = []
# The caller gets an ObjectRefGenerator and works on the first
# shard while the task is still producing the next ones.
for shard_ref in make_shards.remote(5, 250_000):
    shard_sums.append(int(ray.get(shard_ref).sum()))
    del shard_ref  # drop the ref so Ray can free the shard
print(shard_sums)
# Output:
# [0, 250000, 500000, 750000, 1000000]

assert shard_sums == sums_from_list
# __generators_reduce_memory_end__
