"""Every ``doccode`` option, once: its name, default, choices, parse and help.

The front ends register from this table: the Sphinx config values
(``config.py``), and the pytest options with their ini twins
(``pytest_plugin/command_line.py``). A parse turns what a user wrote (a Python
value in ``conf.py``, or the string ``-D``, a command line or an ini file hands
over) into the value the engine uses, or raises ``ValueError`` with a message
that names what was wrong; each front end adds the option's name.

Pure: no Sphinx, no pytest, no Ray.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CACHE_MODES = ("auto", "force", "off")
#: doccode_select: "all" units, or only those that "changed" (the others from the cache)
SELECT_MODES = ("all", "changed")
#: "warm": warm drivers on shared instances; "alone": each file its own process and Ray
ISOLATION_MODES = ("warm", "alone")
#: doccode_execute: run examples during other builds (pages/run_during_build.py)
EXECUTE_MODES = ("off", "cache", "auto", "force")
#: doccode_status: the status line under each example (pages/status.py)
STATUS_MODES = ("auto", "on", "off")


@dataclass(frozen=True)
class PytestForm:
    """How pytest offers an option: ``--doccode-x`` with an ini twin ``doccode_x``, or
    only the ini key (``flag`` false)."""

    flag: bool = True
    metavar: str | None = None
    ini_type: str | None = None  # pytest's ini type; None: a string
    default: Any = None  # None: the option's own default applies (when it parses)
    store_true: bool = False  # a switch without a value


@dataclass(frozen=True)
class Option:
    """One option: ``name`` is its ``doccode_*`` config value and ini key."""

    name: str
    default: Any
    parse: Callable[[Any], Any]  # the normalised value, or ValueError
    help: str
    types: tuple[type, ...] = ()  # what ``conf.py`` may hold
    choices: tuple[str, ...] = ()
    sphinx: bool = True  # a ``conf.py`` value
    pytest: PytestForm | None = None  # a pytest option too

    @property
    def flag(self) -> str:
        """Its pytest command-line form."""
        return "--" + self.name.replace("_", "-")


def number(value: Any) -> float:
    # ``-D name.key=value``, the command line and ini files hand strings to us.
    if isinstance(value, bool):
        raise ValueError("expected a number, got a boolean")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    raise ValueError(f"expected a number, got {value!r}")


def parse_dirs(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of folder names (strings)")
    return list(value)


def parse_optional_str(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError("expected a string or None")
    return value


def parse_resources(value: Any) -> dict[str, float]:
    """A dict such as ``{"CPU": 8}``, or the string ``"CPU=8,GPU=1"``."""
    if isinstance(value, str):
        value = dict(_resource_pair(item) for item in value.split(",") if item.strip())
    if not isinstance(value, dict):
        raise ValueError('expected a dict such as {"CPU": 8}')
    resources: dict[str, float] = {}
    for key, amount in value.items():
        amount_number = number(amount)
        if not isinstance(key, str) or amount_number < 0 or not math.isfinite(amount_number):
            raise ValueError(f"resource {key!r} needs a non-negative amount, got {amount!r}")
        resources[key] = amount_number
    return resources


def _resource_pair(item: str) -> tuple[str, str]:
    name, sep, amount = item.strip().partition("=")
    if not sep or not name.strip():
        raise ValueError(f"{item.strip()!r} is not NAME=AMOUNT (example: 'CPU=8,GPU=1')")
    return name.strip(), amount


def parse_positive_int(value: Any) -> int:
    amount = number(value)
    if amount < 1 or amount != int(amount):
        raise ValueError(f"expected a whole number of at least 1, got {value!r}")
    return int(amount)


def parse_optional_bytes(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return parse_positive_int(value)


def parse_jobs(value: Any) -> int | str:
    if value == "auto":
        return "auto"
    try:
        return parse_positive_int(value)
    except ValueError:
        raise ValueError(
            f"expected 'auto' or a whole number of at least 1, got {value!r}"
        ) from None


def parse_timeout(value: Any) -> float:
    try:
        seconds = number(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a number of seconds") from None
    if seconds <= 0 or not math.isfinite(seconds):
        raise ValueError(f"expected a number of seconds greater than 0, got {value!r}")
    return seconds


def parse_names(value: Any) -> list[str]:
    """Tags: a list of names, or one comma-separated string (what ``-D`` hands over)."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of tag names, or a string such as 'gpu,mem_pressure'")
    return [v.strip() for v in value if v.strip()]


def parse_bool(value: Any) -> bool:
    if isinstance(value, str) and value.lower() in ("0", "1", "true", "false", "yes", "no"):
        return value.lower() in ("1", "true", "yes")  # -D hands over strings
    if not isinstance(value, bool):
        raise ValueError(f"expected True or False, got {value!r}")
    return value


