"""Messages between the engine and its driver processes: JSON lines on private pipes.

Examples print freely on stdout/stderr; the protocol uses its own file
descriptors, so nothing an example prints can corrupt it.
"""

from __future__ import annotations

import json
import os
import select
import time
from typing import Any

#: set by the engine for its private instance, where no autoscaler will ever add resources
WATCH_DEMAND_ENV = "DOCCODE_WATCH_DEMAND"
#: set where the file's own ray.init(...) decided the instance's shape (hints say so)
SHAPED_BY_FILE_ENV = "DOCCODE_SHAPED_BY_FILE"


def send(fd: int, message: dict[str, Any]) -> None:
    data = (json.dumps(message) + "\n").encode()
    while data:
        written = os.write(fd, data)
        data = data[written:]


class MessageReader:
    """Reads JSON lines from ``fd`` with a deadline."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._buffer = b""
        self.closed = False

    def read(self, deadline: float | None) -> dict[str, Any] | None:
        """The next message; None at EOF or when ``deadline`` (monotonic) passes."""
        while b"\n" not in self._buffer:
            if self.closed:
                return None
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self.fd], [], [], wait)
            if not ready:
                return None
            chunk = os.read(self.fd, 65536)
            if not chunk:
                self.closed = True
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        message: dict[str, Any] = json.loads(line)
        return message
