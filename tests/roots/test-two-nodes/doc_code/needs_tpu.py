import ray


@ray.remote(resources={"tpu_v9": 1})
def train():
    return "trained"


print(ray.get(train.remote()))
