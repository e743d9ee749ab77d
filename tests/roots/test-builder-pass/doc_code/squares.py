import ray

ray.init()

# __define_start__
@ray.remote
def square(x):
    return x * x
# __define_end__

# __use_start__
squares = ray.get([square.remote(i) for i in range(4)])
print(squares)
assert squares == [0, 1, 4, 9]
# __use_end__
