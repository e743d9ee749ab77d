"""Anti-pattern: starting child processes inside a task."""

import math
import multiprocessing

import ray

ray.init()

# __fork_in_task_bad_start__
numbers = [10, 20, 30]


@ray.remote
def factorials_bad(values):
    # The task runs a process pool behind Ray's back. "spawn"
    # at least avoids forking the Ray worker (fork, the Linux
    # default before Python 3.14, can deadlock it), yet Ray
    # neither schedules nor counts these two busy processes.
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes=2) as pool:
        return pool.map(math.factorial, values)


from_pool = ray.get(factorials_bad.remote(numbers))
# __fork_in_task_bad_end__


# __fork_in_task_better_start__
@ray.remote
def factorial(value):
    return math.factorial(value)


# Let Ray run the parallel part: each piece is a task that Ray
# schedules, retries on failure and shows in its dashboard.
factorials = ray.get([factorial.remote(n) for n in numbers])
print([len(str(f)) for f in factorials], "digits")
# Output:
# [7, 19, 33] digits

assert factorials == from_pool
# __fork_in_task_better_end__
