"""Pattern: a generator task yields its results one by one to cut peak memory."""

import numpy as np
import ray

ray.init()


# __generators_reduce_memory_list_start__
@ray.remote
def make_shards_list(num_shards, shard_size):
    # All shards live in this worker's memory at once before the task can
    # return them; the caller sees nothing until the last one is built.
    return [np.full(shard_size, shard, dtype=np.int32) for shard in range(num_shards)]


shard_sums_list = [int(shard.sum()) for shard in ray.get(make_shards_list.remote(5, 250_000))]
# __generators_reduce_memory_list_end__


# __generators_reduce_memory_start__
@ray.remote
def make_shards(num_shards, shard_size):
    # Each yielded shard goes to the object store at once, so the worker only
    # ever holds the shard it is building.
    for shard in range(num_shards):
        yield np.full(shard_size, shard, dtype=np.int32)


shard_sums = []
# The caller gets an ObjectRefGenerator and can start on the first shard while
# the task is still producing the next ones.
for shard_ref in make_shards.remote(5, 250_000):
    shard_sums.append(int(ray.get(shard_ref).sum()))
    del shard_ref  # drop the reference so Ray can free this shard
print(shard_sums)
# Output:
# [0, 250000, 500000, 750000, 1000000]

assert shard_sums == shard_sums_list
# __generators_reduce_memory_end__
