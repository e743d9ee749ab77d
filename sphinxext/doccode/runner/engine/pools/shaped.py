"""Warm drivers on a private Ray instance of one cluster shape (``instance_set.py`` owns them)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from sphinxext.doccode.runner.engine.instances.ray_instance import (
    ClusterStartError,
    RayInstance,
)
from sphinxext.doccode.runner.engine.options import RunOptions
from sphinxext.doccode.runner.engine.pools.warm import DriverPool
from sphinxext.doccode.runner.protocol import SHAPED_BY_FILE_ENV
from sphinxext.doccode.sources.initshape import ClusterShape


@dataclass(frozen=True)
class OwnInstance(ClusterShape):
    """The default shape, on an instance of one file's own (a long file, see
    ``schedule/instance_plan.py``): it sees every logical CPU of it, as alone."""

    for_path: str = ""


class ShapedPool(DriverPool):
    """Warm drivers on a private instance of one cluster shape."""

    def __init__(self, options: RunOptions, run_id: str, log_dir: Path,
                 shape: ClusterShape, token: str) -> None:
        shaped = replace(
            options,
            ray_address=None,  # a shape is always a private local instance
            ray_resources=shape.resolve(options.ray_resources),
            object_store_memory=shape.object_store_memory or options.object_store_memory,
        )
        super().__init__(shaped, run_id, log_dir)
        self.shape = shape
        #: held while a file runs here: a file sees all of its shape, as alone
        self.one_file = threading.RLock()
        # The run's one token: a driver whose file asks for this shape while it
        # runs connects here with the token it was started with.
        self._token = token

    def driver_env(self) -> dict[str, str]:
        if isinstance(self.shape, OwnInstance):  # the file asked for no shape
            return super().driver_env()
        return {**super().driver_env(), SHAPED_BY_FILE_ENV: "1"}

    def _start_or_connect(self) -> RayInstance:
        config = self.shape.system_config
        # A second try: shaped instances start while other instances start and
        # files run, and Ray gives a starting node a fixed 30 s to register.
        for attempt in (1, 2):
            try:
                return self._start_private(json.loads(config) if config else None)
            except ClusterStartError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def shape_key(shape: ClusterShape, options: RunOptions) -> str | None:
    """What identifies the instance a shape needs; None: the run's default instance does."""
    resources = shape.resolve(options.ray_resources)
    memory = shape.object_store_memory or options.object_store_memory
    same = (resources == dict(options.ray_resources) and memory == options.object_store_memory
            and shape.system_config is None and options.ray_address is None)
    if isinstance(shape, OwnInstance):
        return json.dumps(["own", shape.for_path])
    if same:
        return None
    return json.dumps([sorted(resources.items()), memory, shape.system_config])
