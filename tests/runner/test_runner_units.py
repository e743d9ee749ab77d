"""Pure parts of the runner: markers, demand diagnosis, cache, summaries, processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sphinxext.doccode.report import slowest, status_line
from sphinxext.doccode.results import ErrorInfo, FileResult, FileStatus
from sphinxext.doccode.runner import RunOptions
from sphinxext.doccode.runner.driver.demand import PendingRequest, crowded_out, diagnose
from sphinxext.doccode.runner.engine.instances.ray_instance import is_loopback_address
from sphinxext.doccode.runner.engine.plan.cache import ResultCache, cache_key
from sphinxext.doccode.runner.engine.processes import RUN_ID_ENV, processes_of_run, sweep_run
from sphinxext.doccode.runner.engine.summary import summary_lines
from sphinxext.doccode.sources.filemarkers import parse_file_markers


def test_file_markers_parse_every_kind() -> None:
    markers = parse_file_markers(
        '# doccode: skip reason="needs a GPU"\n'
        "# doccode: xfail\n"
        "x = 1  # not a marker\n"
        "# doccode: timeout=60\n"
        "# doccode: requires=surely_missing_pkg, json\n"
        "# doccode: fresh-process\n"
    )
    assert markers.skip == "needs a GPU"
    assert markers.xfail == "marked xfail" and markers.xfail_line == 2
    assert markers.timeout == 60.0
    assert markers.requires == ["surely_missing_pkg", "json"]
    assert markers.fresh_process
    assert markers.problems == []
    assert markers.missing_requirements() == ["surely_missing_pkg"]


@pytest.mark.parametrize("line", [
    "# doccode: tiemout=5", "# doccode: timeout=-1", "# doccode: timeout=soon",
    "# doccode: skip because", '# doccode: skip reason="unclosed', "# doccode:",
])
def test_bad_file_markers_are_problems_with_hints(line: str) -> None:
    problems = parse_file_markers(f"print(1)\n{line}\n").problems
    assert len(problems) == 1
    assert problems[0].line == 2 and problems[0].hint
    assert problems[0].describe("doc_code/x.py").startswith("doc_code/x.py:2: ")


def test_demand_diagnosis() -> None:
    totals = {"CPU": 2.0}
    huge = PendingRequest("task huge", {"CPU": 64.0})
    kind, message = diagnose([huge], totals, {}, 0) or ("", "")
    assert kind == "infeasible" and "64 CPU" in message and "doccode_ray_resources" in message
    gpu = diagnose([PendingRequest("actor A", {"GPU": 1.0})], totals, {}, 0)
    assert gpu is not None and "{'GPU': 1}" in gpu[1]
    waiting = [PendingRequest("actor W", {"CPU": 1.0})] * 6
    starved = diagnose(waiting, totals, {"CPU": 2.0}, 2)
    assert starved is not None and starved[0] == "starved"
    assert "{'CPU': 8}" in starved[1]  # 2 held + 6 waiting
    assert diagnose(waiting, totals, {"CPU": 1.0}, 1) is None  # a CPU is still free to tasks
    assert diagnose([], totals, {"CPU": 2.0}, 2) is None


def test_crowded_out_only_by_other_files_actors() -> None:
    totals = {"CPU": 8.0}
    one = [PendingRequest("actor Holder", {"CPU": 1.0})]
    message = crowded_out(one, totals, {"CPU": 4.0}, {"CPU": 4.0})
    assert message is not None and "other files" in message and "4 of the instance's 8" in message
    assert crowded_out(one, totals, {"CPU": 4.0}, {"CPU": 3.0}) is None  # a CPU is free
    assert crowded_out(one, totals, {"CPU": 8.0}, {}) is None  # its own actors: starved, not this
    assert crowded_out([], totals, {}, {"CPU": 8.0}) is None
    assert crowded_out([PendingRequest("task t", {"CPU": 0.0})], totals, {}, {"CPU": 8.0}) is None


def result(path: str, status: FileStatus = FileStatus.PASSED, duration: float = 1.0,
           **kwargs: object) -> FileResult:
    return FileResult(path, status, duration, **kwargs)  # type: ignore[arg-type]


def test_cache_roundtrip_latest_and_atomic_files(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    key = cache_key(b"print(1)\n", {"timeout": 300})
    assert cache.get(key) is None
    cache.put(key, result("doc_code/x.py"))
    hit = cache.get(key)
    assert hit is not None and hit.cached and hit.status is FileStatus.PASSED
    timeout = result("doc_code/x.py", FileStatus.TIMEOUT,
                     error=ErrorInfo(3, "Timeout", "too slow"))
    other_key = cache_key(b"print(2)\n", {"timeout": 300})
    cache.put(other_key, timeout)
    assert cache.get(other_key) is None  # timeouts say more about the machine: not reused
    latest = cache.latest("doc_code/x.py")
    assert latest is not None and latest.status is FileStatus.TIMEOUT  # but remembered
    assert cache.latest("doc_code/never.py") is None
    assert not list(tmp_path.rglob(".tmp-*"))
    entry = next((tmp_path / "results").rglob("*.json"))
    entry.write_text("{ not json")
    assert cache.get(key) is None  # a damaged entry is a miss, not a crash


def test_cache_key_covers_content_and_settings() -> None:
    base = cache_key(b"a", {"timeout": 1})
    assert base == cache_key(b"a", {"timeout": 1})
    assert base != cache_key(b"b", {"timeout": 1})
    assert base != cache_key(b"a", {"timeout": 2})


def test_summary_lists_slowest_executed_files() -> None:
    results = [
        result("doc_code/fast.py", duration=0.5),
        result("doc_code/slow.py", duration=9.0),
        result("doc_code/cached.py", duration=30.0, cached=True),
        result("doc_code/bad.py", FileStatus.FAILED, 2.0,
               error=ErrorInfo(7, "AssertionError", "boom\nmore")),
    ]
    assert [r.path for r in slowest(results, 2)] == ["doc_code/slow.py", "doc_code/bad.py"]
    lines = summary_lines(results, wall_s=12.0)
    assert lines[0] == "4 file(s): 3 passed, 1 failed; 1 from cache; 12.0 s"
    assert lines[2].endswith("doc_code/slow.py")
    assert status_line(results[3]).startswith("failed")
    assert status_line(results[2]).endswith("(cached)")


def test_run_options_validate() -> None:
    with pytest.raises(ValueError, match="cache_mode"):
        RunOptions(cache_mode="sometimes")
    with pytest.raises(ValueError, match="jobs"):
        RunOptions(jobs=0)


def test_loopback_addresses() -> None:
    assert is_loopback_address("127.0.0.1:6379")
    assert is_loopback_address("localhost:1")
    assert not is_loopback_address("10.0.0.5:6379")


def test_sweep_finds_processes_by_run_id_only() -> None:
    run_id = "doccode-test-sweep"
    env = {RUN_ID_ENV: run_id, "PATH": "/usr/bin:/bin"}
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], env=env)
    try:
        assert [p.pid for p in processes_of_run(run_id)] == [child.pid]
        assert processes_of_run("doccode-some-other-run") == []
        assert sweep_run(run_id, grace=5) == [child.pid]
        assert processes_of_run(run_id) == []
    finally:
        if child.poll() is None:
            child.kill()


def test_results_serialise_for_the_cache() -> None:
    data = result("doc_code/x.py", error=ErrorInfo(1, "E", "m")).to_dict()
    assert FileResult.from_dict(json.loads(json.dumps(data))).error == ErrorInfo(1, "E", "m")


def test_private_resources_add_detected_accelerators_under_the_configured_ones() -> None:
    from sphinxext.doccode.runner.engine.instances.hardware import (
        detected_accelerators,
        private_resources,
    )

    detected = detected_accelerators()  # {} on a machine without GPUs
    assert private_resources({"CPU": 8}) == {**detected, "CPU": 8}
    assert private_resources({"CPU": 8, "GPU": 0})["GPU"] == 0  # configured wins


def test_demand_on_a_cluster_checks_each_node() -> None:
    nodes = [{"CPU": 2.0}, {"CPU": 1.0, "special": 1.0}]
    totals = {"CPU": 3.0, "special": 1.0}
    fits = PendingRequest("task a", {"CPU": 1.0, "special": 1.0})
    assert diagnose([fits], totals, {}, 0, nodes, cluster=True) is None
    split = PendingRequest("task b", {"CPU": 2.0, "special": 1.0})
    kind, message = diagnose([split], totals, {}, 0, nodes, cluster=True) or ("", "")
    assert kind == "infeasible" and "no node of the cluster has all of it" in message
    lacking = diagnose([PendingRequest("task c", {"TPU": 1.0})], totals, {}, 0, nodes,
                       cluster=True)
    assert lacking is not None and "add a node with 1 TPU to the cluster" in lacking[1]


def test_logical_cpus_default_to_what_ray_init_counts_alone() -> None:
    from sphinxext.doccode.runner.engine.options import machine_cpus

    assert RunOptions().ray_resources == {"CPU": machine_cpus()}
    # a resource left out is as alone; the ones named are kept
    assert RunOptions(ray_resources={"GPU": 0}).ray_resources == {"CPU": machine_cpus(),
                                                                  "GPU": 0}
    assert RunOptions(ray_resources={"CPU": 8}).ray_resources == {"CPU": 8}
