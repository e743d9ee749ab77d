import ray

# __square_start__
squares = [x * x for x in range(4)]
# __square_end__

# __square_start__
squares = ray.get([ray.put(s) for s in squares])
# __square_end__

# __square_start__
assert squares == [0, 1, 4, 9]
# __square_end__
