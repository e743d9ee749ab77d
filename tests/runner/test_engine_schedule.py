"""The engine starts the file with the longest recorded duration first (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxext.doccode.results import FileResult, FileStatus
from sphinxext.doccode.runner import Engine, RunOptions
from sphinxext.doccode.runner.engine.plan.cache import ResultCache
from sphinxext.doccode.runner.engine.processes import processes_of_run
from tests.runner.helpers import describe, write

pytestmark = pytest.mark.ray

STAMP = """\
with open({log!r}, "a") as log:
    log.write("{name}\\n")
"""


def test_a_long_file_recorded_in_history_starts_first(tmp_path: Path, ray_address: str) -> None:
    log = tmp_path / "started.log"
    names = ["a_first.py", "b_second.py", "c_long.py", "d_last.py"]
    requests = [write(tmp_path, name, STAMP.format(log=str(log), name=name)) for name in names]
    cache_dir = tmp_path / "cache"
    # History by path, as an earlier run left it: c_long.py took 40 s, under other
    # content (another key), so an edited file keeps its history.
    history = ResultCache(cache_dir)
    for name, seconds in (("a_first.py", 0.5), ("c_long.py", 40.0), ("d_last.py", 2.0)):
        history.put(f"old-key-{name}", FileResult(f"doc_code/{name}", FileStatus.PASSED, seconds))
    finished: list[str] = []
    options = RunOptions(ray_address=ray_address, jobs=1, timeout=120,
                         cache_dir=cache_dir, cache_mode="auto")
    with Engine(options, progress=lambda r: finished.append(r.path)) as engine:
        results = engine.run(requests)
    assert all(r.status is FileStatus.PASSED for r in results), [describe(r) for r in results]
    assert [r.path for r in results] == [f"doc_code/{n}" for n in names]  # request order
    # c_long.py first; b_second.py (no history) is expected to take the median, 2.0 s,
    # and ties with d_last.py are broken by size, then path
    assert log.read_text().split() == ["c_long.py", "b_second.py", "d_last.py", "a_first.py"]
    assert finished[0] == "doc_code/c_long.py"
    # this run's durations are the new history
    latest = history.latest("doc_code/c_long.py")
    assert latest is not None and latest.duration_s < 40.0
    assert engine.stats.critical_path_s(results) is not None
    assert engine.stats.peak_rss_bytes > 0


ADDRESS = """\
import ray

ray.init()
with open({out!r}, "w") as out:
    out.write(ray.get_runtime_context().gcs_address + " "
              + str(int(ray.cluster_resources()["CPU"])))
"""


def test_a_long_file_gets_an_instance_of_its_own_with_every_cpu(tmp_path: Path) -> None:
    """Without an address (the private instance), a file that took long last time
    runs on an instance of the default shape of its own; a short one on the shared one."""
    requests = [write(tmp_path, f"{name}.py", ADDRESS.format(out=str(tmp_path / name)))
                for name in ("long", "short")]
    cache_dir = tmp_path / "cache"
    history = ResultCache(cache_dir)
    history.put("old-key", FileResult("doc_code/long.py", FileStatus.PASSED, 30.0))
    history.put("old-key-2", FileResult("doc_code/short.py", FileStatus.PASSED, 0.5))
    options = RunOptions(jobs=2, timeout=120, cache_dir=cache_dir, cache_mode="force")
    with Engine(options) as engine:
        results = engine.run(requests)
        run_id = engine.run_id
    assert all(r.status is FileStatus.PASSED for r in results), [describe(r) for r in results]
    long_address, long_cpus = (tmp_path / "long").read_text().split()
    short_address, short_cpus = (tmp_path / "short").read_text().split()
    assert long_address != short_address, "the long file had an instance of its own"
    assert long_cpus == short_cpus == str(int(options.ray_resources["CPU"])), "the default shape"
    assert processes_of_run(run_id, with_parts=True) == []
