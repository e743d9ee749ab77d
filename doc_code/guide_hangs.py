"""The hangs guide's example: a wait that never ends, stopped by its timeout."""

# doccode: timeout=10
# doccode: xfail raises=Timeout reason="shows what the report of a hang holds"

import time

import ray


# __hang_start__
@ray.remote(num_cpus=1)
def never_done():
    time.sleep(3600)  # stands for a task that waits for what never comes


def wait_for_result():
    return ray.get(never_done.remote())


wait_for_result()
# __hang_end__
