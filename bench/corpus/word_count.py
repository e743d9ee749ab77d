from collections import Counter

import ray

ray.init()

TEXT = "the quick brown fox jumps over the lazy dog the end " * 200


@ray.remote
def count_words(chunk):
    return Counter(chunk.split())


# __map_reduce_start__
words = TEXT.split()
chunks = [" ".join(words[i : i + 100]) for i in range(0, len(words), 100)]
total = sum(ray.get([count_words.remote(c) for c in chunks]), Counter())
assert total["the"] == 600
# __map_reduce_end__
