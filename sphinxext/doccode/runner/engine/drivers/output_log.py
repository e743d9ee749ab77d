"""A driver's stdout and stderr, bounded: the head in its log file, the tail in memory.

What an example writes past Python's ``sys.stdout`` (its ``sys.stderr``, a
subprocess, C code) reaches the driver's log. An example printing 50 MB must
not cost 50 MB of disk or memory, so only the first :data:`HEAD_BYTES` go to
the file and the last :data:`TAIL_BYTES` are kept for error messages.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

from sphinxext.doccode.outputcap import cut_note

HEAD_BYTES = 1 << 20
TAIL_BYTES = 64 << 10


class BoundedLog:
    """Drains ``fd`` (the read end of the driver's output pipe) on a daemon thread."""

    def __init__(self, fd: int, path: Path) -> None:
        self.fd = fd
        self.path = path
        self._written = 0
        self._tail = bytearray()
        self._cut = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._drain, name="doccode-driver-log",
                                        daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        with open(self.path, "ab") as log:
            while True:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                with self._lock:
                    room = max(0, HEAD_BYTES - self._written)
                    if room:
                        log.write(chunk[:room])
                        log.flush()
                        self._written += min(room, len(chunk))
                    self._tail += chunk
                    if len(self._tail) > TAIL_BYTES:
                        excess = len(self._tail) - TAIL_BYTES
                        del self._tail[:excess]
                        self._cut += excess
            if self._cut:
                log.write(f"\n{cut_note(self._cut, 'bytes')}\n".encode() + bytes(self._tail))
        with contextlib.suppress(OSError):
            os.close(self.fd)

    def tail(self, chars: int, wait: float = 0.0) -> str:
        """The last ``chars`` characters written; ``wait``: seconds to let the pipe drain."""
        if wait:
            self._thread.join(timeout=wait)
        with self._lock:
            return bytes(self._tail).decode(errors="replace")[-chars:]
