import time

import ray

ray.init()


@ray.remote
def slow(delay):
    time.sleep(delay)
    return delay


# __wait_start__
refs = [slow.remote(d) for d in (0.6, 0.05, 0.3)]
ready, not_ready = ray.wait(refs, num_returns=1)
assert ray.get(ready) == [0.05]
assert len(not_ready) == 2
# __wait_end__
