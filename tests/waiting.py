"""How the tests wait: for the condition itself, polled, never for a fixed sleep.

Deadlines are safety nets sized for a loaded 2-core machine (a laptop building
something else, a shared CI runner): a passing test never waits for one, so a
large one costs nothing, and a tight one only turns load into a red test.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

#: the most any single wait of a test may take before it counts as a failure
SAFETY_NET_S = 300.0


def wait_until(condition: Callable[[], T], what: str, *, timeout: float = SAFETY_NET_S,
               interval: float = 0.1) -> T:
    """Poll ``condition`` until it returns something true, and return that.

    Fails the test with ``what`` when ``timeout`` passes first.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        time.sleep(interval)
