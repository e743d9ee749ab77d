"""An example with nested regions."""

import math


def area(radius):
    # __circle_start__
    # __formula_start__
    value = math.pi * radius**2
    # __formula_end__
    return value
    # __circle_end__


# __call_start__
print(area(2.0))
# __call_end__
