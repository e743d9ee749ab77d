"""Pattern: an async actor runs many waiting calls at the same time."""

import asyncio

import ray

ray.init()


# __async_actor_start__
@ray.remote
class Rendezvous:
    """Each caller waits until `expected` callers arrived."""

    def __init__(self, expected):
        self.expected = expected
        self.arrived = 0
        self.everyone_here = asyncio.Event()

    async def arrive(self, name):
        self.arrived += 1
        if self.arrived == self.expected:
            self.everyone_here.set()
        # While this call waits, the event loop runs others.
        # A plain actor runs one call at a time: there, the
        # first caller would wait for the others forever.
        await asyncio.wait_for(self.everyone_here.wait(), 10)
        return f"{name} met {self.expected - 1}"


rendezvous = Rendezvous.remote(expected=4)
refs = [rendezvous.arrive.remote(name) for name in "ABCD"]
greetings = ray.get(refs)
print(greetings)
# Output:
# ['A met 3', 'B met 3', 'C met 3', 'D met 3']

assert greetings == [f"{name} met 3" for name in "ABCD"]
# __async_actor_end__
