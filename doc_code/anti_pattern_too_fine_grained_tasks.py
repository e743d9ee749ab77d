"""Anti-pattern: tasks so small that scheduling them costs more than running them."""

import ray

ray.init()

# __too_fine_grained_tasks_bad_start__
numbers = list(range(1_000))


@ray.remote
def double(x):
    return 2 * x


# One task per number: a thousand tasks that each do almost nothing.
doubled_bad = ray.get([double.remote(x) for x in numbers])
# __too_fine_grained_tasks_bad_end__


# __too_fine_grained_tasks_better_start__
@ray.remote
def double_batch(batch):
    return [2 * x for x in batch]


# A handful of tasks, each working through a batch of numbers.
batch_size = 250
batches = [numbers[i : i + batch_size] for i in range(0, len(numbers), batch_size)]
doubled_batches = ray.get([double_batch.remote(batch) for batch in batches])
doubled = [x for batch in doubled_batches for x in batch]
print(len(batches), "tasks,", len(doubled), "results")
# Output:
# 4 tasks, 1000 results

assert doubled == doubled_bad
# __too_fine_grained_tasks_better_end__
