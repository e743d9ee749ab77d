"""A named actor in the example's own namespace."""

import ray

# __namespace_start__
ray.init(namespace="compat")


@ray.remote
class Registry:
    def __init__(self):
        self.items = []

    def add(self, item):
        self.items.append(item)
        return len(self.items)


registry = Registry.options(name="registry").remote()
assert ray.get(registry.add.remote("a")) == 1
# __namespace_end__

# __lookup_start__
same = ray.get_actor("registry")
assert ray.get(same.add.remote("b")) == 2
assert ray.get_runtime_context().namespace == "compat"
# __lookup_end__
