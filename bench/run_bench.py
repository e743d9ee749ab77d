"""Measure the execution engine against the way Ray's own doc CI runs examples.

Usage::

    python bench/run_bench.py [--files 'doc_code/*.py'] [--skip-fresh] [--jobs N]

On the same files, in one run:

(a) the engine with ``isolation="alone"``: one fresh process per file, each
    starting its own local Ray with its own ``ray.init()`` (private temp dir,
    so no other cluster is touched), one file at a time, as Ray's doc CI does;
(b) this engine, cold: one private instance, warm drivers, empty cache;
(c) this engine again with the cache from (b): nothing executes, no Ray starts.

Prints wall times, the ratios a/b and a/c, and the peak resident memory of the
Ray processes each strategy started. Files that fail in (a) or (b) are listed:
a benchmark of broken examples measures nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import psutil

from sphinxext.doccode.results import FileStatus
from sphinxext.doccode.runner import Engine, FileRequest, RunOptions
from sphinxext.doccode.runner.procs import RUN_ID_ENV
from sphinxext.doccode.runner.summary import summary_lines

ROOT = Path(__file__).resolve().parents[1]

class PeakMemory:
    """Samples the summed RSS of a changing set of processes in a thread."""

    def __init__(self, processes: Callable[[], Iterable[psutil.Process]]) -> None:
        self.processes = processes
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            total = 0
            for proc in self.processes():
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def engine_run(files: list[Path], cache_dir: Path, mode: str, jobs: int,
               isolation: str = "warm") -> tuple[float, list[str], int, int, bool]:
    """The engine; returns wall, failures, peak RSS, files executed, Ray started.

    (a) is ``isolation="alone"``: what Ray's doc CI does, each file in a fresh
    process with its own ray.init(); (b)/(c) are the warm engine."""
    requests = [FileRequest(p, p.relative_to(ROOT).as_posix() if p.is_relative_to(ROOT)
                            else p.name) for p in files]
    options = RunOptions(cache_dir=cache_dir, cache_mode=mode, jobs=jobs, isolation=isolation)
    started = time.perf_counter()
    engine = Engine(options)
    with PeakMemory(lambda: processes_of_runs(engine.run_id)) as memory:
        try:
            results = engine.run(requests)
        finally:
            engine.close()
    wall = time.perf_counter() - started
    for line in summary_lines(results, wall):
        print("   ", line)
    failures = [f"{r.path}: {r.status.value} {r.error and r.error.message[:200]}"
                for r in results if r.status not in (FileStatus.PASSED, FileStatus.SKIPPED)]
    executed = sum(not r.cached for r in results)
    return wall, failures, memory.peak, executed, engine.ray_started


def processes_of_runs(run_id: str) -> list[psutil.Process]:
    """The run's processes, also those of its shaped instances and alone files
    (their run ids start with the run's)."""
    found = []
    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.Error, OSError):
            if proc.environ().get(RUN_ID_ENV, "").startswith(run_id):
                found.append(proc)
    return found


def generated_files(directory: Path, count: int = 12) -> list[Path]:
    """Small stand-in examples, for when the project's doc_code/ is not there yet."""
    body = (
        "import ray\n\n# __main_start__\nray.init()\n\n@ray.remote\ndef f(x):\n"
        "    return x * {n}\n\nassert ray.get([f.remote(i) for i in range(10)]) == "
        "[i * {n} for i in range(10)]\n# __main_end__\n"
    )
    files = []
    for n in range(count):
        path = directory / f"generated_{n:02d}.py"
        path.write_text(body.format(n=n))
        files.append(path)
    return files


def mib(value: int) -> str:
    return f"{value / (1 << 20):.0f} MiB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", default=str(ROOT / "doc_code" / "*.py"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-fresh", action="store_true", help="do not measure (a)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="doccode-bench-") as scratch:
        files = sorted(Path(p).resolve() for p in glob.glob(args.files))
        if len(files) < 12:
            print(f"only {len(files)} files match {args.files}: using generated examples")
            files = generated_files(Path(scratch))
        print(f"{len(files)} files, {os.cpu_count()} cores, jobs={args.jobs}")
        cache_dir = Path(scratch) / "cache"

        print("(b) engine, cold (starts its instance, empty cache)")
        b, b_fail, b_mem, _b_ran, _ = engine_run(files, cache_dir, "force", args.jobs)
        print("(c) engine, warm cache")
        c, c_fail, c_mem, c_ran, c_ray = engine_run(files, cache_dir, "auto", args.jobs)
        a, a_mem = 0.0, 0
        a_fail: list[str] = []
        if not args.skip_fresh:
            print("(a) one fresh process with its own ray.init() per file")
            a, a_fail, a_mem, _a_ran, _ = engine_run(files, cache_dir, "off", 1, "alone")

    print()
    print(f"{'strategy':<44}{'wall':>9}{'peak RSS':>12}")
    if not args.skip_fresh:
        print(f"{'(a) fresh process + ray.init() per file':<44}{a:>8.1f}s{mib(a_mem):>12}")
    print(f"{'(b) engine, cold':<44}{b:>8.1f}s{mib(b_mem):>12}")
    print(f"{'(c) engine, warm cache':<44}{c:>8.1f}s{mib(c_mem):>12}")
    print(f"(c) executed {c_ran} file(s), started Ray: {c_ray}")
    if not args.skip_fresh:
        print(f"ratio a/b = {a / b:.1f}x (goal >= 8x), a/c = {a / c:.0f}x")
    for label, failures in (("(a)", a_fail), ("(b)", b_fail), ("(c)", c_fail)):
        for failure in failures:
            print(f"{label} not passed: {failure}")
    return 1 if (b_fail or c_ran) else 0


if __name__ == "__main__":
    raise SystemExit(main())
