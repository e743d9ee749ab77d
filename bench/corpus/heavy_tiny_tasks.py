import ray

ray.init()


# __tiny_tasks_start__
@ray.remote
def tiny(i):
    return i + 1


# Thousands of tasks, each far cheaper than scheduling it: the anti-pattern's cost.
refs = [tiny.remote(i) for i in range(4_000)]
assert sum(ray.get(refs)) == sum(range(1, 4_001))
# __tiny_tasks_end__
