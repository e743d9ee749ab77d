"""The authoring guide's example: edit it, rebuild the page, read the status line."""

import ray

ray.init()

# __count_words_start__
@ray.remote
def count_words(line):
    return len(line.split())


lines = ["edit the example", "rebuild the page", "read the status line"]
print(sum(ray.get([count_words.remote(line) for line in lines])))
# Output:
# 10
# __count_words_end__
