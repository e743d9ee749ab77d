import ray

ray.init()


@ray.remote
class Registry:
    def __init__(self):
        self.items = {}

    def put(self, key, value):
        self.items[key] = value

    def get(self, key):
        return self.items.get(key)


# __named_start__
owner = Registry.options(name="registry").remote()  # the actor lives while a handle does
registry = ray.get_actor("registry")
ray.get(registry.put.remote("answer", 42))
assert ray.get(registry.get.remote("answer")) == 42
# __named_end__
