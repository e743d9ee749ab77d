"""The marker guide's example: nested regions, as pages show them."""

import ray

ray.init()

# __adding_start__
@ray.remote
def add(a, b):
    return a + b


# __adding_one_call_start__
one = ray.get(add.remote(1, 2))
# __adding_one_call_end__

# __adding_many_calls_start__
many = ray.get([add.remote(i, i) for i in range(3)])
# __adding_many_calls_end__

assert one == 3
assert many == [0, 2, 4]
# __adding_end__


class Totals:
    # __method_start__
    def grand_total(self, numbers):
        # Indented in the file, dedented on the page.
        return sum(numbers)
    # __method_end__


assert Totals().grand_total([one, *many]) == 9
