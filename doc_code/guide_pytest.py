"""The pytest guide's example: every region becomes one pytest item."""

import ray

ray.init()

# __make_numbers_start__
@ray.remote
def make_numbers(count):
    return list(range(count))


numbers = ray.get(make_numbers.remote(5))
# __make_numbers_end__

# __check_total_start__
total = sum(numbers)
print("total:", total)
# Output:
# total: 10
assert total == 10, f"expected 10, got {total}"
# __check_total_end__
