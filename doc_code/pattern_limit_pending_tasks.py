"""Pattern: limiting the number of pending tasks with ``ray.wait()``."""

import zlib

import ray

ray.init()


# __limit_pending_tasks_unbounded_start__
@ray.remote
def checksum(block_id):
    block = bytes([block_id % 256]) * 100_000
    return block_id, zlib.crc32(block)


# Every task is submitted at once: with millions of blocks, the pending
# tasks and their arguments pile up in memory faster than they can run.
unbounded = ray.get([checksum.remote(block_id) for block_id in range(20)])
# __limit_pending_tasks_unbounded_end__

# __limit_pending_tasks_start__
MAX_PENDING = 4

results = []
pending = []
for block_id in range(20):
    if len(pending) >= MAX_PENDING:
        # Block until one task has finished before submitting another one:
        # never more than MAX_PENDING tasks are waiting or running.
        finished, pending = ray.wait(pending, num_returns=1)
        results.extend(ray.get(finished))
    pending.append(checksum.remote(block_id))
results.extend(ray.get(pending))

# ray.wait() hands tasks back in the order they finish; sort to compare.
assert sorted(results) == unbounded
print(len(results), "blocks checked")
# Output:
# 20 blocks checked
# __limit_pending_tasks_end__
