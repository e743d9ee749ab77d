import numpy as np
import ray

ray.init()

# __closure_capture_start__
large = np.random.default_rng(0).random(4_000_000)  # about 32 MB


# The task captures `large` in its closure: each definition pickles it again.
for _ in range(12):

    @ray.remote
    def scaled(factor):
        return float(large.sum() * factor)

    results = ray.get([scaled.remote(f) for f in range(4)])
    assert results[0] == 0.0 and results[1] > 0
# __closure_capture_end__


# __closure_fixed_start__
large_ref = ray.put(large)


@ray.remote
def scaled_from_ref(values, factor):
    return float(values.sum() * factor)


results = ray.get([scaled_from_ref.remote(large_ref, f) for f in range(48)])
assert results[1] > 0
# __closure_fixed_end__
