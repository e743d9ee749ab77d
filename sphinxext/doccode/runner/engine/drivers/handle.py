"""The engine's handle on one warm driver process (which runs ``runner/driver/main.py``)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinxext.doccode.runner import protocol
from sphinxext.doccode.runner.engine import processes
from sphinxext.doccode.runner.engine.drivers.output_log import BoundedLog
from sphinxext.doccode.runner.engine.options import FileRequest

#: seconds a fresh driver may take to import Ray and say it is ready
STARTUP_TIMEOUT = 120.0
#: how often a running file's instance is checked (seconds)
HEALTH_EVERY = 2.0
#: after the demand watcher gave up on an example, how long a result may still take
UNSCHEDULABLE_GRACE = 1.0


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


class DriverProcess:
    def __init__(self, env: Mapping[str, str], log_path: Path) -> None:
        request_read, self._request_write = os.pipe()
        self._message_read, message_write = os.pipe()
        self.log_path = log_path
        output_read, output_write = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sphinxext.doccode.runner.driver.main",
             str(request_read), str(message_write)],
            pass_fds=(request_read, message_write),
            stdin=subprocess.DEVNULL,
            stdout=output_write,
            stderr=output_write,
            env=dict(env),
            start_new_session=True,  # Ctrl-C reaches the engine, which stops us by PID
        )
        os.close(request_read)
        os.close(message_write)
        os.close(output_write)
        self._log = BoundedLog(output_read, log_path)
        self._reader = protocol.MessageReader(self._message_read)
        self._ready = False
        self.files_run = 0
        self._hung_up = False

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def wait_ready(self, timeout: float = STARTUP_TIMEOUT) -> DriverReply | None:
        """None when ready; a reply describing the failure otherwise."""
        if self._ready:
            return None
        message = self._reader.read(time.monotonic() + timeout)
        if message is not None and message.get("event") == "ready":
            self._ready = True
            return None
        return self._failure(timed_out=message is None and self.alive(), step=None)

    def run(self, request: FileRequest, timeout: float, address: str,
            instance_alive: Callable[[], bool] = lambda: True,
            instance_for: Callable[[dict[str, Any]], dict[str, str]] | None = None,
            *, watch_crowded: bool = False) -> DriverReply:
        """Run one file; ``instance_alive`` is polled so a file whose Ray instance died
        under it is stopped at once (kind "died") instead of hanging until its timeout.
        ``instance_for`` answers a ``ray.init`` shape the file asks for while it runs
        (``{"address": ...}`` or ``{"error": ...}``). ``watch_crowded``: stop the file
        (kind "crowded") when it waits for resources other files' actors hold."""
        failure = self.wait_ready()
        if failure is not None:
            return failure
        deadline = time.monotonic() + timeout
        self.files_run += 1
        try:
            protocol.send(self._request_write, {
                "address": address,
                "path": str(request.path),
                "display_path": request.display_path,
                "stop_after": request.stop_after,
                "rewrite_asserts": request.rewrite_asserts,
                "regions": [list(region) for region in request.regions],
                "inline": [block.to_dict() for block in request.inline or ()],
                "watch_crowded": watch_crowded,
            })
        except OSError:
            return self._failure(timed_out=False, step=None)
        step: tuple[int, int] | None = None
        unschedulable = ""
        where: tuple[int, ...] = ()
        teardown: dict[str, Any] | None = None
        while True:
            message = self._reader.read(min(deadline, time.monotonic() + HEALTH_EVERY))
            if message is None and not self._reader.closed and time.monotonic() < deadline:
                if instance_alive():
                    continue
                self.kill()
            if message is None:
                reply = self._failure(timed_out=self.alive() and not self._reader.closed,
                                      step=step)
                if unschedulable and reply.kind == "timeout":
                    reply.kind, reply.unschedulable = "unschedulable", unschedulable
                reply.where = where
                reply.teardown_result = teardown
                return reply
            if message.get("event") == protocol.UNDECODABLE:
                self.kill()  # what else it sends cannot be trusted either
                reply = self._failure(timed_out=False, step=step)
                reply.protocol_error, reply.where = str(message["detail"]), where
                return reply
            if message.get("event") == "teardown":
                teardown = message["result"]
            elif message.get("event") == "step":
                step = (int(message["first"]), int(message["last"]))
                where = ()
            elif message.get("event") == "where":
                where = tuple(int(line) for line in message["lines"])
            elif message.get("event") == "unschedulable":
                # ray.get cannot be interrupted: stop the driver (and so its job).
                unschedulable = str(message["message"])
                deadline = min(deadline, time.monotonic() + UNSCHEDULABLE_GRACE)
            elif message.get("event") == "crowded":
                # It waits for other files' actors, which may wait for it: stop it
                # now (and so its job and actors); the engine runs it again alone.
                self.kill()
                return DriverReply("crowded", unschedulable=str(message["message"]),
                                   running_step=step, where=where)
            elif message.get("event") == "instance":
                answer = instance_for(message["shape"]) if instance_for else {}
                with contextlib.suppress(OSError):  # a dead driver: the next read says so
                    protocol.send(self._request_write, answer)
            elif message.get("event") == "result":
                return DriverReply("result", message=message, running_step=step)

    def _failure(self, *, timed_out: bool, step: tuple[int, int] | None) -> DriverReply:
        if timed_out:
            self.kill()
            return DriverReply("timeout", running_step=step, log_tail=self.log_tail())
        try:
            status = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            status = self.process.returncode
        return DriverReply("died", running_step=step, exit_status=status,
                           log_tail=self.log_tail())

    def kill(self) -> None:
        """Stop the driver (and so its Ray job) and anything it spawned, by PID."""
        if self.process.poll() is None:
            processes.kill_tree(self.process.pid)
        self.process.wait()

    def hang_up(self) -> None:
        """EOF on the driver's request pipe: it ends its Ray job and exits on its own."""
        if self._hung_up:
            return
        self._hung_up = True
        for fd in (self._request_write, self._message_read):
            with contextlib.suppress(OSError):
                os.close(fd)

    def close(self, grace: float = 5.0) -> None:
        """Let the driver exit on its own (:meth:`hang_up`), then make sure."""
        self.hang_up()
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            processes.kill_tree(self.process.pid, grace=1.0)
            self.process.wait()

    def log_tail(self, chars: int = 3000) -> str:
        return self._log.tail(chars, wait=0.0 if self.alive() else 1.0)


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
