import ray

# __connect_begin__
ray.init()
# __connect_end__

# __double_start__
@ray.remote
def double(x):
    return 2 * x
# __double_end__

# __call_begin__
assert ray.get(double.remote(21)) == 42
# __call_end__
