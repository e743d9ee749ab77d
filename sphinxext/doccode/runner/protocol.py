"""Messages between the engine and its driver processes: JSON lines on private pipes.

Examples print freely on stdout/stderr; the protocol uses its own file
descriptors, so nothing an example prints can corrupt it. Everything the
protocol calls is bound when this module is imported, before any example runs,
so an example that patches ``json.dumps`` or ``os.write`` cannot break it; a
line that still cannot be decoded (or is larger than :data:`MAX_MESSAGE`)
becomes an :data:`UNDECODABLE` message, never an exception.

Every message names itself in its ``"event"`` field with an :class:`Event`;
a reader that meets a name it does not know treats it as undecodable.
"""

from __future__ import annotations

import json
import os
import select
import threading
import time
from collections.abc import Mapping
from enum import Enum
from typing import Any

#: the largest message either side accepts (results are capped far below this)
MAX_MESSAGE = 16 * 1024 * 1024


class Event(str, Enum):
    """The name of each message (its ``"event"`` field); all go from a driver to the engine."""

    READY = "ready"  # Ray imported: requests may come (once per driver)
    STEP = "step"  # the statements that run now: ``first``, ``last`` line
    WHERE = "where"  # the ``lines`` a file is at while it hangs (top level, innermost)
    UNSCHEDULABLE = "unschedulable"  # demand no node can ever meet: ``message``
    CROWDED = "crowded"  # the file waits for other files' actors: ``message``
    #: a ``ray.init`` ``shape`` asked for at run time; the engine answers on the request pipe
    INSTANCE = "instance"
    #: every step and atexit handler ran: the ``result`` so far, in case teardown kills us
    TEARDOWN = "teardown"
    #: the file's ``result`` (its ``used``: the files it used), ``reusable``, ``recycle`` reasons
    RESULT = "result"
    #: the answer to the engine's question on the ask pipe, before it stops the driver:
    #: ``forensics`` (the main thread's ``stack``, what the job is ``waiting`` for)
    FORENSICS = "forensics"
    #: made up by a reader for a line it could not decode (``detail``), never sent
    UNDECODABLE = "undecodable"


#: the event of the message a reader makes up for a line it could not decode
UNDECODABLE = Event.UNDECODABLE

# Bound now: an example may patch the modules later (issue 9).
_encode = json.JSONEncoder().encode
_decode = json.JSONDecoder().decode
_write = os.write
_read = os.read
_select = select.select
_monotonic = time.monotonic
#: threads of a driver (the watcher, forensics) send beside the main thread: one at a time,
#: so no message is cut into another's (pipes keep only small writes whole)
_send_lock = threading.Lock()

#: set by the engine: "1" on its private instance (where no autoscaler will ever add
#: resources), "cluster" on an existing cluster (messages name the cluster)
WATCH_DEMAND_ENV = "DOCCODE_WATCH_DEMAND"
#: set where the file's own ray.init(...) decided the instance's shape (hints say so)
SHAPED_BY_FILE_ENV = "DOCCODE_SHAPED_BY_FILE"


def message(event: Event, **fields: Any) -> dict[str, Any]:
    """A message named ``event`` with ``fields``, ready for :func:`send`."""
    return {"event": event.value, **fields}


def event_of(message: Mapping[str, Any]) -> Event | None:
    """The name of ``message``; None when it names no message of this protocol."""
    try:
        return Event(message.get("event"))
    except (ValueError, TypeError):
        return None


def send(fd: int, message: dict[str, Any]) -> None:
    data = (_encode(message) + "\n").encode()
    with _send_lock:
        while data:
            written = _write(fd, data)
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
            if len(self._buffer) > MAX_MESSAGE:
                self._buffer = b""
                self.closed = True  # the rest of the stream cannot be trusted
                return _undecodable(f"a message longer than {MAX_MESSAGE} bytes")
            wait = None if deadline is None else max(0.0, deadline - _monotonic())
            ready, _, _ = _select([self.fd], [], [], wait)
            if not ready:
                return None
            chunk = _read(self.fd, 65536)
            if not chunk:
                self.closed = True
                if self._buffer:  # the writer died in the middle of a message
                    self._buffer = b""
                    return _undecodable("the stream ended in the middle of a message")
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        if len(line) > MAX_MESSAGE:
            return _undecodable(f"a message of {len(line)} bytes, over {MAX_MESSAGE}")
        try:
            message = _decode(line.decode("utf-8"))
        except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError
            return _undecodable(f"{exc}; the line began with {line[:80]!r}")
        if not isinstance(message, dict):
            return _undecodable(f"not a JSON object: {line[:80]!r}")
        return message


def _undecodable(detail: str) -> dict[str, Any]:
    return message(Event.UNDECODABLE, detail=detail)
