import random
import time

import ray

ray.init()


# __sleepers_start__
@ray.remote
def sleeper(seconds):
    time.sleep(seconds)  # stands for I/O: a download, a database call
    return seconds


rng = random.Random(7)
delays = [rng.uniform(0, 0.5) for _ in range(60)]
assert sum(ray.get([sleeper.remote(d) for d in delays])) == sum(delays)
# __sleepers_end__
