"""The adaptive job limit, fed with synthetic loads: pure, no Ray, no psutil."""

from __future__ import annotations

import pytest

from sphinxext.doccode.runner.engine.schedule.job_limit import MIB, JobLimit, LoadSample, Policy

GIB = 1 << 30
POLICY = Policy(window=1, settle=0)


def idle(rss: int = 500 * MIB) -> LoadSample:
    return LoadSample(cpu_busy=0.1, available_memory=16 * GIB, run_rss=rss)


def busy(rss: int = 500 * MIB) -> LoadSample:
    return LoadSample(cpu_busy=1.0, available_memory=16 * GIB, run_rss=rss)


def auto(**kwargs: object) -> JobLimit:
    settings: dict[str, object] = {"cores": 2, "memory_budget": 8 * GIB, "policy": POLICY}
    settings.update(kwargs)
    return JobLimit("auto", **settings)  # type: ignore[arg-type]


def test_a_fixed_number_never_changes() -> None:
    limit = JobLimit(3, cores=2, memory_budget=GIB)
    for sample in (idle(), busy(), idle(rss=10 * GIB)):
        assert limit.observe(sample, running=3, waiting=5) == 3
    assert (limit.max_jobs, limit.highest) == (3, 3)


def test_auto_starts_at_the_cores() -> None:
    assert auto().limit == 2
    assert auto(cores=1).limit == 1


def test_sleep_bound_files_add_jobs_while_cpus_are_idle() -> None:
    limit = auto(max_jobs=5)
    seen = [limit.observe(idle(), running=limit.limit, waiting=10) for _ in range(6)]
    assert seen == [3, 4, 5, 5, 5, 5]
    assert limit.highest == 5


def test_no_job_is_added_when_nothing_waits_or_a_slot_is_free() -> None:
    limit = auto()
    assert limit.observe(idle(), running=2, waiting=0) == 2
    assert limit.observe(idle(), running=1, waiting=4) == 2


def test_busy_cpus_take_jobs_back_down_to_the_cores_only() -> None:
    limit = auto(max_jobs=6)
    for _ in range(3):
        limit.observe(idle(), running=limit.limit, waiting=10)
    assert limit.limit == 5
    seen = [limit.observe(busy(), running=5, waiting=10) for _ in range(5)]
    assert seen == [4, 3, 2, 2, 2]
    assert limit.highest == 5


def test_compute_bound_files_stay_at_the_cores() -> None:
    limit = auto()
    for _ in range(10):
        assert limit.observe(busy(), running=2, waiting=10) == 2


def test_memory_budget_caps_the_jobs() -> None:
    # 600 MiB per running job: a budget of 2 GiB has room for three, not four
    limit = auto(memory_budget=2 * GIB, max_jobs=8)
    for _ in range(6):
        running = limit.limit
        limit.observe(idle(rss=running * 600 * MIB), running=running, waiting=10)
    assert limit.limit == 3


def test_over_budget_or_low_machine_memory_takes_a_job_back() -> None:
    limit = auto(memory_budget=GIB)
    assert limit.observe(idle(rss=2 * GIB), running=2, waiting=3) == 1
    limit = auto()
    low = LoadSample(cpu_busy=0.1, available_memory=GIB // 2, run_rss=GIB)
    assert limit.observe(low, running=2, waiting=3) == 1
    assert limit.observe(low, running=1, waiting=3) == 1  # never below one


def test_a_change_is_followed_by_a_settling_time() -> None:
    limit = auto(policy=Policy(window=1, settle=2), max_jobs=8)
    seen = [limit.observe(idle(), running=limit.limit, waiting=10) for _ in range(7)]
    assert seen == [3, 3, 3, 4, 4, 4, 5]


def test_cpu_is_smoothed_over_the_window() -> None:
    limit = auto(policy=Policy(window=3, settle=0), max_jobs=8)
    limit.observe(busy(), running=2, waiting=10)
    limit.observe(busy(), running=2, waiting=10)
    # one idle sample after two busy ones is not an idle machine
    assert limit.observe(idle(), running=2, waiting=10) == 2


@pytest.mark.parametrize("cores", [1, 2, 8])
def test_auto_limit_is_bounded(cores: int) -> None:
    limit = auto(cores=cores)
    for _ in range(100):
        limit.observe(idle(rss=0), running=limit.limit, waiting=100)
    assert limit.limit == limit.max_jobs <= 16
    assert limit.max_jobs >= cores


def test_fit_starts_no_more_files_than_the_budget_holds_beside_the_instances() -> None:
    limit = auto(cores=4, memory_budget=GIB + 2 * POLICY.per_job_memory)
    assert limit.fit(GIB) == 2
    assert auto(memory_budget=GIB).fit(GIB) == 1, "one file at the least"
    assert auto().fit(GIB) == 2, "never more than it had"
    assert JobLimit(3, cores=2, memory_budget=GIB).fit(GIB) == 3, "a fixed number stays"


def test_no_job_is_added_on_memory_an_instance_still_starting_will_take() -> None:
    limit = auto(memory_budget=GIB + POLICY.per_job_memory, max_jobs=4)
    limit.fit(GIB)  # the instance: not up yet, so the run's processes hold little
    assert limit.observe(idle(rss=100 * MIB), running=1, waiting=3) == 1
    roomy = auto(memory_budget=4 * GIB, max_jobs=4)
    roomy.fit(GIB)
    assert roomy.observe(idle(rss=100 * MIB), running=2, waiting=3) == 3
