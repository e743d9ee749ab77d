"""Anti-pattern: sharing state between tasks through global variables."""

import ray

ray.init()

# __global_variables_bad_start__
scores = []  # meant to collect every score, on the driver


@ray.remote
def record_score_bad(score):
    # This runs in a worker process, with its own copy of
    # `scores` (pickled with the function): the driver's list
    # is never touched.
    scores.append(score)


ray.get([record_score_bad.remote(score) for score in (3, 5, 7)])
print(scores)
# Output:
# []

assert scores == []  # the updates went to copies in the workers
# __global_variables_bad_end__


# __global_variables_better_start__
@ray.remote
class ScoreBoard:
    """One process owns the state; callers use its handle."""

    def __init__(self):
        self.scores = []

    def record(self, score):
        self.scores.append(score)

    def all_scores(self):
        return list(self.scores)


board = ScoreBoard.remote()
# Calls from one caller to a plain actor run in the order made.
ray.get([board.record.remote(score) for score in (3, 5, 7)])
print(ray.get(board.all_scores.remote()))
# Output:
# [3, 5, 7]

assert ray.get(board.all_scores.remote()) == [3, 5, 7]
# __global_variables_better_end__
