"""How one request to a driver ended, as the engine saw it: a result, or why there is none."""

from __future__ import annotations

import signal
from dataclasses import dataclass
from typing import Any


@dataclass
class DriverReply:
    """How a request ended: a result, a timeout, or a dead driver."""

    kind: str  # "result" | "timeout" | "died" | "unschedulable" | "crowded"
    message: dict[str, Any] | None = None
    unschedulable: str = ""  # why the demand watcher gave up on the file (or crowded it out)
    running_step: tuple[int, int] | None = None
    where: tuple[int, ...] = ()  # (top-level line, innermost line) last seen running
    exit_status: int | None = None
    log_tail: str = ""
    #: the file's result, when the driver died while tearing down what the file created
    teardown_result: dict[str, Any] | None = None
    protocol_error: str = ""  # the driver sent something that is not a message
    #: where the stopped unit was stuck and what its job waited for (``forensics.py``)
    forensics: dict[str, Any] | None = None


def describe_exit(status: int | None) -> str:
    if status is None:
        return "the driver process disappeared"
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = f"signal {-status}"
        return f"the driver process was killed by {name} (exit status {status})"
    return f"the driver process exited with status {status}"
