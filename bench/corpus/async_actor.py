import asyncio

import ray

ray.init()


# __async_start__
@ray.remote
class AsyncWorker:
    async def work(self, x):
        await asyncio.sleep(0.05)
        return x + 1


worker = AsyncWorker.remote()
assert sorted(ray.get([worker.work.remote(i) for i in range(10)])) == list(range(1, 11))
# __async_end__
