"""The engine's handle on one warm driver process (which runs ``runner/driver/main.py``)."""

from __future__ import annotations

import contextlib
import os
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
from sphinxext.doccode.runner.engine.drivers.reply import DriverReply
from sphinxext.doccode.runner.protocol import Event

#: seconds a fresh driver may take to import Ray and say it is ready
STARTUP_TIMEOUT = 120.0
#: how often a running file's instance is checked (seconds)
HEALTH_EVERY = 2.0
#: after the demand watcher gave up on an example, how long a result may still take
UNSCHEDULABLE_GRACE = 1.0
#: how long a driver may take to answer for its forensics before it is stopped anyway
FORENSICS_WAIT = 2.0


@dataclass
class _Seen:
    """What the engine learnt of a running file from its driver's messages so far."""

    deadline: float  # monotonic; an unschedulable file's is brought forward
    step: tuple[int, int] | None = None
    where: tuple[int, ...] = ()
    unschedulable: str = ""
    teardown: dict[str, Any] | None = None


def _fields(value: object) -> dict[str, Any]:
    """A message's field that must be a JSON object."""
    if not isinstance(value, dict):
        raise TypeError(f"{type(value).__name__} where an object belongs")
    return value


class DriverProcess:
    def __init__(self, env: Mapping[str, str], log_path: Path) -> None:
        request_read, self._request_write = os.pipe()
        self._message_read, message_write = os.pipe()
        self.log_path = log_path
        output_read, output_write = os.pipe()
        ask_read, self._ask_write = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sphinxext.doccode.runner.driver.main",
             str(request_read), str(message_write), str(ask_read)],
            pass_fds=(request_read, message_write, ask_read),
            stdin=subprocess.DEVNULL,
            stdout=output_write,
            stderr=output_write,
            env=dict(env),
            start_new_session=True,  # Ctrl-C reaches the engine, which stops us by PID
        )
        os.close(request_read)
        os.close(message_write)
        os.close(ask_read)
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
        if message is not None and protocol.event_of(message) is Event.READY:
            self._ready = True
            return None
        return self._failure(timed_out=message is None and self.alive(), step=None)

    def run(self, request: Mapping[str, Any], timeout: float, address: str,
            instance_alive: Callable[[], bool] = lambda: True,
            instance_for: Callable[[dict[str, Any]], dict[str, str]] | None = None,
            *, watch_crowded: bool = False) -> DriverReply:
        """Run one unit (``request``: its fields, see ``units/``); ``instance_alive`` is
        polled so a file whose Ray instance died under it is stopped at once (kind
        "died") instead of hanging until its timeout.
        ``instance_for`` answers a ``ray.init`` shape the file asks for while it runs
        (``{"address": ...}`` or ``{"error": ...}``). ``watch_crowded``: stop the file
        (kind "crowded") when it waits for resources other files' actors hold."""
        failure = self.wait_ready()
        if failure is not None:
            return failure
        deadline = time.monotonic() + timeout
        self.files_run += 1
        try:
            protocol.send(self._request_write, {**request, "address": address,
                                                "watch_crowded": watch_crowded})
        except OSError:
            return self._failure(timed_out=False, step=None)
        seen = _Seen(deadline)
        while True:
            message = self._reader.read(min(seen.deadline, time.monotonic() + HEALTH_EVERY))
            if message is None and not self._reader.closed and time.monotonic() < seen.deadline:
                if instance_alive():
                    continue
                self.kill()
            if message is None:
                timed_out = self.alive() and not self._reader.closed
                found = self.forensics() if timed_out else None
                reply = self._failure(timed_out=timed_out, step=seen.step)
                reply.forensics = found
                if seen.unschedulable and reply.kind == "timeout":
                    reply.kind, reply.unschedulable = "unschedulable", seen.unschedulable
                reply.where = seen.where
                reply.teardown_result = seen.teardown
                return reply
            try:
                answer = self._take(message, seen, instance_for)
            except (KeyError, TypeError, ValueError) as exc:
                answer = self._not_a_message(
                    f"a {message.get('event')!r} message without its fields ({exc!r})", seen)
            if answer is not None:
                return answer

    def _take(self, message: dict[str, Any], seen: _Seen,
              instance_for: Callable[[dict[str, Any]], dict[str, str]] | None,
              ) -> DriverReply | None:
        """Take in one message of a running file: the reply when it ends the file."""
        event = protocol.event_of(message)
        if event is None:
            return self._not_a_message(
                f"a message named {message.get('event')!r}, which this engine does not know "
                "(is the driver of another sphinxext-doccode version?)", seen)
        if event is Event.UNDECODABLE:
            return self._not_a_message(str(message.get("detail")), seen)
        if event is Event.TEARDOWN:
            seen.teardown = _fields(message["result"])
        elif event is Event.STEP:
            seen.step = (int(message["first"]), int(message["last"]))
            seen.where = ()
        elif event is Event.WHERE:
            seen.where = tuple(int(line) for line in message["lines"])
        elif event is Event.UNSCHEDULABLE:
            # ray.get cannot be interrupted: stop the driver (and so its job).
            seen.unschedulable = str(message["message"])
            seen.deadline = min(seen.deadline, time.monotonic() + UNSCHEDULABLE_GRACE)
        elif event is Event.CROWDED:
            # It waits for other files' actors, which may wait for it: stop it
            # now (and so its job and actors); the engine runs it again by itself.
            self.kill()
            return DriverReply("crowded", unschedulable=str(message["message"]),
                               running_step=seen.step, where=seen.where)
        elif event is Event.FORENSICS:
            pass  # an answer that came too late to be waited for
        elif event is Event.INSTANCE:
            answer = instance_for(_fields(message["shape"])) if instance_for else {}
            with contextlib.suppress(OSError):  # a dead driver: the next read says so
                protocol.send(self._request_write, answer)
        elif event is Event.RESULT:
            _fields(message["result"])
            return DriverReply("result", message=message, running_step=seen.step)
        else:  # READY: sent once, before any request
            return self._not_a_message(f"a {event.value!r} message while a file ran", seen)
        return None

    def forensics(self, wait: float = FORENSICS_WAIT) -> dict[str, Any] | None:
        """Ask the driver where its unit is stuck and what its job waits for (before it
        is stopped); None when no answer comes within ``wait`` seconds."""
        try:
            os.write(self._ask_write, b"?")
        except OSError:
            return None
        deadline = time.monotonic() + wait
        while (message := self._reader.read(deadline)) is not None:
            if protocol.event_of(message) is Event.FORENSICS and isinstance(
                    message.get("forensics"), dict):
                return dict(message["forensics"])
        return None  # what else came in the meantime does not matter: it is stopped

    def _not_a_message(self, detail: str, seen: _Seen) -> DriverReply:
        """The driver sent what is not a message of this file: what else it sends cannot be
        trusted either, so it is stopped, and the file gets the error."""
        self.kill()
        reply = self._failure(timed_out=False, step=seen.step)
        reply.protocol_error, reply.where = detail, seen.where
        return reply

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
        for fd in (self._request_write, self._message_read, self._ask_write):
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
