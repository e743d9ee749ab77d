import ray

ray.init()


@ray.remote
def where():
    context = ray.get_runtime_context()
    return context.get_job_id(), context.get_task_id() is not None


# __context_start__
job_id, in_task = ray.get(where.remote())
assert job_id == ray.get_runtime_context().get_job_id()
assert in_task
# __context_end__
