"""Turns for running files: many at once, or one ``exclusive`` file by itself, never both.

A shared/exclusive lock that prefers the exclusive side: once a file waits to
run by itself, no new file starts until it has had its turn.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Turns:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._running = 0
        self._exclusive = False
        self._waiting_exclusive = 0

    @contextmanager
    def take(self, *, exclusive: bool) -> Iterator[None]:
        with self._cond:
            if exclusive:
                self._waiting_exclusive += 1
                self._cond.wait_for(lambda: self._running == 0 and not self._exclusive)
                self._waiting_exclusive -= 1
                self._exclusive = True
            else:
                self._cond.wait_for(lambda: not self._exclusive and not self._waiting_exclusive)
                self._running += 1
        try:
            yield
        finally:
            with self._cond:
                if exclusive:
                    self._exclusive = False
                else:
                    self._running -= 1
                self._cond.notify_all()
