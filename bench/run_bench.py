"""Measure the execution engine against the per-file way Ray's own doc CI runs examples.

Usage::

    python bench/run_bench.py                 # this project's doc_code/*.py
    python bench/run_bench.py --corpus        # bench/corpus/*.py, a doc set in miniature
    python bench/run_bench.py --files 'doc_code/pattern_*.py' --skip-alone

On the same files, in one run:

(a) per file: each file alone, in a fresh process with its own ``ray.init()``
    (``doccode_isolation = "alone"`` when the engine has it, else ``python
    FILE`` with a private temp dir);
(b) the engine, cold: empty cache, no history (files start by size);
(c) the engine again, every file rerun (``force``), now with the durations of
    (b) as history (longest first), as docs CI does with a kept cache;
(d) the engine with the cache of (c) after editing one file: only it runs;
(e) watch mode: one engine kept across builds (``keep_engine``, as
    ``python -m sphinxext.doccode.watch`` keeps it); a first, all-cached run
    starts its instance ahead, then the file of (d) is edited again and only it runs;
(f) the engine again with history, with ``doccode_memory_budget`` set to the
    peak RSS of (a) (or ``--memory-budget``): one Ray instance at a time;
plus the critical-path bound of (b) and (c): instance start + max(longest
file, total file time / cores used).

Prints wall times, ratios and the peak memory (summed RSS, and PSS, of every
process the strategy started, sampled every 0.2 s). Files that fail are
listed: a benchmark of broken examples measures nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import glob
import os
import runpy
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from sphinxext.doccode.results import FileResult, FileStatus
from sphinxext.doccode.runner import Engine, FileRequest, RunOptions, engine_for, keep_engine
from sphinxext.doccode.runner.engine.summary import bound_line, summary_lines
from sphinxext.doccode.sources.rule_table import Rule, parse_rules

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent / "corpus"

#: seconds one file may take in (a) before it is killed and counted as failed
FRESH_TIMEOUT = 300
HAS_ALONE = "isolation" in {f.name for f in dataclasses.fields(RunOptions)}


class PeakMemory:
    """Samples, in a thread, the summed memory of every descendant of this process:
    RSS every 0.2 s, and PSS (shared pages split between the processes sharing them,
    so a library mapped by 30 Ray processes counts once) every 1 s, as it costs more
    to read."""

    def __init__(self) -> None:
        self.peak = 0
        self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        ticks = 0
        while not self._stop.wait(0.2):
            ticks += 1
            with_pss = ticks % 5 == 0
            total = pss = 0
            with contextlib.suppress(psutil.Error):
                for proc in me.children(recursive=True):
                    with contextlib.suppress(psutil.Error):
                        if with_pss:
                            info = proc.memory_full_info()
                            total += info.rss
                            pss += info.pss
                        else:
                            total += proc.memory_info().rss
            self.peak = max(self.peak, total)
            self.peak_pss = max(self.peak_pss, pss)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclasses.dataclass
class Measure:
    wall: float
    peak: int
    peak_pss: int
    failures: list[str]
    results: list[FileResult] = dataclasses.field(default_factory=list)
    bound: float | None = None
    run_s: float = 0.0  # inside Engine.run: without stopping the instance at the end


def fresh_processes(files: list[Path]) -> Measure:
    """(a) without the engine: ``python file.py``, each with its own ray.init()."""
    failures = []
    started = time.perf_counter()
    with PeakMemory() as memory:
        for path in files:
            with tempfile.TemporaryDirectory(prefix="bench-ray-", dir="/tmp") as temp:
                env = {
                    **os.environ,
                    "RAY_ADDRESS": "local",  # always start a new local instance
                    "RAY_TMPDIR": temp,  # ... in a private temp dir, never /tmp/ray
                    "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",  # on loopback
                    "RAY_USAGE_STATS_ENABLED": "0",
                }
                child = subprocess.Popen([sys.executable, str(path)], cwd=path.parent, env=env,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                         start_new_session=True)
                try:
                    _, stderr = child.communicate(timeout=FRESH_TIMEOUT)
                except subprocess.TimeoutExpired:
                    for proc in psutil.Process(child.pid).children(recursive=True):
                        proc.kill()  # the file's own Ray instance
                    child.kill()
                    _, stderr = child.communicate()
                if child.returncode != 0:
                    tail = stderr.decode(errors="replace").strip().splitlines()[-1:]
                    failures.append(f"{path.name}: exit {child.returncode} {tail}")
    return Measure(time.perf_counter() - started, memory.peak, memory.peak_pss, failures)


#: copy in the scratch folder -> the display path of its original ("doc_code/x.py"),
#: which doccode_rules globs match
DISPLAY_PATHS: dict[Path, str] = {}


def requests_for(files: list[Path]) -> list[FileRequest]:
    return [FileRequest(p, DISPLAY_PATHS.get(p, p.name)) for p in files]


def docs_rules() -> tuple[Rule, ...]:
    """The ``doccode_rules`` of our docs (a file there gets its env from one), as the
    ``doccode`` builder applies them."""
    rules, problems = parse_rules(runpy.run_path(str(ROOT / "docs" / "conf.py"))
                                  .get("doccode_rules", []))
    if problems:
        raise SystemExit("docs/conf.py: " + "; ".join(problems))
    return tuple(rules)


def engine_run(files: list[Path], cache_dir: Path, mode: str, jobs: int | str,
               **extra: object) -> Measure:
    extra.setdefault("rules", docs_rules())
    options = RunOptions(cache_dir=cache_dir, cache_mode=mode, jobs=jobs, **extra)  # type: ignore[arg-type]
    started = time.perf_counter()
    with PeakMemory() as memory, Engine(options) as engine:
        results = engine.run(requests_for(files))
    wall = time.perf_counter() - started
    for line in summary_lines(results, wall, count=3):
        print("   ", line)
    bound = bound_line(engine.stats, results)
    if bound:
        print("   ", bound)
    for event in engine.events:
        print("    note:", event)
    failures = [f"{r.path}: {r.status.value} {r.error and r.error.message[:200]}"
                for r in results if r.status not in (FileStatus.PASSED, FileStatus.SKIPPED)]
    return Measure(wall, memory.peak, memory.peak_pss, failures, results,
                   engine.stats.critical_path_s(results),
                   engine.stats.wall_s)


#: seconds between a build and the next save in (e): a person reads the page first
SAVE_AFTER_S = 5.0


def watch_rerun(files: list[Path], cache_dir: Path, jobs: int | str, edit: Path) -> Measure:
    """(e): the engine kept warm across two runs; ``edit`` is changed between them."""
    options = RunOptions(cache_dir=cache_dir, cache_mode="auto", jobs=jobs, rules=docs_rules())
    with keep_engine():
        with engine_for(options) as engine:  # all cached: nothing runs, the instance starts
            engine.run(requests_for(files))
        time.sleep(SAVE_AFTER_S)
        edit.write_text(edit.read_text() + "\n# edited again\n")
        started = time.perf_counter()
        with PeakMemory() as memory, engine_for(options) as engine:
            results = engine.run(requests_for(files))
        wall = time.perf_counter() - started
    failures = [f"{r.path}: {r.status.value}" for r in results
                if r.status not in (FileStatus.PASSED, FileStatus.SKIPPED)]
    return Measure(wall, memory.peak, memory.peak_pss, failures, results)


def per_file(files: list[Path], cache_dir: Path) -> Measure:
    if HAS_ALONE:
        return engine_run(files, cache_dir, "off", 1, isolation="alone")
    return fresh_processes(files)


def generated_files(directory: Path, count: int = 12) -> list[Path]:
    """Small stand-in examples, for when no file matches."""
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
    return f"{value / (1 << 20):.0f} MiB" if value else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", default=str(ROOT / "doc_code" / "*.py"))
    parser.add_argument("--corpus", action="store_true", help="bench/corpus/*.py")
    parser.add_argument("--jobs", default="auto", help="'auto' (default) or a number")
    parser.add_argument("--skip-alone", "--skip-fresh", dest="skip_alone", action="store_true",
                        help="do not measure (a)")
    parser.add_argument("--memory-budget", type=int, metavar="MIB",
                        help="the budget of (f) (default: the peak RSS of (a); "
                             "with neither (a) nor this, (f) is not measured)")
    args = parser.parse_args()
    jobs: int | str = args.jobs if args.jobs == "auto" else int(args.jobs)
    pattern = str(CORPUS / "*.py") if args.corpus else args.files
    with tempfile.TemporaryDirectory(prefix="doccode-bench-") as scratch:
        # Copies, so (d) can edit one file without touching the originals.
        sources = sorted(Path(p).resolve() for p in glob.glob(pattern))
        work = Path(scratch) / "files"
        work.mkdir()
        files = []
        # The files the examples read beside them (data files) come along too.
        for data in {f for s in sources for f in s.parent.iterdir()
                     if f.is_file() and f.suffix not in (".py", ".pyc")}:
            (work / data.name).write_bytes(data.read_bytes())
        for source in sources:
            (work / source.name).write_bytes(source.read_bytes())
            files.append(work / source.name)
            if source.is_relative_to(ROOT):
                DISPLAY_PATHS[work / source.name] = source.relative_to(ROOT).as_posix()
        if not files:
            print(f"no file matches {pattern}: using generated examples")
            files = generated_files(work)
        load = os.getloadavg()[0]
        print(f"{len(files)} files, {os.cpu_count()} cores, jobs={jobs}, "
              f"load average {load:.1f} at start, per-file way: "
              f"{'doccode_isolation=alone' if HAS_ALONE else 'python FILE'}")
        cache_dir = Path(scratch) / "cache"
        print("(b) engine, cold (instance start, empty cache, no history)")
        b = engine_run(files, cache_dir, "force", jobs)
        print("(c) engine, every file rerun, with (b)'s durations as history")
        c = engine_run(files, cache_dir, "force", jobs)
        edited = max(c.results, key=lambda r: r.duration_s)
        edited = min((r for r in c.results if r.duration_s > 0.5), default=edited,
                     key=lambda r: r.duration_s)
        path = work / Path(edited.path).name
        path.write_text(path.read_text() + "\n# edited\n")
        print(f"(d) engine after editing {path.name} ({edited.duration_s:.2f} s in (c))")
        d = engine_run(files, cache_dir, "auto", jobs)
        d_ran = [r for r in d.results if not r.cached]
        print(f"(e) watch mode: engine kept warm, then {path.name} edited again")
        e = watch_rerun(files, cache_dir, jobs, path)
        e_ran = [r for r in e.results if not r.cached]
        a = Measure(0.0, 0, 0, [])
        if not args.skip_alone:
            print("(a) per file: a fresh process and its own Ray for each file")
            a = per_file(files, Path(scratch) / "cache-alone")
        budget = args.memory_budget << 20 if args.memory_budget else a.peak
        f = Measure(0.0, 0, 0, [])
        if budget:
            print(f"(f) engine, every file rerun, memory budget {mib(budget)}")
            f = engine_run(files, cache_dir, "force", jobs, memory_budget=budget)
        load_end = os.getloadavg()[0]

    print()
    print(f"{'strategy':<52}{'wall':>9}{'peak RSS':>12}{'peak PSS':>12}")
    rows = [("(b) engine, cold, no history", b), ("(c) engine, rerun with history", c)]
    if not args.skip_alone:
        rows.insert(0, ("(a) per file (own process and ray.init)", a))
    if budget:
        rows.append((f"(f) engine, memory budget {mib(budget)}", f))
    for label, m in rows:
        print(f"{label:<52}{m.wall:>8.1f}s{mib(m.peak):>12}{mib(m.peak_pss):>12}")
    for label, m in (("(b)", b), ("(c)", c)):
        if m.bound:
            print(f"{label} critical-path bound {m.bound:.1f} s; files ran in {m.run_s:.1f} s "
                  f"(run/bound = {m.run_s / m.bound:.2f}), then the instance stopped")
    own = d_ran[0].duration_s if d_ran else 0.0
    print(f"(d) edit one file: ran {len(d_ran)} file(s) in {d.wall:.2f} s "
          f"(that file's own time: {own:.2f} s, so {d.wall - own:.2f} s on top)")
    own = e_ran[0].duration_s if e_ran else 0.0
    print(f"(e) watch mode, edit one file: ran {len(e_ran)} file(s) in {e.wall:.2f} s "
          f"(that file's own time: {own:.2f} s, so {e.wall - own:.2f} s on top)")
    if not args.skip_alone:
        print(f"ratio a/b = {a.wall / b.wall:.1f}x, a/c = {a.wall / c.wall:.1f}x, "
              f"a/f = {a.wall / max(f.wall, 1e-9):.1f}x, "
              f"peak RSS c/a = {c.peak / max(1, a.peak):.2f}, "
              f"f/a = {f.peak / max(1, a.peak):.2f}, "
              f"peak PSS c/a = {c.peak_pss / max(1, a.peak_pss):.2f}, "
              f"f/a = {f.peak_pss / max(1, a.peak_pss):.2f}")
    print(f"load average {load:.1f} at start, {load_end:.1f} at the end "
          f"({os.cpu_count()} cores): above the core count, the numbers are noisy")
    for label, m in (("(a)", a), ("(b)", b), ("(c)", c), ("(d)", d), ("(e)", e), ("(f)", f)):
        for failure in m.failures:
            print(f"{label} not passed: {failure}")
    return 1 if (b.failures or c.failures or f.failures or len(d_ran) != 1
                 or len(e_ran) != 1) else 0


if __name__ == "__main__":
    raise SystemExit(main())
