import ray

# This example asks for a cluster of its own shape: four CPUs.
ray.init(num_cpus=4)


@ray.remote(num_cpus=2)
def half_of_the_cluster(x):
    return x * 10


# __shape_start__
assert ray.cluster_resources()["CPU"] >= 4
assert ray.get([half_of_the_cluster.remote(i) for i in range(4)]) == [0, 10, 20, 30]
# __shape_end__
