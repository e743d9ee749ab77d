"""The engine's side of per-file settings: rules and markers merged, and why a file is skipped.

Rules and tag selection come from :class:`RunOptions`; whether required
resources exist is asked of the instance the run uses (the private one, with
the machine's real accelerators, or the existing cluster's nodes), once.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping

from sphinxext.doccode.runner.engine.instances import hardware
from sphinxext.doccode.runner.engine.options import RunOptions
from sphinxext.doccode.runner.engine.units.unit import Unit
from sphinxext.doccode.sources.filemarkers import FileMarkers
from sphinxext.doccode.sources.settings import (
    FileSettings,
    effective_settings,
    missing_resources,
    tag_selection,
)


class UnitPolicy:
    """Effective settings per file, and the reasons a file does not run."""

    def __init__(self, options: RunOptions, driver_env: Callable[[], Mapping[str, str]]) -> None:
        self.options = options
        self._driver_env = driver_env
        self._lock = threading.Lock()
        self._nodes: list[dict[str, float]] | None = None
        self._asked = False

    def settings(self, unit: Unit, markers: FileMarkers) -> FileSettings:
        return effective_settings(self.options.rules, unit.display_path, markers)

    def not_run_reason(self, settings: FileSettings) -> str | None:
        """Why the file is skipped: its settings, tags, modules or resources (None: it runs)."""
        if settings.skip is not None:
            return settings.skip
        selection = tag_selection(settings.tags, self.options.tags, self.options.skip_tags)
        if selection is not None:
            return selection
        if missing := settings.missing_requirements():
            return f"requires {', '.join(missing)}"
        if settings.resources:
            return self._lacking(settings.resources)
        return None

    def _lacking(self, required: Mapping[str, float]) -> str | None:
        nodes = self._instance_nodes()
        if nodes is None:
            return None  # the cluster could not be asked: the file runs and finds out
        why = missing_resources(required, nodes)
        if why is None:
            return None
        address = self.options.ray_address
        where = f"the Ray cluster at {address}" if address else \
            "this machine's private Ray instance (doccode_ray_resources plus detected GPUs)"
        return f"{why} on {where}"

    def _instance_nodes(self) -> list[dict[str, float]] | None:
        with self._lock:
            if not self._asked:
                self._asked = True
                address = self.options.ray_address
                if address:
                    env = {**os.environ, **self._driver_env()}
                    self._nodes = hardware.cluster_nodes(address, env)
                else:
                    self._nodes = [hardware.private_resources(self.options.ray_resources)]
            return self._nodes
