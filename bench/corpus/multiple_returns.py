import ray

ray.init()


# __returns_start__
@ray.remote(num_returns=2)
def split(values):
    middle = len(values) // 2
    return values[:middle], values[middle:]


left, right = split.remote([1, 2, 3, 4])
assert ray.get(left) == [1, 2]
assert ray.get(right) == [3, 4]
# __returns_end__
