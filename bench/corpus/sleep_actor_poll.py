import time

import ray

ray.init()


@ray.remote
class Job:
    def __init__(self):
        self.started = time.monotonic()

    def progress(self):
        return min(1.0, (time.monotonic() - self.started) / 3.0)


# __poll_start__
job = Job.remote()
while (progress := ray.get(job.progress.remote())) < 1.0:
    time.sleep(0.2)  # the driver waits; the CPUs are idle
assert progress == 1.0
# __poll_end__
