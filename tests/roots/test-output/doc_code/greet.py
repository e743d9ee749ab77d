import ray

ray.init()

# __hello_start__
@ray.remote
def greet(name):
    return f"Hello, {name}!"


print(ray.get(greet.remote("Ray")))
# Output:
# Hello, Ray!
# __hello_end__

# __quiet_start__
answer = 6 * 7
# __quiet_end__
