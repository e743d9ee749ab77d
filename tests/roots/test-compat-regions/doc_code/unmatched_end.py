import ray

# __prepare_start__
words = ["a", "bb", "ccc"]
# __prepare_end__

# __measure_end__

# __measure_again_start__
lengths = ray.get([ray.put(len(w)) for w in words])
assert lengths == [1, 2, 3]
# __measure_again_end__
