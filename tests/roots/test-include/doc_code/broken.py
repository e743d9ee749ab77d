# __outer_start__
x = 1
# __inner_start__
y = 2
# __outer_end__
z = 3
# __inner_end__
