"""The cluster shape an example's ``ray.init(...)`` asks for, found in its source or its call.

Pure (no Ray). ``ray.init(num_cpus=2, num_gpus=2)`` run alone starts a
local instance of exactly that shape; under the engine the file must run on
a private instance of that shape. ``ClusterShape`` holds what was asked,
``scan_shape`` finds it in a file without running it (a literal call), and
``asked_shape`` reads it from the arguments of a real call (in the driver).
"""

from __future__ import annotations

import ast
import json
import operator
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: ``ray.init`` arguments that shape the instance, and so pick the one a file runs on
SHAPE_ARGUMENTS = ("num_cpus", "num_gpus", "resources", "object_store_memory", "_memory",
                   "_system_config")


@dataclass(frozen=True)
class ClusterShape:
    """What a ``ray.init`` call asks of the instance it starts (None: not asked)."""

    num_cpus: float | None = None
    num_gpus: float | None = None
    resources: tuple[tuple[str, float], ...] | None = None  # custom resources, sorted
    object_store_memory: int | None = None
    memory: int | None = None
    system_config: str | None = None  # JSON, keys sorted

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form: only what was asked, with ``ray.init``'s argument names."""
        asked: dict[str, Any] = {}
        if self.num_cpus is not None:
            asked["num_cpus"] = self.num_cpus
        if self.num_gpus is not None:
            asked["num_gpus"] = self.num_gpus
        if self.resources is not None:
            asked["resources"] = dict(self.resources)
        if self.object_store_memory is not None:
            asked["object_store_memory"] = self.object_store_memory
        if self.memory is not None:
            asked["_memory"] = self.memory
        if self.system_config is not None:
            asked["_system_config"] = json.loads(self.system_config)
        return asked

    def describe(self) -> str:
        """``num_cpus=2, num_gpus=2`` (for messages and reports)."""
        return ", ".join(f"{name}={value!r}" for name, value in self.to_dict().items())

    def resolve(self, base: Mapping[str, float]) -> dict[str, float]:
        """The instance's logical resources: ``base`` (``doccode_ray_resources``) with
        what was asked in place. ``resources=`` replaces every custom resource of the
        base, as it would alone; CPUs and GPUs not asked for stay those of the base."""
        resolved = {name: amount for name, amount in base.items()
                    if self.resources is None or name in ("CPU", "GPU", "memory")}
        if self.resources is not None:
            resolved.update(self.resources)
        if self.num_cpus is not None:
            resolved["CPU"] = self.num_cpus
        if self.num_gpus is not None:
            resolved["GPU"] = self.num_gpus
        if self.memory is not None:
            resolved["memory"] = float(self.memory)
        return resolved


def asked_shape(kwargs: Mapping[str, Any]) -> ClusterShape | None:
    """The shape asked by a call's keyword arguments; None when it asks for none.

    Raises ValueError for values that cannot be a shape (e.g. ``num_cpus="x"``)."""
    if not any(kwargs.get(name) is not None for name in SHAPE_ARGUMENTS):
        return None
    resources = kwargs.get("resources")
    system_config = kwargs.get("_system_config")
    if resources is not None and not isinstance(resources, Mapping):
        raise ValueError(f"resources must be a dict, not {resources!r}")
    if system_config is not None and not isinstance(system_config, Mapping):
        raise ValueError(f"_system_config must be a dict, not {system_config!r}")
    return ClusterShape(
        num_cpus=_number(kwargs, "num_cpus"),
        num_gpus=_number(kwargs, "num_gpus"),
        resources=None if resources is None else tuple(sorted(
            (str(name), float(amount)) for name, amount in resources.items())),
        object_store_memory=_whole(kwargs, "object_store_memory"),
        memory=_whole(kwargs, "_memory"),
        system_config=None if system_config is None else json.dumps(
            dict(system_config), sort_keys=True),
    )


def shape_from_dict(data: Mapping[str, Any] | None) -> ClusterShape | None:
    """Inverse of ``ClusterShape.to_dict`` (None stays None)."""
    return None if data is None else asked_shape(data)


@dataclass(frozen=True)
class ShapeScan:
    """What a file's source says about its ``ray.init`` shape."""

    shape: ClusterShape | None = None  # the first literal shaped call
    dynamic_line: int | None = None  # a shaped call whose values are not literals


def scan_shape(source: str) -> ShapeScan:
    """The shape of the first ``ray.init(...)`` call that asks for one (in line order).

    Only literal arguments can be read without running the file; a call with
    computed values (``num_cpus=n``, ``**options``) is reported by line, and the
    driver finds its shape when the call runs."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ShapeScan()
    names = _ray_names(tree)
    calls = sorted((node for node in ast.walk(tree)
                    if isinstance(node, ast.Call) and _is_ray_init(node.func, names)),
                   key=lambda node: (node.lineno, node.col_offset))
    for call in calls:
        if any(keyword.arg is None for keyword in call.keywords):
            return ShapeScan(dynamic_line=call.lineno)  # ray.init(**options)
        shaped = [k for k in call.keywords if k.arg in SHAPE_ARGUMENTS]
        if not shaped:
            continue
        try:
            values = {str(k.arg): _literal(k.value) for k in shaped}
            return ShapeScan(shape=asked_shape(values))
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return ShapeScan(dynamic_line=call.lineno)
    return ShapeScan()


_ARITHMETIC = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
               ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Pow: operator.pow}


def _literal(node: ast.expr) -> Any:
    """``ast.literal_eval`` plus arithmetic on numbers (``2 * 1024**3`` bytes)."""
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
        left, right = _literal(node.left), _literal(node.right)
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                   for v in (left, right)) or (isinstance(node.op, ast.Pow) and right > 64):
            raise ValueError("not a small arithmetic expression")
        return _ARITHMETIC[type(node.op)](left, right)
    return ast.literal_eval(node)


def _ray_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """(names bound to the ``ray`` module, names bound to ``ray.init``)."""
    modules: set[str] = {"ray"}
    functions: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(a.asname or a.name for a in node.names if a.name == "ray")
        elif isinstance(node, ast.ImportFrom) and node.module == "ray":
            functions.update(a.asname or a.name for a in node.names if a.name == "init")
    return modules, functions


def _is_ray_init(func: ast.expr, names: tuple[set[str], set[str]]) -> bool:
    modules, functions = names
    if isinstance(func, ast.Attribute):
        return func.attr == "init" and isinstance(func.value, ast.Name) \
            and func.value.id in modules
    return isinstance(func, ast.Name) and func.id in functions


def _number(kwargs: Mapping[str, Any], name: str) -> float | None:
    value = kwargs.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number, not {value!r}")
    return float(value)


def _whole(kwargs: Mapping[str, Any], name: str) -> int | None:
    number = _number(kwargs, name)
    return None if number is None else int(number)
