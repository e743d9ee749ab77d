import ray

ray.init()


# __counter_start__
@ray.remote
class Counter:
    def __init__(self):
        self.value = 0

    def increment(self):
        self.value += 1
        return self.value


counter = Counter.remote()
refs = [counter.increment.remote() for _ in range(5)]
assert ray.get(refs) == [1, 2, 3, 4, 5]
# __counter_end__
