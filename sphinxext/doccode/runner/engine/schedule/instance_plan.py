"""Which Ray instances a run's pending units get, and whether they are up at once.

Long files get an instance each; every instance starts ahead when the memory
budget holds them all with a file per core, otherwise the run goes one
instance at a time (``instance_groups.py``), and no long file gets its own.
"""

from __future__ import annotations

from sphinxext.doccode.runner.engine.options import RunOptions
from sphinxext.doccode.runner.engine.plan.cache import ResultCache
from sphinxext.doccode.runner.engine.plan.planner import Plan
from sphinxext.doccode.runner.engine.pools.instance_set import InstanceSet
from sphinxext.doccode.runner.engine.pools.shaped import OwnInstance
from sphinxext.doccode.runner.engine.pools.warm import idle_worker_limit
from sphinxext.doccode.runner.engine.schedule.instance_groups import (
    INSTANCE_RSS,
    WORKER_RSS,
    GroupGate,
    one_instance_at_a_time,
)
from sphinxext.doccode.runner.engine.schedule.job_limit import JobLimit
from sphinxext.doccode.runner.engine.schedule.start_order import start_order

#: a file that took this long last time runs on an instance of its own (seconds)
OWN_INSTANCE_MIN_S = 12.0


def own_instances(plans: list[Plan], pending: list[int], options: RunOptions,
                  cache: ResultCache | None) -> list[int]:
    """Give each long file (``OWN_INSTANCE_MIN_S`` last time) that asks for no shape
    an instance of the default shape of its own.

    Files that share an instance share its logical CPUs: a file whose tasks
    sleep holds them while the machine idles, and every other file's tasks
    queue behind it, so the long files the run waits for grow longer. Alone,
    a file has all of them. A long file on its own instance has them too, and
    the instance's start (in the background, ahead) is small beside it.
    Returns the files given one."""
    if options.isolation != "warm" or options.ray_address or not cache:
        return []
    given = []
    for i in pending:
        plan = plans[i]
        if plan.shape is not None or not plan.unit.own_instance_when_long:
            continue
        last = cache.latest(plan.unit.display_path)
        if last is not None and last.duration_s >= OWN_INSTANCE_MIN_S:
            plan.shape = OwnInstance(for_path=plan.unit.display_path)
            given.append(i)
    return given


def plan_instances(plans: list[Plan], pending: list[int], *, options: RunOptions,
                   cache: ResultCache | None, instances: InstanceSet, limit: JobLimit,
                   cores: int) -> tuple[GroupGate | None, str | None]:
    """Long files get an instance each, and every instance starts ahead, when the
    memory budget holds them all with a file per core: no gate. Otherwise (and no
    instance for long files) a gate that runs them one instance at a time, and the
    event that tells a person so."""
    own = own_instances(plans, pending, options, cache)
    if options.isolation == "alone":
        return None, None
    budget, idle = limit.memory_budget, idle_worker_limit()

    def private_instances(keys: dict[int, str | None]) -> int:
        """An existing cluster costs this run nothing."""
        used = set(keys.values())
        return len(used - {None}) + (None in used and not options.ray_address)

    keys = {i: instances.key(plans[i].shape) for i in pending}
    if own and one_instance_at_a_time(budget, private_instances(keys), cores, idle):
        for i in own:  # no memory for instances of their own
            plans[i].shape = None
            keys[i] = None
    count = private_instances(keys)
    if not one_instance_at_a_time(budget, count, cores, idle):
        limit.fit(count * (INSTANCE_RSS + idle * WORKER_RSS))
        return None, None
    limit.fit(INSTANCE_RSS + cores * WORKER_RSS)  # lean: an idle worker per core
    instances.default.lean = instances.lean = True
    event = (f"the memory budget ({budget >> 20} MiB) holds one Ray instance at a time, not "
             f"{count}: their files ran one instance after the other")
    return GroupGate(start_order(plans, pending, options, cache), keys), event
