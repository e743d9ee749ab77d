"""Measure what ``doccode_execute = "auto"`` costs on a rebuild where nothing changed.

Usage::

    python bench/authoring_bench.py [--docs docs] [--repeat 3] [--ray-address ADDR]

Builds the docs with ``-b html`` twice over, in separate output folders:
``doccode_execute = "off"`` (a plain build, as without execution) and
``"auto"`` (the first build runs every example, on a private instance or on
``--ray-address``). Then it times ``--repeat`` unchanged rebuilds of each and
prints the medians of wall and CPU time, the ratio of the CPU times (goal:
at most 1.10; wall time is printed too, but on a shared machine it mostly
measures the other processes) and whether the ``auto`` rebuilds started Ray
(they must not).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL = 1.10


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def sphinx(docs: Path, out: Path, *settings: str) -> tuple[float, float, str]:
    """One ``-b html`` build into ``out``: (wall seconds, CPU seconds, its output).

    CPU time is what the build itself costs; wall time also counts the other
    processes of a busy machine."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", str(docs), str(out)]
    for setting in settings:
        command += ["-D", setting]
    started, cpu = time.perf_counter(), cpu_of_children()
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    wall, cpu = time.perf_counter() - started, cpu_of_children() - cpu
    if done.returncode != 0:
        raise SystemExit(f"build failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return wall, cpu, done.stdout + done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ray-address", default=None, help="use this cluster, not a new one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="doccode-authoring-bench-") as tmp:
        work = Path(tmp)
        common = [f"doccode_cache_dir={work / 'cache'}"]
        if args.ray_address:
            common.append(f"doccode_ray_address={args.ray_address}")
        modes = {"off": [*common, "doccode_execute=off"],
                 "auto": [*common, "doccode_execute=auto"]}
        first = {mode: sphinx(args.docs, work / mode, *settings)[0]
                 for mode, settings in modes.items()}
        wall: dict[str, list[float]] = {mode: [] for mode in modes}
        cpu: dict[str, list[float]] = {mode: [] for mode in modes}
        started_ray = []
        for _ in range(args.repeat):  # interleaved, so machine load hits both alike
            for mode, settings in modes.items():
                seconds, cpu_seconds, log = sphinx(args.docs, work / mode, *settings)
                wall[mode].append(seconds)
                cpu[mode].append(cpu_seconds)
                if mode == "auto":
                    started_ray.append("Ray was not started" not in log)
    print(f"first build: off {first['off']:.1f}s, auto {first['auto']:.1f}s (runs every example)")
    print(f"{'unchanged rebuild':<30}{'wall':>8}{'CPU':>8}   CPU of each run")
    for mode in modes:
        runs = ", ".join(f"{t:.2f}" for t in cpu[mode])
        print(f"  doccode_execute={mode:<13}{statistics.median(wall[mode]):>7.2f}s"
              f"{statistics.median(cpu[mode]):>7.2f}s   {runs}")
    ratio = statistics.median(cpu["auto"]) / statistics.median(cpu["off"])
    wall_ratio = statistics.median(wall["auto"]) / statistics.median(wall["off"])
    print(f"ratio auto/off = {ratio:.2f} CPU, {wall_ratio:.2f} wall (goal <= {GOAL:.2f}); "
          f"auto rebuilds started Ray: {any(started_ray)}")
    return 0 if ratio <= GOAL and not any(started_ray) else 1


if __name__ == "__main__":
    sys.exit(main())
