"""Exits with a failure status between two regions."""

import sys

# __first_start__
answer = 42
# __first_end__

if answer != 41:
    sys.exit(3)

# __second_start__
print(answer)
# __second_end__
