import ray
from ray.util import ActorPool

ray.init()


@ray.remote
class Doubler:
    def double(self, x):
        return 2 * x


# __pool_start__
pool = ActorPool([Doubler.remote() for _ in range(2)])
assert list(pool.map(lambda actor, v: actor.double.remote(v), range(8))) == [
    2 * v for v in range(8)
]
# __pool_end__
