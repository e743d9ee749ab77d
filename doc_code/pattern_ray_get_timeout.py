"""Pattern: bounding how long the caller waits with timeouts."""

import time

import ray

ray.init()


# __ray_get_timeout_start__
@ray.remote
def slow_square(x):
    time.sleep(0.5)
    return x * x


square_ref = slow_square.remote(12)
try:
    # Stop waiting after 50 ms; the task itself keeps running.
    ray.get(square_ref, timeout=0.05)
except ray.exceptions.GetTimeoutError:
    print("not ready yet")
# Output:
# not ready yet
# __ray_get_timeout_end__

# __ray_wait_poll_start__
# ray.wait() with a timeout never raises: it reports what is
# ready so far and what is not.
ready, not_ready = ray.wait([square_ref], timeout=0)
print(len(ready), "ready,", len(not_ready), "still running")
# Output:
# ... ready, ... still running

# Later, wait for the result for real.
square = ray.get(square_ref)
print(square)
# Output:
# 144

assert square == 144
# __ray_wait_poll_end__
