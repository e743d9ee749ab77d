"""The stress runner's burners keep a core busy and stop by themselves."""

from __future__ import annotations

import psutil

from tests.stress import start_burners, stop_burners
from tests.waiting import wait_until


def test_burners_use_the_cpu_and_stop_when_their_time_is_up() -> None:
    burners = start_burners(2, seconds=3.0)
    try:
        watched = [psutil.Process(b.pid) for b in burners]
        busy = wait_until(lambda: sum(p.cpu_times().user for p in watched) > 0.2,
                          "the burners burn CPU", timeout=60)
        assert busy
        for burner in burners:
            assert burner.wait(timeout=120) == 0, "a burner stops by itself"
    finally:
        stop_burners(burners)
