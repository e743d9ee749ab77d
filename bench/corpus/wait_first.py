import time

import ray

ray.init()


@ray.remote
def slow(delay):
    time.sleep(delay)
    return delay


# __wait_start__
refs = [slow.remote(d) for d in (1.0, 0.05, 0.5)]
ready, not_ready = ray.wait(refs, num_returns=1)
assert len(ready) == 1 and len(not_ready) == 2
assert ray.get(ready)[0] in (1.0, 0.05, 0.5)
# __wait_end__
