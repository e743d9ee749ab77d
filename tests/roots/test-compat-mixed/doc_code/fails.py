"""A wrong claim in the second region: fails whichever way it runs."""

import ray

# __setup_start__
ray.init()


@ray.remote
def add(a, b):
    return a + b
# __setup_end__

# __wrong_start__
assert ray.get(add.remote(2, 2)) == 5, "two and two"
# __wrong_end__

# __after_start__
print("never reached")
# __after_end__
