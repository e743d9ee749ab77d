"""Pattern: tasks that launch tasks (divide and conquer)."""

import ray

ray.init()


# __nested_tasks_start__
@ray.remote
def parallel_sum(values, leaf_size=1_000):
    if len(values) <= leaf_size:
        return sum(values)
    middle = len(values) // 2
    # A task can submit tasks of its own. While it waits in
    # ray.get(), Ray lends its CPU to other tasks, so the
    # children can run even on a small cluster.
    left = parallel_sum.remote(values[:middle], leaf_size)
    right = parallel_sum.remote(values[middle:], leaf_size)
    return sum(ray.get([left, right]))


values = list(range(2_000))
total = ray.get(parallel_sum.remote(values))
print(total)
# Output:
# 1999000

assert total == sum(values)
# __nested_tasks_end__
