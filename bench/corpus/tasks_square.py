import ray

ray.init()


# __square_start__
@ray.remote
def square(x):
    return x * x


assert ray.get([square.remote(i) for i in range(20)]) == [i * i for i in range(20)]
# __square_end__
