import random

import ray

ray.init()


def partition(values):
    pivot = values[len(values) // 2]
    less = [v for v in values if v < pivot]
    equal = [v for v in values if v == pivot]
    greater = [v for v in values if v > pivot]
    return less, equal, greater


# __quicksort_start__
@ray.remote
def quicksort(values):
    if len(values) <= 30_000:
        return sorted(values)
    less, equal, greater = partition(values)
    left, right = quicksort.remote(less), quicksort.remote(greater)
    return ray.get(left) + equal + ray.get(right)


rng = random.Random(0)
numbers = [rng.random() for _ in range(300_000)]
assert ray.get(quicksort.remote(numbers)) == sorted(numbers)
# __quicksort_end__
