"""Anti-pattern: a remote function captures a large object in scope."""

import numpy as np
import ray

ray.init()

# __closure_capture_large_object_bad_start__
lookup_table = np.arange(200_000, dtype=np.int64) ** 2  # 1.6 MB


@ray.remote
def lookup_bad(index):
    # `lookup_table` is a global of this module, so it is
    # pickled with the function and shipped in its definition.
    return int(lookup_table[index])


indexes = (3, 300, 30_000)
squares_bad = ray.get([lookup_bad.remote(i) for i in indexes])
# __closure_capture_large_object_bad_end__


# __closure_capture_large_object_better_start__
@ray.remote
def lookup(table, index):
    return int(table[index])


# Put the table in the object store once; pass its ObjectRef.
table_ref = ray.put(lookup_table)
refs = [lookup.remote(table_ref, i) for i in indexes]
squares = ray.get(refs)
print(squares)
# Output:
# [9, 90000, 900000000]

assert squares == squares_bad
# __closure_capture_large_object_better_end__
