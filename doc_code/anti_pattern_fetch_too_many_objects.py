"""Anti-pattern: fetching every result at once with one ``ray.get()``."""

import numpy as np
import ray

ray.init()


# __fetch_too_many_objects_bad_start__
@ray.remote
def sample_block(seed):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 100, size=50_000)  # 400 kB per block


block_refs = [sample_block.remote(seed) for seed in range(40)]
# All forty blocks are copied into the driver's memory before
# the first is looked at: with more or bigger blocks, the
# driver runs out of memory.
blocks = ray.get(block_refs)
total_bad = sum(int(block.sum()) for block in blocks)
del blocks
# __fetch_too_many_objects_bad_end__

# __fetch_too_many_objects_better_start__
total = 0
pending = [sample_block.remote(seed) for seed in range(40)]
while pending:
    # Take the next finished blocks, add them up and let them go
    # before fetching more: at most eight blocks held at a time.
    batch = min(8, len(pending))
    ready, pending = ray.wait(pending, num_returns=batch)
    for block in ray.get(ready):
        total += int(block.sum())
print(total)
# Output:
# 98962856

assert total == total_bad
# __fetch_too_many_objects_better_end__
