"""Anti-pattern: calling ``ray.get()`` in a loop serialises the work."""

import ray

ray.init()


# __ray_get_loop_bad_start__
@ray.remote
def cube(x):
    return x**3


cubes_bad = []
for x in range(8):
    # ray.get() blocks until this task is done, so the next one
    # is submitted only then: the tasks run one after another.
    cubes_bad.append(ray.get(cube.remote(x)))
# __ray_get_loop_bad_end__

# __ray_get_loop_better_start__
# Submit every task first, so they can all run at the same time,
cube_refs = [cube.remote(x) for x in range(8)]
# then wait for all of them with a single call.
cubes = ray.get(cube_refs)
print(cubes)
# Output:
# [0, 1, 8, 27, 64, 125, 216, 343]

assert cubes == cubes_bad
# __ray_get_loop_better_end__
