"""How the engine runs: the options of one run (what it runs is ``units/``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sphinxext.doccode.sources.rule_table import Rule
from sphinxext.doccode.vocabulary import BY_NAME, CACHE_MODES, ISOLATION_MODES, SELECT_MODES

#: the engine's defaults are the options' own (``vocabulary.py``)
DEFAULTS: dict[str, Any] = {name: option.default for name, option in BY_NAME.items()}


def machine_cpus() -> int:
    """The CPUs this process may use: what a plain ``ray.init()`` gives an example
    as its logical CPUs (the affinity mask, which containers and ``taskset`` narrow)."""
    try:
        return len(os.sched_getaffinity(0)) or os.cpu_count() or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _default_resources() -> Mapping[str, float]:
    return MappingProxyType({"CPU": float(machine_cpus())})


@dataclass(frozen=True)
class RunOptions:
    ray_address: str | None = None  # None: private local instance, started lazily
    #: logical resources of the private instance; the CPUs default to the machine's
    ray_resources: Mapping[str, float] = field(default_factory=_default_resources)
    object_store_memory: int = DEFAULTS["doccode_object_store_memory"]
    #: seconds per file; ``# doccode: timeout=N`` overrides
    timeout: float = float(DEFAULTS["doccode_timeout"])
    #: files run at once: a number, or "auto" (see schedule/job_limit.py)
    jobs: int | str = DEFAULTS["doccode_jobs"]
    cache_mode: str = DEFAULTS["doccode_cache"]  # auto | force | off
    cache_dir: Path | None = None  # None: no cache
    rules: tuple[Rule, ...] = ()  # doccode_rules, checked (sources/rule_table.py)
    tags: tuple[str, ...] = ()  # run only files with one of these tags (empty: all)
    skip_tags: tuple[str, ...] = ()  # skip files with any of these tags
    #: stop a file whose demand no node can ever meet
    fail_unschedulable: bool = DEFAULTS["doccode_fail_unschedulable"]
    memory_budget: int | None = None  # bytes for the run's processes; None: half the RAM
    isolation: str = DEFAULTS["doccode_isolation"]  # warm | alone
    #: "all", or "changed": only units whose content or recorded files changed run
    select: str = DEFAULTS["doccode_select"]
    #: a git revision: only units changed since it run (plan/selection.py)
    changed_since: str | None = None

    def __post_init__(self) -> None:
        if "CPU" not in self.ray_resources:  # as ray.init() counts them, as alone
            object.__setattr__(self, "ray_resources", MappingProxyType(
                {"CPU": float(machine_cpus()), **self.ray_resources}))
        if self.cache_mode not in CACHE_MODES:
            raise ValueError(f"cache_mode must be one of {CACHE_MODES}, not {self.cache_mode!r}")
        if self.select not in SELECT_MODES:
            raise ValueError(f"select must be one of {SELECT_MODES}, not {self.select!r}")
        if self.isolation not in ISOLATION_MODES:
            raise ValueError(
                f"isolation must be one of {ISOLATION_MODES}, not {self.isolation!r}")
        if self.jobs != "auto" and (not isinstance(self.jobs, int) or self.jobs < 1):
            raise ValueError(f"jobs must be 'auto' or at least 1, not {self.jobs!r}")
        if self.timeout <= 0:
            raise ValueError(f"timeout must be positive, not {self.timeout}")
