"""One instance at a time when the memory budget holds no more (pure: no Ray)."""

from __future__ import annotations

from sphinxext.doccode.runner.engine.schedule.instance_groups import (
    INSTANCE_RSS,
    JOB_RSS,
    WORKER_RSS,
    GroupGate,
    one_instance_at_a_time,
)

GIB = 1 << 30


EACH = INSTANCE_RSS + 8 * WORKER_RSS  # an instance keeping 8 idle workers


def test_a_budget_that_holds_every_instance_and_a_file_per_core_keeps_them_together() -> None:
    assert not one_instance_at_a_time(8 * GIB, instances=3, cores=2, idle_workers=8)
    assert not one_instance_at_a_time(3 * EACH + 2 * JOB_RSS, instances=3, cores=2,
                                      idle_workers=8)


def test_a_smaller_budget_runs_one_instance_at_a_time() -> None:
    assert one_instance_at_a_time(3 * EACH + 2 * JOB_RSS - 1, instances=3, cores=2,
                                  idle_workers=8)
    assert one_instance_at_a_time(950 << 20, instances=2, cores=2, idle_workers=0)


def test_idle_workers_count_in_what_an_instance_takes() -> None:
    budget = 2 * INSTANCE_RSS + 2 * JOB_RSS
    assert not one_instance_at_a_time(budget, instances=2, cores=2, idle_workers=0)
    assert one_instance_at_a_time(budget, instances=2, cores=2, idle_workers=1)


def test_one_instance_needs_no_gate_whatever_the_budget() -> None:
    assert not one_instance_at_a_time(1, instances=1, cores=2, idle_workers=8)


def test_default_instance_files_go_first_then_each_group_in_the_order_given() -> None:
    # start order (longest first): 3 (shape a), 0 (default), 4 (shape b), 1 (a), 2 (default)
    keys = {0: None, 1: "a", 2: None, 3: "a", 4: "b"}
    gate = GroupGate([3, 0, 4, 1, 2], keys)
    assert gate.order == [0, 2, 3, 1, 4]


def test_a_group_waits_until_every_file_of_the_groups_before_it_is_done() -> None:
    keys = {0: None, 1: "a", 2: None, 3: "a", 4: "b"}
    gate = GroupGate([0, 2, 3, 1, 4], keys)
    assert [gate.ready(i) for i in range(5)] == [True, False, True, False, False]
    assert gate.done(0) is False  # 2 is still to run on the default instance
    assert not gate.ready(3)
    assert gate.done(2) is True  # the default instance's last file: it can stop
    assert gate.ready(3) and gate.ready(1) and not gate.ready(4)
    assert gate.done(1) is False and gate.done(3) is True
    assert gate.ready(4) and gate.done(4) is True


def test_a_run_without_default_files_starts_with_its_first_group() -> None:
    gate = GroupGate([1, 0], {0: "a", 1: "b"})
    assert gate.order == [1, 0]
    assert gate.ready(1) and not gate.ready(0)
