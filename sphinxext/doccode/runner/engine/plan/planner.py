"""What each unit of a run needs before it runs: its settings, its cache key, and the
result when it is known without running (skipped, cached, unreadable)."""

from __future__ import annotations

from dataclasses import dataclass

from sphinxext.doccode.results import FileResult
from sphinxext.doccode.runner.engine.options import RunOptions
from sphinxext.doccode.runner.engine.plan.cache import ResultCache, cache_key
from sphinxext.doccode.runner.engine.plan.policy import UnitPolicy
from sphinxext.doccode.runner.engine.plan.selection import ChangedFiles
from sphinxext.doccode.runner.engine.units.unit import Unit, UnitSource, project_root
from sphinxext.doccode.sources.filemarkers import FileMarkers
from sphinxext.doccode.sources.initshape import ClusterShape
from sphinxext.doccode.sources.settings import FileSettings


@dataclass
class Plan:
    unit: Unit
    markers: FileSettings  # the unit's markers merged with doccode_rules
    key: str | None = None
    result: FileResult | None = None  # known without running (skipped, cached, bad markers)
    shape: ClusterShape | None = None  # what the unit's ray.init(...) asks of its instance
    rerun_reason: str = ""  # why its cached result was not reused ("`lib/x.py` changed")


class Planner:
    """Plans the units of one engine: ``doccode_rules`` and markers, cache lookups."""

    def __init__(self, options: RunOptions, policy: UnitPolicy,
                 cache: ResultCache | None) -> None:
        self.options = options
        self.policy = policy
        self.cache = cache
        self.changed = ChangedFiles(options.changed_since) if options.changed_since else None
        self.selecting = options.select == "changed" or self.changed is not None

    def plan(self, unit: Unit) -> Plan:
        source = unit.read()
        if isinstance(source, FileResult):  # it cannot run at all
            return Plan(unit, self.policy.settings(unit, FileMarkers()), result=source)
        markers = self.policy.settings(unit, source.markers)
        plan = Plan(unit, markers, shape=source.shape)
        if markers.problems:
            plan.result = unit.marker_error_result(source, markers)
        elif (reason := self.policy.not_run_reason(markers)) is not None:
            plan.result = unit.skipped_result(source, reason)
        elif self.cache is not None or self.changed is not None:
            if self.cache is not None:
                plan.key = cache_key(source.content, self.settings(unit, markers))
                if self.options.cache_mode == "auto" or self.selecting:
                    plan.result, plan.rerun_reason = self.cache.lookup(
                        plan.key, project_root(unit))
            if self.selecting:
                self._select(plan, source)
        return plan

    def _select(self, plan: Plan, source: UnitSource) -> None:
        """Only changed units run; each says why (``doccode_select``, ``doccode_changed_since``)."""
        unit = plan.unit
        latest = self.cache.latest(unit.display_path) if self.cache is not None else None
        if self.changed is not None:
            why = self.changed.why(unit.path, unit.display_path,
                                   latest.used if latest else (), project_root(unit))
            if why is None and plan.result is None:
                plan.result = unit.skipped_result(
                    source, f"unchanged since {self.changed.ref} (doccode_changed_since)")
            elif plan.result is None:
                plan.rerun_reason = plan.rerun_reason or why or ""
        elif plan.result is None and not plan.rerun_reason:
            plan.rerun_reason = "new: no cached result" if latest is None \
                else "its content or settings changed"

    def settings(self, unit: Unit, markers: FileSettings) -> dict[str, object]:
        """Everything beyond its content that decides a unit's outcome (its cache key)."""
        options = self.options
        return {
            "ray_address": options.ray_address,
            "ray_resources": dict(options.ray_resources),
            "object_store_memory": options.object_store_memory,
            "timeout": markers.timeout or options.timeout,
            **unit.key_settings(),
            # only when set, so keys of files without them stay as they were
            **({"env": dict(markers.env)} if markers.env else {}),
            **({"xfail": markers.xfail} if markers.xfail is not None else {}),
            "isolation": options.isolation,
        }
