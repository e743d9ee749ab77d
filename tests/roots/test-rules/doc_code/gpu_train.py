import ray


@ray.remote(num_gpus=1)
def train():
    return "trained"


print(ray.get(train.remote()))
