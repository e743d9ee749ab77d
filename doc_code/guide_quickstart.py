"""The quick start's example: a Ray task and the code that calls it."""

import ray

ray.init()

# __define_task_start__
@ray.remote
def square(x):
    return x * x
# __define_task_end__

# __call_task_start__
# Start four tasks at once, then wait for all their results.
refs = [square.remote(i) for i in range(4)]
results = ray.get(refs)
assert results == [0, 1, 4, 9]
# __call_task_end__
