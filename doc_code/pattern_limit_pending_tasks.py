"""Pattern: limiting the number of pending tasks with ``ray.wait()``."""

import zlib

import ray

ray.init()


# __limit_pending_tasks_unbounded_start__
@ray.remote
def checksum(block_id):
    block = bytes([block_id % 256]) * 100_000
    return block_id, zlib.crc32(block)


# Every task is submitted at once: with millions of blocks,
# pending tasks and their arguments pile up in memory.
unbounded = ray.get([checksum.remote(i) for i in range(20)])
# __limit_pending_tasks_unbounded_end__

# __limit_pending_tasks_start__
MAX_PENDING = 4

results = []
pending = []
for block_id in range(20):
    if len(pending) >= MAX_PENDING:
        # Wait for one task to finish before submitting another:
        # never more than MAX_PENDING tasks waiting or running.
        finished, pending = ray.wait(pending, num_returns=1)
        results.extend(ray.get(finished))
    pending.append(checksum.remote(block_id))
results.extend(ray.get(pending))
print(len(results), "blocks checked")
# Output:
# 20 blocks checked

# ray.wait() returns tasks in the order they finish: sort them.
assert sorted(results) == unbounded
# __limit_pending_tasks_end__
