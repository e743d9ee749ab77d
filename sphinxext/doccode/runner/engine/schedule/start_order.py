"""The order a run's pending units start in: longest expected first (``order.py``),
a unit that waits for an instance of its own shape counting that wait."""

from __future__ import annotations

from sphinxext.doccode.runner.engine.options import RunOptions
from sphinxext.doccode.runner.engine.plan.cache import ResultCache
from sphinxext.doccode.runner.engine.plan.planner import Plan
from sphinxext.doccode.runner.engine.pools.shaped import shape_key
from sphinxext.doccode.runner.engine.schedule.order import Job, lpt_order

#: about what starting a private instance of a file's own shape costs (seconds)
SHAPED_INSTANCE_START_S = 5.0


def start_order(plans: list[Plan], pending: list[int], options: RunOptions,
                cache: ResultCache | None) -> list[int]:
    """Longest expected first: each path's last duration, else its size."""
    jobs = []
    for i in pending:
        unit = plans[i].unit
        last = cache.latest(unit.display_path) if cache else None
        try:
            size = unit.path.stat().st_size
        except OSError:
            size = 0
        jobs.append(Job(unit.display_path, size, last.duration_s if last else None,
                        setup_s=_setup_seconds(plans[i], options)))
    return [pending[k] for k in lpt_order(jobs)]


def _setup_seconds(plan: Plan, options: RunOptions) -> float:
    """What the file waits for before it runs: an instance of its own shape to start."""
    if plan.shape is None or shape_key(plan.shape, options) is None:
        return 0.0
    return SHAPED_INSTANCE_START_S
