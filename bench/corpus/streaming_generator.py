import time

import ray

ray.init()


# __stream_start__
@ray.remote(num_returns="streaming")
def produce(count):
    for i in range(count):
        time.sleep(0.1)  # each item takes a while to make
        yield sum(range(i * 20_000))


received = [ray.get(ref) for ref in produce.remote(30)]
assert received == [sum(range(i * 20_000)) for i in range(30)]
# __stream_end__
