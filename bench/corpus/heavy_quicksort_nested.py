import random

import ray

ray.init()


def partition(values):
    pivot = values[len(values) // 2]
    less = [v for v in values if v < pivot]
    equal = [v for v in values if v == pivot]
    greater = [v for v in values if v > pivot]
    return less, equal, greater


def python_sort(values):
    """A deliberately plain quicksort: the work stays in Python, on the CPU."""
    if len(values) <= 16:
        return sorted(values)
    less, equal, greater = partition(values)
    return python_sort(less) + equal + python_sort(greater)


# __quicksort_nested_start__
@ray.remote
def quicksort(values):
    if len(values) <= 200_000:
        return python_sort(values)
    less, equal, greater = partition(values)
    # Nested tasks: each half is sorted by a task of its own, which waits on its children.
    left, right = quicksort.remote(less), quicksort.remote(greater)
    return ray.get(left) + equal + ray.get(right)


rng = random.Random(0)
for _ in range(6):
    numbers = [rng.random() for _ in range(1_600_000)]
    assert ray.get(quicksort.remote(numbers)) == sorted(numbers)
# __quicksort_nested_end__