def parse_rules(value: Any) -> Any:
    # Each rule is checked on its own (pages/rule_warnings.py, subtype doccode.rules): one
    # bad rule is left out, the others still apply.
    if value is None:
        return []
    if not isinstance(value, (list, tuple, dict)):
        raise ValueError("expected a list of (glob, settings) pairs")
    return value


def one_of(modes: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if value not in modes:
            raise ValueError(f"expected one of {', '.join(map(repr, modes))}, got {value!r}")
        return str(value)

    return parse


def _pytest_only(value: Any) -> Any:
    return value


OPTIONS = (
    Option("doccode", False, _pytest_only, "collect the regions of doc_code files as items",
           sphinx=False, pytest=PytestForm(ini_type="bool", store_true=True)),
    Option("doccode_ray_address", None, parse_optional_str,
           "address of an existing Ray cluster (default: start a private local instance)",
           (str, type(None)), pytest=PytestForm(metavar="ADDRESS")),
    # An int default keeps ``-D doccode_timeout=600`` working (Sphinx cannot
    # convert command-line strings for float defaults); floats are accepted.
    Option("doccode_timeout", 300, parse_timeout, "seconds per doc_code file (default 300)",
           (int, float), pytest=PytestForm(metavar="SECONDS")),
    Option("doccode_cache", "auto", one_of(CACHE_MODES),
           "reuse results of unchanged files: auto, force (rerun and refresh) or off (default)",
           choices=CACHE_MODES, pytest=PytestForm(default="off")),
    Option("doccode_cache_dir", None, parse_optional_str,
           "result cache folder (default: <rootdir>/.doccode_cache)",
           (str, type(None)), pytest=PytestForm(metavar="DIR")),
    Option("doccode_select", "all", one_of(SELECT_MODES),
           "which units run: all (default), or changed: only those whose content or "
           "recorded files changed, the others from the cache (the list says why)",
           choices=SELECT_MODES, pytest=PytestForm()),
    Option("doccode_changed_since", None, parse_optional_str,
           "run only the units whose file, or a file they used, changed since this git "
           "revision (git diff REF); the others come from the cache, or are skipped",
           (str, type(None)), pytest=PytestForm(metavar="REF")),
    Option("doccode_ray_resources", {}, parse_resources,
           "logical resources of the private instance, e.g. 'CPU=8,GPU=1' "
           "(default: the machine's CPUs, as ray.init() counts them)",
           (dict,), pytest=PytestForm(metavar="NAME=AMOUNT,...")),
    Option("doccode_tags", [], parse_names,
           "run only doc_code files with one of these tags (comma-separated)",
           (list, tuple, str), pytest=PytestForm(metavar="TAG,...")),
    Option("doccode_skip_tags", [], parse_names,
           "skip doc_code files with any of these tags (comma-separated)",
           (list, tuple, str), pytest=PytestForm(metavar="TAG,...")),
    Option("doccode_conf", None, parse_optional_str, "a Sphinx conf.py whose doccode_rules apply",
           sphinx=False, pytest=PytestForm(metavar="PATH")),
    Option("doccode_inline", True, parse_bool,
           "collect the inline testcode/doctest blocks of .rst/.md pages (default true)",
           (bool,), pytest=PytestForm(flag=False, ini_type="bool")),
    Option("doccode_isolation", "warm", one_of(ISOLATION_MODES),
           "warm (default): warm drivers on shared instances; alone: each file its own "
           "process and Ray instance, as Ray's own doc CI runs them",
           choices=ISOLATION_MODES, pytest=PytestForm()),
    Option("doccode_paths", [], _pytest_only,
           "folders whose *.py files are doc_code examples (besides the paths given as "
           "arguments)", sphinx=False, pytest=PytestForm(flag=False, ini_type="paths")),
    Option("doccode_dirs", [], parse_dirs,
           "folders (relative to the confdir) whose *.py files all run", (list, tuple)),
    Option("doccode_object_store_memory", 1 << 30, parse_positive_int,
           "bytes of the private instance's object store", (int,)),
    Option("doccode_jobs", "auto", parse_jobs, "files run at once: a number, or 'auto'",
           (int, str)),
    # None: half of the machine's memory (runner/engine/schedule/job_limit.py)
    Option("doccode_memory_budget", None, parse_optional_bytes,
           "bytes the run's processes may use (default: half of the machine's memory)",
           (int, type(None))),
    Option("doccode_rules", [], parse_rules, "(glob, settings) pairs: per-file settings",
           (list, tuple, dict)),
    Option("doccode_fail_unschedulable", True, parse_bool,
           "stop a file whose demand no node can ever meet", (bool,)),
    Option("doccode_execute", "off", one_of(EXECUTE_MODES),
           "run the examples during other builds", choices=EXECUTE_MODES),
    Option("doccode_status", "auto", one_of(STATUS_MODES),
           "the status line under each example", choices=STATUS_MODES),
    Option("doccode_inline_output", False, parse_bool,
           "show the output of inline testcode blocks", (bool,)),
)
#: every option by name
BY_NAME = {option.name: option for option in OPTIONS}
