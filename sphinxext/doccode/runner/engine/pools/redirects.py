"""Where a running file's ``ray.init(...)`` connects when it asks, at run time, for a
cluster shape the engine could not read from its source (``instance_set.py`` leases the
instances)."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager, ExitStack
from typing import Any, Protocol

from sphinxext.doccode.runner.engine.instances.ray_instance import ClusterStartError
from sphinxext.doccode.runner.engine.options import RunOptions
from sphinxext.doccode.runner.engine.pools.shaped import ShapedPool, shape_key
from sphinxext.doccode.runner.engine.pools.warm import DriverPool
from sphinxext.doccode.sources.initshape import ClusterShape, shape_from_dict


class ShapeLeases(Protocol):
    """What redirects need of the run's instances (``InstanceSet`` is one)."""

    options: RunOptions
    default: DriverPool

    def shaped_lease(self, key: str,
                     shape: ClusterShape) -> AbstractContextManager[ShapedPool]: ...


class Redirects:
    """What one running file's ``ray.init`` shapes connect to; their pools stay leased
    until the file ends. ``switched``: the file's job moved to another instance."""

    def __init__(self, instances: ShapeLeases, shape: ClusterShape | None, address: str,
                 timeout: float) -> None:
        self.instances = instances
        self.timeout = timeout
        self.current = None if shape is None else shape_key(shape, instances.options)
        self.address = address
        self.stack = ExitStack()
        self.switched = False

    def __call__(self, asked: Mapping[str, Any]) -> dict[str, str]:
        try:
            shape = shape_from_dict(asked)
        except ValueError as exc:
            return {"error": f"ray.init: {exc}"}
        key = None if shape is None else shape_key(shape, self.instances.options)
        if key == self.current:
            return {"address": self.address}
        try:
            if key is None or shape is None:
                pool: DriverPool = self.instances.default
            else:
                shaped = self.stack.enter_context(self.instances.shaped_lease(key, shape))
                # A timeout, not a wait forever: the file holding it may be waiting for us.
                if not shaped.one_file.acquire(timeout=self.timeout):
                    return {"error": f"the Ray instance with {shape.describe()} stayed busy "
                                     f"with another file for {self.timeout:g} s"}
                self.stack.callback(shaped.one_file.release)
                pool = shaped
            address = pool.ensure_instance().address
        except (ClusterStartError, RuntimeError) as exc:
            what = shape.describe() if shape is not None else "the default shape"
            return {"error": f"could not start a Ray instance with {what}: {exc}"}
        self.current, self.address, self.switched = key, address, True
        return {"address": address}
