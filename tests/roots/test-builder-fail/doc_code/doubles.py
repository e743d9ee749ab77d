import ray

ray.init()

# __first_start__
@ray.remote
def double(x):
    return 2 * x


assert ray.get(double.remote(2)) == 4
# __first_end__

# __second_start__
values = ray.get([double.remote(i) for i in range(3)])
assert values == [0, 2, 5], f"got {values}"
# __second_end__

# __third_start__
print("never reached")
# __third_end__
