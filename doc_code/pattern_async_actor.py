"""Pattern: an async actor runs many waiting calls at the same time."""

import asyncio

import ray

ray.init()


# __async_actor_start__
@ray.remote
class Rendezvous:
    """Each caller waits until `expected` callers have arrived."""

    def __init__(self, expected):
        self.expected = expected
        self.arrived = 0
        self.everyone_here = asyncio.Event()

    async def arrive(self, name):
        self.arrived += 1
        if self.arrived == self.expected:
            self.everyone_here.set()
        # While this call waits, the actor's event loop runs the other calls.
        # A plain (synchronous) actor would run one call at a time and the
        # first caller would wait forever.
        await asyncio.wait_for(self.everyone_here.wait(), timeout=10)
        return f"{name} met {self.expected - 1} others"


rendezvous = Rendezvous.remote(expected=4)
greetings = ray.get([rendezvous.arrive.remote(name) for name in "ABCD"])
print(greetings)
# Output:
# ['A met 3 others', 'B met 3 others', 'C met 3 others', 'D met 3 others']

assert greetings == [f"{name} met 3 others" for name in "ABCD"]
# __async_actor_end__
