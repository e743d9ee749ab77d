"""Asks for more CPUs than its own ray.init gives: can never be scheduled."""

import ray

# __small_node_start__
ray.init(num_cpus=1)
# __small_node_end__


# __greedy_start__
@ray.remote(num_cpus=2)
def greedy():
    return "never"


print(ray.get(greedy.remote()))
# __greedy_end__
