import ray

# __define_start__
@ray.remote
class Counter:
    def __init__(self):
        self.n = 0

    def add(self):
        self.n += 1
        return self.n
# __define_end__

# __use_start__
counter = Counter.remote()
assert ray.get([counter.add.remote() for _ in range(3)]) == [1, 2, 3]
print("counted to", ray.get(counter.add.remote()))
