"""Anti-pattern: defining the same remote function or class repeatedly."""

import ray

ray.init()

# __redefine_task_in_loop_bad_start__
words = ["ray", "core"]

shout_refs = []
for word in words:
    # Every pass creates a brand-new remote function, which Ray
    # must pickle, export and import in a worker before it runs.
    @ray.remote
    def shout_bad(text):
        return text.upper() + "!"

    shout_refs.append(shout_bad.remote(word))
shouts_bad = ray.get(shout_refs)

counts_bad = []
for word in words:
    # The same goes for an actor class defined inside a loop.
    @ray.remote
    class LetterCounterBad:
        def count(self, text):
            return len(text)

    counter_bad = LetterCounterBad.remote()
    counts_bad.append(ray.get(counter_bad.count.remote(word)))
# __redefine_task_in_loop_bad_end__


# __redefine_task_in_loop_better_start__
@ray.remote
def shout(text):
    return text.upper() + "!"


@ray.remote
class LetterCounter:
    def count(self, text):
        return len(text)


# Defined once, exported once, called as often as needed.
shouts = ray.get([shout.remote(word) for word in words])
counter = LetterCounter.remote()
counts = ray.get([counter.count.remote(word) for word in words])
print(shouts, counts)
# Output:
# ['RAY!', 'CORE!'] [3, 4]

assert shouts == shouts_bad
assert counts == counts_bad
# __redefine_task_in_loop_better_end__
