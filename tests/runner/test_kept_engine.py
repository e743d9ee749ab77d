"""One engine kept across builds (watch mode), against the session's Ray instance."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxext.doccode.results import FileStatus
from sphinxext.doccode.runner import RunOptions, engine_for, keep_engine
from sphinxext.doccode.runner.engine.processes import processes_of_run, wait_stopped
from tests.runner.helpers import describe, write
from tests.waiting import SAFETY_NET_S

pytestmark = pytest.mark.ray

EXAMPLE = """\
import ray

ray.init()

@ray.remote
def double(x):
    return 2 * x

assert ray.get(double.remote(VALUE)) == 2 * VALUE
"""


def _options(ray_address: str, cache: Path | None, timeout: float = 120.0) -> RunOptions:
    return RunOptions(ray_address=ray_address, cache_dir=cache, jobs=1, timeout=timeout)


def test_builds_inside_keep_engine_share_one_engine_and_rerun_only_the_edit(
        tmp_path: Path, ray_address: str) -> None:
    first = write(tmp_path, "first.py", EXAMPLE.replace("VALUE", "1"))
    second = write(tmp_path, "second.py", EXAMPLE.replace("VALUE", "2"))
    options = _options(ray_address, tmp_path / "cache")
    with keep_engine() as keeper:
        with engine_for(options) as engine:
            run_one = engine.run([first, second])
        run_id = engine.run_id
        assert [r.status for r in run_one] == [FileStatus.PASSED] * 2, describe(run_one[0])
        drivers = processes_of_run(run_id)
        assert drivers, "the kept engine's drivers stay up between builds"
        second.path.write_text(EXAMPLE.replace("VALUE", "3"))
        with engine_for(options) as again:
            run_two = again.run([first, second])
        assert again is engine and keeper.engines_started == 1
        assert [r.cached for r in run_two] == [True, False]
        assert run_two[1].status is FileStatus.PASSED, describe(run_two[1])
        assert again.stats.instance_start_s == 0.0, "the instance was up: it cost nothing"
    assert wait_stopped(drivers, timeout=SAFETY_NET_S) == [], "keep_engine() stops what it kept"
    assert processes_of_run(run_id) == []


def test_other_options_replace_the_kept_engine(tmp_path: Path, ray_address: str) -> None:
    example = write(tmp_path, "example.py", EXAMPLE.replace("VALUE", "4"))
    with keep_engine() as keeper:
        with engine_for(_options(ray_address, tmp_path / "cache")) as engine:
            assert engine.run([example])[0].status is FileStatus.PASSED
        with engine_for(_options(ray_address, tmp_path / "cache", timeout=60)) as other:
            assert other is not engine
        assert keeper.engines_started == 2
        assert wait_stopped(processes_of_run(engine.run_id), timeout=SAFETY_NET_S) == [], \
            "the replaced engine is stopped"


def test_outside_keep_engine_each_build_gets_its_own_engine(
        tmp_path: Path, ray_address: str) -> None:
    example = write(tmp_path, "example.py", EXAMPLE.replace("VALUE", "5"))
    options = _options(ray_address, None)
    with engine_for(options) as engine:
        assert engine.run([example])[0].status is FileStatus.PASSED
    with engine_for(options) as other:
        assert other is not engine
    assert processes_of_run(engine.run_id) == []
