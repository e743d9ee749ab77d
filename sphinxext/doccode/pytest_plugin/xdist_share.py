"""pytest-xdist: every worker runs on one private Ray instance that the controller owns.

The controller (the ``pytest`` process that has no ``workerinput``) starts the
instance when the first worker node is set up, hands its address and token to
each worker through ``workerinput``, keeps the items of a doc_code file on one
worker, and stops the instance when the session ends, after the last worker.
Registered only when pytest-xdist is installed and ``-n`` asks for workers.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from sphinxext.doccode.runner import RunOptions
    from sphinxext.doccode.runner.engine.instances.ray_instance import RayInstance

#: keys of ``workerinput`` (what crosses from the controller to a worker)
ADDRESS_KEY = "doccode_shared_address"
ENV_KEY = "doccode_shared_env"


def is_controller(config: pytest.Config) -> bool:
    numprocesses = getattr(config.option, "numprocesses", None)
    return not hasattr(config, "workerinput") and bool(numprocesses)


def worker_options(config: pytest.Config, options: RunOptions) -> RunOptions:
    """In a worker: run on the controller's instance, if it shared one."""
    workerinput: dict[str, Any] = getattr(config, "workerinput", {})
    address = workerinput.get(ADDRESS_KEY)
    if not address:
        return options
    os.environ.update(workerinput.get(ENV_KEY, {}))  # the token, inherited by drivers
    return replace(options, ray_address=address)


class SharedInstance:
    """Controller-side plugin: one instance for all workers, stopped at the end."""

    def __init__(self, config: pytest.Config, options: RunOptions) -> None:
        self.config = config
        self.options = options
        self.instance: RayInstance | None = None

    def _ensure(self) -> RayInstance:
        if self.instance is None:
            from sphinxext.doccode.runner.engine.instances.ray_instance import (
                start_private_instance,
            )
            from sphinxext.doccode.runner.engine.pools.warm import idle_worker_limit

            self.instance = start_private_instance(
                self.options.ray_resources, self.options.object_store_memory,
                idle_workers=idle_worker_limit())
        return self.instance

    def pytest_configure_node(self, node: Any) -> None:
        instance = self._ensure()
        node.workerinput[ADDRESS_KEY] = instance.address
        node.workerinput[ENV_KEY] = {k: v for k, v in instance.env.items()
                                     if k.startswith("RAY_AUTH")}

    def pytest_xdist_make_scheduler(self, config: pytest.Config, log: Any) -> Any:
        if config.getvalue("dist") == "load":  # what plain ``-n N`` means
            from sphinxext.doccode.pytest_plugin.xdist_scheduling import WholeFileScheduling

            return WholeFileScheduling(config, log)
        return None

    def pytest_unconfigure(self) -> None:
        # After the session: every worker has finished (and closed its drivers).
        self.stop()

    def stop(self) -> None:
        instance, self.instance = self.instance, None
        if instance is not None:
            instance.stop()


def register(config: pytest.Config, options: RunOptions) -> RunOptions:
    """Hook this module in for an xdist run; returns the options a worker must use."""
    if not config.pluginmanager.hasplugin("xdist"):
        return options
    if is_controller(config) and not options.ray_address:
        config.pluginmanager.register(SharedInstance(config, options), "doccode-xdist")
    return worker_options(config, options)
