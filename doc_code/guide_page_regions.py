"""The marker guide's second example: begin markers, and a last region open to the end."""

import ray

# __connect_begin__
ray.init()
# __connect_end__

# __square_begin__
@ray.remote
def square(x):
    return x * x
# __square_end__

# __gather_start__
squares = ray.get([square.remote(i) for i in range(4)])
print(squares)
assert squares == [0, 1, 4, 9]
