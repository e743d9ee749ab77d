import ray
from ray.util.placement_group import placement_group, remove_placement_group
from ray.util.scheduling_strategies import PlacementGroupSchedulingStrategy

ray.init()


@ray.remote(num_cpus=1)
def inside():
    return "ok"


# __pg_start__
group = placement_group([{"CPU": 1}, {"CPU": 1}], strategy="PACK")
ray.get(group.ready())
strategy = PlacementGroupSchedulingStrategy(placement_group=group)
assert ray.get([inside.options(scheduling_strategy=strategy).remote() for _ in range(2)]) == [
    "ok",
    "ok",
]
remove_placement_group(group)
# __pg_end__
