"""Anti-pattern: returning ``ray.put()`` ObjectRefs from a task.

Each region shows the anti-pattern next to the better approach and checks
that both produce the same values.
"""

import numpy as np
import ray

ray.init()


# __return_single_value_start__
# __return_single_value_bad_start__
@ray.remote
def make_greeting_bad(name):
    greeting = f"Hello, {name}!"
    # The task stores its result in the object store itself and returns a
    # reference to it: the caller gets an ObjectRef that points at an ObjectRef.
    return ray.put(greeting)


greeting_bad = ray.get(ray.get(make_greeting_bad.remote("Ray")))
# __return_single_value_bad_end__


# __return_single_value_better_start__
@ray.remote
def make_greeting(name):
    # Return the value itself: small values travel inline to the caller,
    # large ones go to the object store, and the caller owns the result.
    return f"Hello, {name}!"


@ray.remote
def make_zeros(size):
    # The same holds for a large value: return it directly.
    return np.zeros(size, dtype=np.uint8)


greeting_better = ray.get(make_greeting.remote("Ray"))
zeros = ray.get(make_zeros.remote(1_000_000))
# __return_single_value_better_end__

assert greeting_bad == greeting_better == "Hello, Ray!"
assert zeros.nbytes == 1_000_000
# __return_single_value_end__


# __return_static_multi_values_start__
# __return_static_multi_values_bad_start__
@ray.remote
def min_and_max_bad(values):
    # Two results, put one by one and returned as a pair of ObjectRefs.
    return ray.put(min(values)), ray.put(max(values))


lowest_ref, highest_ref = ray.get(min_and_max_bad.remote([3, 1, 4, 1, 5, 9, 2, 6]))
bounds_bad = ray.get([lowest_ref, highest_ref])
# __return_static_multi_values_bad_end__


# __return_static_multi_values_better_start__
@ray.remote(num_returns=2)
def min_and_max(values):
    # With num_returns=2 each element of the returned tuple becomes its own
    # object with its own ObjectRef, with no ray.put() inside the task.
    return min(values), max(values)


lowest_ref, highest_ref = min_and_max.remote([3, 1, 4, 1, 5, 9, 2, 6])
bounds_better = ray.get([lowest_ref, highest_ref])
# __return_static_multi_values_better_end__

assert bounds_bad == bounds_better == [1, 9]
# __return_static_multi_values_end__


# __return_dynamic_multi_values_start__
# __return_dynamic_multi_values_bad_start__
@ray.remote
def split_into_chunks_bad(text, chunk_size):
    # The number of chunks depends on the input, so the task puts each chunk
    # into the object store and returns a list of ObjectRefs.
    return [ray.put(text[start : start + chunk_size]) for start in range(0, len(text), chunk_size)]


chunk_refs = ray.get(split_into_chunks_bad.remote("abcdefghij", 4))
chunks_bad = ray.get(chunk_refs)
# __return_dynamic_multi_values_bad_end__


# __return_dynamic_multi_values_better_start__
@ray.remote
def split_into_chunks(text, chunk_size):
    # A generator task: Ray stores every yielded value as its own object.
    for start in range(0, len(text), chunk_size):
        yield text[start : start + chunk_size]


# Calling a generator task returns an ObjectRefGenerator, which hands out one
# ObjectRef per yielded value as soon as the task has produced it.
chunks_better = [ray.get(ref) for ref in split_into_chunks.remote("abcdefghij", 4)]
print(chunks_better)
# Output:
# ['abcd', 'efgh', 'ij']
# __return_dynamic_multi_values_better_end__

assert chunks_bad == chunks_better == ["abcd", "efgh", "ij"]
# __return_dynamic_multi_values_end__
