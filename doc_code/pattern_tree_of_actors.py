"""Pattern: a supervisor actor that creates and drives worker actors."""

import ray

ray.init()


# __tree_of_actors_start__
@ray.remote
class Trainer:
    def __init__(self, learning_rate):
        self.learning_rate = learning_rate
        self.weight = 0.0

    def train(self, steps):
        # A stand-in for real training: move the weight to 1.0.
        for _ in range(steps):
            step = self.learning_rate * (1.0 - self.weight)
            self.weight += step
        return round(self.weight, 3)


@ray.remote
class Supervisor:
    def __init__(self, rates):
        # The supervisor creates, and so owns, its trainers:
        # if it dies they stop too. The driver keeps one handle.
        self.trainers = [Trainer.remote(r) for r in rates]

    def train_all(self, steps):
        refs = [t.train.remote(steps) for t in self.trainers]
        return ray.get(refs)


supervisor = Supervisor.remote([0.5, 0.1])
weights = ray.get(supervisor.train_all.remote(10))
print(weights)
# Output:
# [0.999, 0.651]

assert weights == [0.999, 0.651]
# __tree_of_actors_end__
