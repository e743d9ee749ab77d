import ray

ray.init()


@ray.remote(num_cpus=1)
def describe():
    return ray.get_runtime_context().get_assigned_resources()


# __options_start__
assigned = ray.get(describe.options(num_cpus=2).remote())
assert assigned.get("CPU") == 2.0
# __options_end__
