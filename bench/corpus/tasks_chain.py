import ray

ray.init()


@ray.remote
def add_one(x):
    return x + 1


# __chain_start__
ref = ray.put(0)
for _ in range(10):
    ref = add_one.remote(ref)  # an ObjectRef argument is resolved before the task runs
assert ray.get(ref) == 10
# __chain_end__
