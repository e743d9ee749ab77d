# __shown_start__
a = 1
# __shown_end__

# __forgotten_start__
b = 2
# __forgotten_end__
