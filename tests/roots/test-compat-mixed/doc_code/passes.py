"""Plain tasks and objects: passes whichever way it runs."""

import ray

# __square_start__
@ray.remote
def square(x):
    return x * x


squares = ray.get([square.remote(i) for i in range(4)])
# __square_end__

# __check_start__
assert squares == [0, 1, 4, 9]
assert ray.get(ray.put("value")) == "value"
# __check_end__
