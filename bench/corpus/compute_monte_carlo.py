import random

import ray

ray.init()


# __pi_start__
@ray.remote
def inside_circle(samples, seed):
    rng = random.Random(seed)
    return sum(rng.random() ** 2 + rng.random() ** 2 <= 1.0 for _ in range(samples))


samples = 1_000_000
hits = ray.get([inside_circle.remote(samples, seed) for seed in range(4)])
pi = 4 * sum(hits) / (4 * samples)
assert abs(pi - 3.14159) < 0.01
# __pi_end__
