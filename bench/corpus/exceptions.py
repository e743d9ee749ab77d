import ray

ray.init()


@ray.remote
def fails():
    raise ValueError("bad input")


# __catch_start__
try:
    ray.get(fails.remote())
except ValueError as error:  # a RayTaskError is also the original exception type
    assert "bad input" in str(error)
else:
    raise AssertionError("the task should have failed")
# __catch_end__
