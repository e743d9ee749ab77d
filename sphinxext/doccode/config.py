"""The ``doccode_*`` configuration values: registration, validation, derived paths.

A bad value never produces a traceback: it is reported once, naming the key,
and replaced by its default so the build goes on.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.config import ENUM
from sphinx.util import logging

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

CACHE_MODES = ("auto", "force", "off")
CACHE_DIR_NAME = ".doccode_cache"
#: doccode_execute: run examples during other builds (pages/run_during_build.py)
EXECUTE_MODES = ("off", "cache", "auto", "force")
#: doccode_status: the status line under each example (pages/status.py)
STATUS_MODES = ("auto", "on", "off")
ISOLATION_MODES = ("warm", "alone")


@dataclass(frozen=True)
class ConfigValue:
    """One ``doccode_*`` value: its default, accepted types and validator."""

    name: str
    default: Any
    types: Any
    check: Callable[[Any], Any]  # returns the normalised value or raises ValueError


def _check_dirs(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of folder names (strings)")
    return list(value)


def _check_optional_str(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError("expected a string or None")
    return value


def _number(value: Any) -> float:
    # ``-D name.key=value`` and ``-D name=value`` hand strings to us.
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


def _check_resources(value: Any) -> dict[str, float]:
    if not isinstance(value, dict):
        raise ValueError('expected a dict such as {"CPU": 8}')
    resources: dict[str, float] = {}
    for key, amount in value.items():
        number = _number(amount)
        if not isinstance(key, str) or number < 0 or not math.isfinite(number):
            raise ValueError(f"resource {key!r} needs a non-negative amount, got {amount!r}")
        resources[key] = number
    return resources


def _check_positive_int(value: Any) -> int:
    number = _number(value)
    if number < 1 or number != int(number):
        raise ValueError(f"expected a whole number of at least 1, got {value!r}")
    return int(number)


def _check_optional_bytes(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return _check_positive_int(value)


def _check_jobs(value: Any) -> int | str:
    if value == "auto":
        return "auto"
    try:
        return _check_positive_int(value)
    except ValueError:
        raise ValueError(
            f"expected 'auto' or a whole number of at least 1, got {value!r}"
        ) from None


def _check_timeout(value: Any) -> float:
    number = _number(value)
    if number <= 0 or not math.isfinite(number):
        raise ValueError(f"expected a number of seconds greater than 0, got {value!r}")
    return number


def _check_cache(value: Any) -> str:
    if value not in CACHE_MODES:
        raise ValueError(f"expected one of {', '.join(map(repr, CACHE_MODES))}, got {value!r}")
    return str(value)


def _check_names(value: Any) -> list[str]:
    """Tags: a list of names, or one comma-separated string (what ``-D`` hands over)."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of tag names, or a string such as 'gpu,mem_pressure'")
    return [v.strip() for v in value if v.strip()]


def _check_bool(value: Any) -> bool:
    if isinstance(value, str) and value.lower() in ("0", "1", "true", "false", "yes", "no"):
        return value.lower() in ("1", "true", "yes")  # -D hands over strings
    if not isinstance(value, bool):
        raise ValueError(f"expected True or False, got {value!r}")
    return value


def _check_rules(value: Any) -> Any:
    # Each rule is checked on its own (pages/rule_warnings.py, subtype doccode.rules): one
    # bad rule is left out, the others still apply.
    if value is None:
        return []
    if not isinstance(value, (list, tuple, dict)):
        raise ValueError("expected a list of (glob, settings) pairs")
    return value
