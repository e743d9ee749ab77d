"""The start order (longest expected first) and the critical-path bound: pure, no Ray."""

from __future__ import annotations

from sphinxext.doccode.runner.engine.schedule.order import (
    Job,
    critical_path_bound,
    durations_by_path,
    expected_seconds,
    lpt_order,
)


def names(jobs: list[Job]) -> list[str]:
    return [jobs[i].path for i in lpt_order(jobs)]


def test_longest_recorded_file_starts_first() -> None:
    jobs = [Job("a.py", 100, 1.0), Job("b.py", 100, 46.0), Job("c.py", 100, 7.5)]
    assert names(jobs) == ["b.py", "c.py", "a.py"]


def test_without_history_larger_files_start_first() -> None:
    jobs = [Job("small.py", 200), Job("large.py", 9000), Job("middle.py", 1500)]
    assert names(jobs) == ["large.py", "middle.py", "small.py"]


def test_a_file_waiting_for_its_own_instance_counts_that_wait() -> None:
    # No history: by size, except the file whose ray.init shape needs a new instance,
    # which starts first so that its instance starts while the others run.
    jobs = [Job("large.py", 9000), Job("shaped.py", 100, setup_s=5.0), Job("small.py", 200)]
    assert names(jobs) == ["shaped.py", "large.py", "small.py"]
    # With history, the wait is added to the file's own time.
    jobs = [Job("long.py", 10, 8.0), Job("shaped.py", 10, 1.0, setup_s=5.0)]
    assert names(jobs) == ["long.py", "shaped.py"]
    jobs = [Job("long.py", 10, 5.5), Job("shaped.py", 10, 1.0, setup_s=5.0)]
    assert names(jobs) == ["shaped.py", "long.py"]


def test_new_files_are_expected_to_take_the_median_of_the_known_ones() -> None:
    jobs = [Job("long.py", 10, 40.0), Job("new.py", 10), Job("mid.py", 10, 5.0),
            Job("short.py", 10, 0.5)]
    assert expected_seconds(jobs)["new.py"] == 5.0
    order = names(jobs)
    assert order[0] == "long.py" and order[-1] == "short.py"
    assert set(order[1:3]) == {"new.py", "mid.py"}


def test_ties_keep_a_stable_order_by_path() -> None:
    jobs = [Job("b.py", 10, 2.0), Job("a.py", 10, 2.0)]
    assert names(jobs) == ["a.py", "b.py"]


def test_lpt_beats_the_given_order_on_two_machines() -> None:
    """The issue's case: a long file listed last runs alone at the end otherwise."""
    durations = [1.0] * 10 + [10.0]
    jobs = [Job(f"f{i:02d}.py", 10, d) for i, d in enumerate(durations)]

    def makespan(order: list[int], machines: int = 2) -> float:
        free = [0.0] * machines
        for i in order:
            k = free.index(min(free))
            free[k] += durations[i]
        return max(free)

    assert makespan(lpt_order(jobs)) == 10.0
    assert makespan(list(range(len(jobs)))) == 15.0


def test_critical_path_bound() -> None:
    # the longest file dominates
    assert critical_path_bound(3.0, [10.0, 1.0, 1.0], cores=2) == 13.0
    # the total work spread over the cores dominates
    assert critical_path_bound(3.0, [4.0] * 6, cores=2) == 15.0
    assert critical_path_bound(2.5, [], cores=2) == 2.5
    assert critical_path_bound(0.0, [4.0, 4.0], cores=0) == 8.0


def test_durations_by_path_keeps_history_per_path() -> None:
    jobs = durations_by_path({"b.py": 3.0}, ["a.py", "b.py"], [5, 6])
    assert jobs == [Job("a.py", 5, None), Job("b.py", 6, 3.0)]
