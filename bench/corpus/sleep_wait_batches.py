import time

import ray

ray.init()


@ray.remote
def fetch(i):
    time.sleep(0.25)
    return i


# __batches_start__
pending = [fetch.remote(i) for i in range(40)]
done = []
while pending:
    ready, pending = ray.wait(pending, num_returns=min(4, len(pending)))
    done += ray.get(ready)
assert sorted(done) == list(range(40))
# __batches_end__
