import ray

ray.init()


@ray.remote
def leaf(x):
    return x * 2


@ray.remote
def branch(xs):
    return sum(ray.get([leaf.remote(x) for x in xs]))


# __nested_start__
assert ray.get(branch.remote(list(range(10)))) == 90
# __nested_end__
