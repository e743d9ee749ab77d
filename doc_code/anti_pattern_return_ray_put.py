"""Anti-pattern: returning ``ray.put()`` ObjectRefs from a task.

Each region shows the anti-pattern next to the better approach and
checks that both produce the same values.
"""

import numpy as np
import ray

ray.init()


# __return_single_value_start__
# __return_single_value_bad_start__
@ray.remote
def make_greeting_bad(name):
    greeting = f"Hello, {name}!"
    # The task puts its result in the object store itself and
    # returns the reference: the caller gets a ref to a ref.
    return ray.put(greeting)


greeting_bad = ray.get(ray.get(make_greeting_bad.remote("Ray")))
# __return_single_value_bad_end__


# __return_single_value_better_start__
@ray.remote
def make_greeting(name):
    # Return the value itself: a small value travels inline to
    # the caller, a large one goes to the object store, and the
    # caller owns the result either way.
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
    # Two results, each put separately: a pair of refs.
    return ray.put(min(values)), ray.put(max(values))


values = [3, 1, 4, 1, 5, 9, 2, 6]
low_ref, high_ref = ray.get(min_and_max_bad.remote(values))
bounds_bad = ray.get([low_ref, high_ref])
# __return_static_multi_values_bad_end__


# __return_static_multi_values_better_start__
@ray.remote(num_returns=2)
def min_and_max(values):
    # With num_returns=2, each item of the returned tuple
    # becomes an object with its own ObjectRef: no ray.put().
    return min(values), max(values)


low_ref, high_ref = min_and_max.remote(values)
bounds_better = ray.get([low_ref, high_ref])
# __return_static_multi_values_better_end__

assert bounds_bad == bounds_better == [1, 9]
# __return_static_multi_values_end__


# __return_dynamic_multi_values_start__
# __return_dynamic_multi_values_bad_start__
@ray.remote
def split_into_chunks_bad(text, size):
    # How many chunks there are depends on the input, so the
    # task puts each chunk itself and returns a list of refs.
    starts = range(0, len(text), size)
    return [ray.put(text[i : i + size]) for i in starts]


refs_ref = split_into_chunks_bad.remote("abcdefghij", 4)
chunk_refs = ray.get(refs_ref)
chunks_bad = ray.get(chunk_refs)
# __return_dynamic_multi_values_bad_end__


# __return_dynamic_multi_values_better_start__
@ray.remote
def split_into_chunks(text, size):
    # A generator task: Ray stores each yielded value as an
    # object of its own.
    for start in range(0, len(text), size):
        yield text[start : start + size]


# Calling a generator task returns an ObjectRefGenerator: it
# yields one ObjectRef per value as soon as the task yields it.
chunk_gen = split_into_chunks.remote("abcdefghij", 4)
chunks_better = [ray.get(ref) for ref in chunk_gen]
print(chunks_better)
# Output:
# ['abcd', 'efgh', 'ij']
# __return_dynamic_multi_values_better_end__

assert chunks_bad == chunks_better == ["abcd", "efgh", "ij"]
# __return_dynamic_multi_values_end__
