"""The execution guide's example of the cache: a file that reads a data file beside it.

The data file is recorded while it runs: after an edit of guide_cache_data.json,
a cached rebuild runs this file again.
"""

# __read_data_start__
import json
from pathlib import Path

import ray

data = json.loads((Path(__file__).parent / "guide_cache_data.json").read_text())


@ray.remote
def square(x: int) -> int:
    return x * x


assert ray.get([square.remote(x) for x in range(4)]) == data["squares"]
# __read_data_end__
