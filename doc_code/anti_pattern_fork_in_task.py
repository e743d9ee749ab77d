"""Anti-pattern: starting child processes inside a task."""

import math
import multiprocessing

import ray

ray.init()

# __fork_in_task_bad_start__
numbers = [10, 20, 30]


@ray.remote
def factorials_bad(values):
    # The task runs its own process pool behind Ray's back. Even with the
    # "spawn" start method (forking a Ray worker, the Linux default before
    # Python 3.14, can deadlock), Ray neither schedules nor accounts for
    # these processes: this one-CPU task really keeps two more CPUs busy.
    with multiprocessing.get_context("spawn").Pool(processes=2) as pool:
        return pool.map(math.factorial, values)


factorials_from_pool = ray.get(factorials_bad.remote(numbers))
# __fork_in_task_bad_end__


# __fork_in_task_better_start__
@ray.remote
def factorial(value):
    return math.factorial(value)


# Let Ray run the parallel part: each piece is a task that Ray schedules,
# retries on failure and shows in its dashboard and state API.
factorials = ray.get([factorial.remote(value) for value in numbers])
print([len(str(f)) for f in factorials], "digits")
# Output:
# [7, 19, 33] digits

assert factorials == factorials_from_pool
# __fork_in_task_better_end__
