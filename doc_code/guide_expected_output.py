"""The expected-output guide's example: printed lines checked by comments."""

import time

import ray

ray.init()

# __exact_start__
@ray.remote
def square(x):
    return x * x


print(ray.get([square.remote(i) for i in range(4)]))
# Output:
# [0, 1, 4, 9]
# __exact_end__

# __wildcards_start__
started = time.perf_counter()
ref = square.remote(12)
print("result:", ray.get(ref))
print(f"took {time.perf_counter() - started:.4f} s")
print("reference:", ref)
# Output:
# result: 144
# took ... s
# reference: ObjectRef(...)
# __wildcards_end__

# __unordered_start__
@ray.remote
def shout(word):
    # Printed in a worker: Ray forwards it to the driver as
    # "(shout pid=...) A", a line the check ignores.
    print(word.upper())
    return word.upper()


pending = [shout.remote(word) for word in ["a", "b", "c"]]
while pending:
    # Whichever task finishes first is printed first.
    done, pending = ray.wait(pending)
    print(ray.get(done[0]))
# Output (unordered):
# A
# B
# C
# __unordered_end__
