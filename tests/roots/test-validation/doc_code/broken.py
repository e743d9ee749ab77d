# __fine_start__
c = 3
# __fine_end__

# __never_closed_start__
d = 4
