import math

# __square_start__
def square(x):
    return x * x
# __square_end__

# __use_start__
assert square(3) == 9
# __use_end__


def helper():
    return math.tau
