"""The test suite on a busy machine: ``python -m tests.stress [PYTEST ARGS]`` (``tox -e stress``).

It starts CPU-burning processes (one per core by default), runs pytest beside them,
and stops them by PID when pytest ends. Each burner also stops by itself, when its
time is up or when the process that started it is gone, so none outlives a
killed run. The exit status is pytest's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence

#: a busy loop that ends at its deadline or when its parent is gone (re-parented)
BURNER = """\
import os, sys, time
parent, deadline = int(sys.argv[1]), time.monotonic() + float(sys.argv[2])
while os.getppid() == parent and time.monotonic() < deadline:
    sum(range(100_000))
"""


def start_burners(count: int, seconds: float) -> list[subprocess.Popen[bytes]]:
    """``count`` CPU burners that stop by themselves after ``seconds``."""
    return [subprocess.Popen([sys.executable, "-c", BURNER, str(os.getpid()), str(seconds)])
            for _ in range(count)]


def stop_burners(burners: Sequence[subprocess.Popen[bytes]]) -> None:
    for burner in burners:
        if burner.poll() is None:
            burner.kill()
        burner.wait()


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.stress", description=__doc__)
    parser.add_argument("--burners", type=int, default=os.cpu_count() or 2,
                        help="CPU-burning processes beside the suite (default: one per core)")
    parser.add_argument("--minutes", type=float, default=60.0,
                        help="when the burners stop by themselves at the latest (default: 60)")
    options, pytest_args = parser.parse_known_args(argv)
    burners = start_burners(options.burners, options.minutes * 60)
    print(f"stress: {len(burners)} CPU burners beside the suite "
          f"(PIDs {', '.join(str(b.pid) for b in burners)})", flush=True)
    try:
        return subprocess.call([sys.executable, "-m", "pytest", *pytest_args])
    finally:
        stop_burners(burners)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
