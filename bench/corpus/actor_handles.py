import ray

ray.init()


@ray.remote
class Log:
    def __init__(self):
        self.lines = []

    def write(self, line):
        self.lines.append(line)

    def read(self):
        return self.lines


@ray.remote
def report(log, n):
    ray.get(log.write.remote(f"task {n}"))


# __handles_start__
log = Log.remote()
ray.get([report.remote(log, n) for n in range(4)])
assert sorted(ray.get(log.read.remote())) == [f"task {n}" for n in range(4)]
# __handles_end__
