"""One Ray instance at a time, when the memory budget cannot hold several.

Each private instance costs about ``INSTANCE_RSS`` of memory before any file's
worker runs on it; the run's default instance, those of the cluster shapes its
files ask for and those of its long files start together, ahead, when memory
allows. When ``doccode_memory_budget`` cannot hold them and a file per
core beside them, the run goes group by group instead: the files of the default
instance first, then those of each other instance, each group in the order it
was given (longest expected first). A group's files wait until every file of
the groups before it is done, and an instance stops when its group is done, so
only one is ever up.

Pure: no Ray, no psutil; the engine (``runner/engine/engine.py``) feeds it.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

MIB = 1 << 20
#: what a private instance holds before a file runs on it (GCS, raylet, the
#: dashboard, the agents, the monitors: measured 470 to 520 MiB of RSS)
INSTANCE_RSS = 550 * MIB
#: one Ray worker process (measured 70 to 100 MiB of RSS)
WORKER_RSS = 90 * MIB
#: what one file running costs at the least: a driver and a worker or two
JOB_RSS = 300 * MIB


def one_instance_at_a_time(memory_budget: int, instances: int, cores: int,
                           idle_workers: int) -> bool:
    """Whether ``instances`` instances up at once, each keeping ``idle_workers``
    idle workers, and a file per core beside them would pass ``memory_budget``
    (bytes)."""
    each = INSTANCE_RSS + idle_workers * WORKER_RSS
    return instances > 1 and instances * each + max(1, cores) * JOB_RSS > memory_budget


class GroupGate:
    """Orders items by group and lets a group start once the groups before it are done.

    ``keys[i]`` names the instance item ``i`` runs on (None: the default one,
    always first); the other groups keep the order in which ``order`` first
    names them.
    """

    def __init__(self, order: Sequence[int], keys: Mapping[int, Hashable]) -> None:
        groups: dict[Hashable, list[int]] = {None: []}
        for i in order:
            groups.setdefault(keys[i], []).append(i)
        self._groups = [members for members in groups.values() if members]
        self._group_of = {i: g for g, members in enumerate(self._groups) for i in members}
        self._left = [len(members) for members in self._groups]

    @property
    def order(self) -> list[int]:
        """The items, group after group."""
        return [i for members in self._groups for i in members]

    def ready(self, item: int) -> bool:
        """Whether every item of the groups before ``item``'s is done."""
        return not any(self._left[:self._group_of[item]])

    def done(self, item: int) -> bool:
        """Count ``item`` done; True when it was the last of its group."""
        group = self._group_of[item]
        self._left[group] -= 1
        return self._left[group] == 0
