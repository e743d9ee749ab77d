# __sample_start__
value = 1
# __sample_end__
