import time

import ray

ray.init()


# __long_stream_start__
@ray.remote(num_returns="streaming")
def produce(count):
    for i in range(count):
        time.sleep(0.5)  # waiting on an outside source, not the CPU
        yield sum(range(i * 2_000))


# Items arrive one by one, about every half second, for about 90 seconds.
received = []
for ref in produce.remote(180):
    received.append(ray.get(ref))
assert received == [sum(range(i * 2_000)) for i in range(180)]
# __long_stream_end__
