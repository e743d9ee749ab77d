"""Anti-pattern: tasks so small that scheduling costs more than running."""

import ray

ray.init()

# __too_fine_grained_tasks_bad_start__
numbers = list(range(500))


@ray.remote
def double(x):
    return 2 * x


# One task per number: 500 tasks that do almost nothing.
doubled_bad = ray.get([double.remote(x) for x in numbers])
# __too_fine_grained_tasks_bad_end__


# __too_fine_grained_tasks_better_start__
@ray.remote
def double_batch(batch):
    return [2 * x for x in batch]


# A handful of tasks, each working through a batch of numbers.
size = 125
starts = range(0, len(numbers), size)
batches = [numbers[i : i + size] for i in starts]
results = ray.get([double_batch.remote(b) for b in batches])
doubled = [x for batch in results for x in batch]
print(len(batches), "tasks,", len(doubled), "results")
# Output:
# 4 tasks, 500 results

assert doubled == doubled_bad
# __too_fine_grained_tasks_better_end__
