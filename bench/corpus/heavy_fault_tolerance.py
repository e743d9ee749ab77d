import os
import tempfile
from pathlib import Path

import ray

ray.init()

marks = Path(tempfile.mkdtemp(prefix="doccode-fault-"))


# __task_retry_start__
@ray.remote(max_retries=2)
def flaky_once(mark):
    # The first try kills its own worker process: Ray retries the task on a new worker.
    if not Path(mark).exists():
        Path(mark).touch()
        os._exit(1)
    return "recovered"


assert ray.get(flaky_once.remote(str(marks / "task"))) == "recovered"
# __task_retry_end__


# __actor_restart_start__
@ray.remote(max_restarts=2, max_task_retries=2)
class Counter:
    def __init__(self):
        self.count = 0

    def increment(self):
        self.count += 1
        return self.count

    def pid(self):
        return os.getpid()


counter = Counter.remote()
assert ray.get(counter.increment.remote()) == 1
first_pid = ray.get(counter.pid.remote())
ray.kill(counter, no_restart=False)  # as if its node lost the process
# The actor comes back with fresh state; the retried call waits for the restart.
assert ray.get(counter.increment.remote()) == 1
assert ray.get(counter.pid.remote()) != first_pid
# __actor_restart_end__


# __worker_crash_start__
@ray.remote(max_retries=0)
def crashes():
    os._exit(1)


try:
    ray.get(crashes.remote())
except ray.exceptions.WorkerCrashedError:
    print("the worker died and the error says so")
else:
    raise AssertionError("a task whose worker dies must raise")
# __worker_crash_end__