def _one_of(modes: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in modes:
            raise ValueError(f"expected one of {', '.join(map(repr, modes))}, got {value!r}")
        return str(value)

    return check


CONFIG_VALUES = (
    ConfigValue("doccode_dirs", [], (list, tuple), _check_dirs),
    ConfigValue("doccode_ray_address", None, (str, type(None)), _check_optional_str),
    ConfigValue("doccode_ray_resources", {}, (dict,), _check_resources),
    ConfigValue("doccode_object_store_memory", 1 << 30, (int,), _check_positive_int),
    # An int default keeps ``-D doccode_timeout=600`` working (Sphinx cannot
    # convert command-line strings for float defaults); floats are accepted.
    ConfigValue("doccode_timeout", 300, (int, float), _check_timeout),
    ConfigValue("doccode_jobs", "auto", (int, str), _check_jobs),
    # None: half of the machine's memory (runner/engine/schedule/job_limit.py)
    ConfigValue("doccode_memory_budget", None, (int, type(None)), _check_optional_bytes),
    ConfigValue("doccode_cache", "auto", ENUM(*CACHE_MODES), _check_cache),
    ConfigValue("doccode_cache_dir", None, (str, type(None)), _check_optional_str),
    ConfigValue("doccode_rules", [], (list, tuple, dict), _check_rules),
    ConfigValue("doccode_tags", [], (list, tuple, str), _check_names),
    ConfigValue("doccode_skip_tags", [], (list, tuple, str), _check_names),
    ConfigValue("doccode_fail_unschedulable", True, (bool,), _check_bool),
    ConfigValue("doccode_execute", "off", ENUM(*EXECUTE_MODES), _one_of(EXECUTE_MODES)),
    ConfigValue("doccode_status", "auto", ENUM(*STATUS_MODES), _one_of(STATUS_MODES)),
    ConfigValue("doccode_inline", True, (bool,), _check_bool),
    ConfigValue("doccode_inline_output", False, (bool,), _check_bool),
    ConfigValue("doccode_isolation", "warm", ENUM(*ISOLATION_MODES), _one_of(ISOLATION_MODES)),
)


def setup_config(app: Sphinx) -> None:
    for value in CONFIG_VALUES:
        app.add_config_value(value.name, value.default, "env", types=value.types)
    # Before Sphinx's own type check (priority 800), so a bad value is reported
    # once, by us, with a hint.
    app.connect("config-inited", validate_config, priority=400)


def _location(confdir: str | os.PathLike[str], name: str) -> str | None:
    """``conf.py:LINE`` where ``name`` is assigned, or None (e.g. set with ``-D``)."""
    conf_py = Path(confdir, "conf.py")
    try:
        lines = conf_py.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    assignment = re.compile(rf"^{re.escape(name)}\b\s*(?::[^=]*)?=")
    for lineno, line in enumerate(lines, start=1):
        if assignment.match(line):
            return f"{conf_py}:{lineno}"
    return None


def validate_config(app: Sphinx, config: Config) -> None:
    for value in CONFIG_VALUES:
        current = getattr(config, value.name)
        try:
            setattr(config, value.name, value.check(current))
        except ValueError as error:
            logger.warning(
                "bad value for %s: %s; using the default %r",
                value.name,
                error,
                value.default,
                location=_location(app.confdir, value.name),
                type="doccode",
                subtype="config",
            )
            setattr(config, value.name, value.default)
    config.doccode_dirs = _existing_dirs(app.confdir, config.doccode_dirs)
    if config.doccode_cache_dir and Path(app.confdir, config.doccode_cache_dir).is_file():
        logger.warning(
            "doccode_cache_dir: %r is a file, not a folder; using the default "
            "(hint: name a folder, it is created when needed)",
            config.doccode_cache_dir,
            location=_location(app.confdir, "doccode_cache_dir"),
            type="doccode",
            subtype="config",
        )
        config.doccode_cache_dir = None


def _existing_dirs(confdir: str | os.PathLike[str], dirs: list[str]) -> list[str]:
    kept = []
    for name in dirs:
        folder = Path(confdir, name)
        if folder.is_dir():
            kept.append(name)
        else:
            logger.warning(
                "doccode_dirs: folder %r (%s) does not exist; ignoring it "
                "(hint: folders are relative to the folder of conf.py)",
                name,
                folder.resolve(),
                location=_location(confdir, "doccode_dirs"),
                type="doccode",
                subtype="config",
            )
    return kept


def project_root(srcdir: str | os.PathLike[str]) -> Path:
    """The folder report paths are relative to: the parent of the source dir."""
    return Path(srcdir).resolve().parent


def display_path(path: str | os.PathLike[str], root: Path) -> str:
    """``path`` as reports show it: POSIX, relative to the project root."""
    return Path(os.path.relpath(Path(path).resolve(), root)).as_posix()


def doccode_dir_files(confdir: str | os.PathLike[str], dirs: list[str]) -> list[Path]:
    """Every ``*.py`` directly inside the ``doccode_dirs`` folders (absolute, sorted).

    Subfolders are not searched, so helper packages next to the examples do
    not run as examples; list a subfolder itself to run its files.
    """
    files: set[Path] = set()
    for name in dirs:
        folder = Path(confdir, name).resolve()
        if folder.is_dir():
            files.update(p for p in folder.glob("*.py") if p.is_file())
    return sorted(files)


def cache_dir(
    config: Config, confdir: str | os.PathLike[str], srcdir: str | os.PathLike[str]
) -> Path:
    """Where cached results live: ``doccode_cache_dir`` (relative to the confdir)
    or ``<project root>/.doccode_cache``."""
    if config.doccode_cache_dir:
        return Path(confdir, config.doccode_cache_dir).resolve()
    return project_root(srcdir) / CACHE_DIR_NAME
