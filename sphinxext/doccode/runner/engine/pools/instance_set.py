"""The run's Ray instances beyond the default one: one per cluster shape examples ask for.

A file whose ``ray.init(num_cpus=2, num_gpus=2)`` asks for a cluster shape runs
on a private instance of exactly that shape, with warm drivers of its own
(``ShapedPool``), reused by later files asking the same.

The shapes that files ask for in their source are known before they run
(``sources/initshape.py``). Those instances start ahead, in the background,
at the same time as the default instance (a start mostly waits for Ray's
processes to come up, so starts overlap well on a few cores). A file waits for its
instance without holding a driver slot (``ready``), and an instance stops as
soon as the last file that asked for it is done. A shape asked for only at
run time starts when asked. At most ``MAX_SHAPED_INSTANCES`` stay up at once:
starting one more stops the least recently used idle one. In ``"alone"``
isolation every file gets its own process and instance instead (``per_file.py``).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Protocol

from sphinxext.doccode.runner.engine.drivers.handle import DriverProcess
from sphinxext.doccode.runner.engine.instances.ray_instance import ClusterStartError, new_token
from sphinxext.doccode.runner.engine.options import RunOptions
from sphinxext.doccode.runner.engine.pools.per_file import AlonePool
from sphinxext.doccode.runner.engine.pools.redirects import Redirects
from sphinxext.doccode.runner.engine.pools.shaped import ShapedPool, shape_key
from sphinxext.doccode.runner.engine.pools.warm import DriverPool
from sphinxext.doccode.runner.engine.processes import close_all
from sphinxext.doccode.sources.initshape import ClusterShape

#: shaped instances kept up at once (more only while more files run at once)
MAX_SHAPED_INSTANCES = 2


class FilePool(Protocol):
    """What the engine needs of a pool to run one file (``DriverPool`` is one)."""

    generation: int

    def acquire(self, *, fresh: bool = False,
                env: Mapping[str, str] | None = None) -> tuple[int, DriverProcess, str]: ...

    def release(self, generation: int, driver: DriverProcess, *, reusable: bool) -> None: ...

    def instance_alive(self) -> bool: ...

    def restart_instance(self) -> None: ...

    def abort_busy(self) -> None: ...

    def close(self) -> None: ...


class InstanceSet:
    """Picks the pool a file runs in, and owns every pool but the default one."""

    def __init__(self, default: DriverPool, options: RunOptions, run_id: str,
                 log_dir: Path) -> None:
        self.default = default
        self.options = options
        self.run_id = run_id
        self.log_dir = log_dir
        # The token the default pool's drivers carry, so they can move to a shaped instance.
        self.token = default.driver_env().get("RAY_AUTH_TOKEN") or new_token()
        self.alone = AlonePool(options, run_id, log_dir) if options.isolation == "alone" else None
        self._shaped: OrderedDict[str, ShapedPool] = OrderedDict()
        self._leases: dict[str, int] = {}
        #: files not yet done that asked for each shape in their source
        self._expected: dict[str, int] = {}
        self._lock = threading.Condition()  # notified when a shaped instance stops
        self._background: list[threading.Thread] = []
        self._closed = False
        #: shaped instances started in this run (for the summary and tests)
        self.shapes_started = 0
        self._every_shaped: list[ShapedPool] = []  # stopped ones too, for their start time
        self.lean = False  # the shaped pools' ``DriverPool.lean``

    @property
    def started(self) -> bool:
        """Whether any pool of this set started or connected to Ray."""
        pools: list[FilePool] = [*self._shaped.values(), *([self.alone] if self.alone else [])]
        return any(pool.generation > 0 for pool in pools) or self.shapes_started > 0

    def longest_shaped_start_s(self) -> float:
        """The longest any shaped instance of this run took to start (0: none did)."""
        with self._lock:
            return max((pool.start_seconds for pool in self._every_shaped), default=0.0)

    def forget_starts(self) -> None:
        """A new run begins: the shaped instances started so far are not its own."""
        with self._lock:
            self._every_shaped = []

    def prepare(self, shapes: Sequence[ClusterShape | None], *, ahead: bool = True) -> None:
        """Start, in the background, the instances the pending files' ``shapes``
        need (None: the default instance), all at once (``MAX_SHAPED_INSTANCES``
        shaped ones up at a time). Without ``ahead``, only the default one starts
        now; the others start when their first file asks (one instance at a
        time: ``runner/engine/schedule/instance_groups.py``)."""
        if self.alone is not None:
            return
        keyed = [(self.key(shape), shape) for shape in shapes]
        to_start: dict[str, ClusterShape] = {}
        with self._lock:
            for key, shape in keyed:
                if key is not None and shape is not None:
                    self._expected[key] = self._expected.get(key, 0) + 1
                    to_start.setdefault(key, shape)
        if any(key is None for key, _ in keyed):
            self._in_background(self._start_default_ahead)
        for key, shape in to_start.items() if ahead else ():  # all at once: a start waits
            self._in_background(functools.partial(self._start_shape_ahead, key, shape))

    def ready(self, shape: ClusterShape | None) -> bool:
        """Whether a file asking ``shape`` can start without waiting for an instance
        (the default instance never holds a file back: its drivers import Ray while
        it starts)."""
        key = self.key(shape)
        if key is None or self.alone is not None:
            return True
        with self._lock:
            pool = self._shaped.get(key)
            return self._expected.get(key, 0) == 0 or (pool is not None and pool.started)

    def finished(self, shape: ClusterShape | None) -> None:
        """A file asking ``shape`` in its source is done: stop that instance when no
        other file needs it."""
        key = self.key(shape)
        if key is None or self.alone is not None:
            return
        with self._lock:
            left = self._expected.get(key, 0) - 1
            self._expected[key] = max(0, left)
            pool = self._shaped.get(key)
            if left > 0 or pool is None or self._leases.get(key, 0) > 0:
                return
            del self._shaped[key]
            self._lock.notify_all()
        self._in_background(pool.close)

    def key(self, shape: ClusterShape | None) -> str | None:
        """The instance a file asking ``shape`` runs on (None: the default one)."""
        return None if shape is None else shape_key(shape, self.options)

    def _start_default_ahead(self) -> None:
        with suppress(ClusterStartError, RuntimeError):  # each file reports it
            self.default.ensure_instance()

    def _start_shape_ahead(self, key: str, shape: ClusterShape) -> None:
        with self._lock:
            while not self._closed and key not in self._shaped \
                    and self._ahead_busy() >= MAX_SHAPED_INSTANCES:
                self._lock.wait()
            if self._closed or self._expected.get(key, 0) == 0:
                return
            pool = self._pool_for(key, shape)
        if not pool.started:
            pool.start_driver_ahead()  # it imports Ray while the instance starts
        with suppress(ClusterStartError, RuntimeError):
            pool.ensure_instance()

    def _ahead_busy(self) -> int:
        """Shaped instances up for files still to run (under the lock); one asked for
        only at run time does not count: nothing tells when it is done."""
        return sum(1 for key in self._shaped if self._expected.get(key, 0) > 0)

    def _in_background(self, work: Callable[[], None]) -> None:
        thread = threading.Thread(target=work, name="doccode-instances", daemon=True)
        with self._lock:
            self._background.append(thread)
        thread.start()

    @contextmanager
    def lease(self, shape: ClusterShape | None) -> Iterator[FilePool]:
        """The pool for a file asking ``shape`` (None: no shape), kept up while in use."""
        if self.alone is not None:
            yield self.alone
            return
        key = None if shape is None else shape_key(shape, self.options)
        if shape is None or key is None:
            yield self.default
            return
        with self.shaped_lease(key, shape) as pool, pool.one_file:
            yield pool

    @contextmanager
    def redirects(self, shape: ClusterShape | None, address: str,
                  timeout: float) -> Iterator[Redirects]:
        """Answers for the shapes a file asks for while it runs (on ``address``);
        ``timeout``: how long it may wait for an instance of another shape."""
        redirects = Redirects(self, shape, address, timeout)
        with redirects.stack:
            yield redirects

    @contextmanager
    def shaped_lease(self, key: str, shape: ClusterShape) -> Iterator[ShapedPool]:
        """The pool of ``key``, made if need be (it starts on first use), kept up while
        in use."""
        pool, evicted = self._take(key, shape)
        for old in evicted:
            old.close()
        try:
            yield pool
        finally:
            with self._lock:
                self._leases[key] -= 1
                stop = (self._leases[key] == 0 and key in self._expected
                        and self._expected[key] == 0 and self._shaped.get(key) is pool)
                if stop:  # asked for at run time after its source files were done
                    del self._shaped[key]
                    self._lock.notify_all()
            if stop:
                self._in_background(pool.close)

    def _take(self, key: str, shape: ClusterShape) -> tuple[ShapedPool, list[ShapedPool]]:
        with self._lock:
            pool = self._pool_for(key, shape)
            self._shaped.move_to_end(key)
            self._leases[key] = self._leases.get(key, 0) + 1
            evicted = []
            for old_key in list(self._shaped):
                if len(self._shaped) <= MAX_SHAPED_INSTANCES:
                    break
                if self._leases.get(old_key, 0) == 0 and self._expected.get(old_key, 0) == 0:
                    evicted.append(self._shaped.pop(old_key))
            return pool, evicted

    def _pool_for(self, key: str, shape: ClusterShape) -> ShapedPool:
        """The pool of ``key``, made (not started) if there is none; under the lock."""
        if self._closed:
            raise RuntimeError("the engine is closed")
        pool = self._shaped.get(key)
        if pool is None:
            self.shapes_started += 1
            sub_id = f"{self.run_id}-shape{self.shapes_started}"
            log_dir = self.log_dir / f"shape{self.shapes_started}"  # its own driver-N.log
            log_dir.mkdir(parents=True, exist_ok=True)
            pool = ShapedPool(self.options, sub_id, log_dir, shape, self.token)
            pool.lean = self.lean
            self._shaped[key] = pool
            self._every_shaped.append(pool)
        return pool

    def abort_busy(self) -> None:
        with self._lock:
            pools: list[FilePool] = list(self._shaped.values())
        if self.alone is not None:
            pools.append(self.alone)
        for pool in pools:
            pool.abort_busy()

    def close(self) -> None:
        """Stop every shaped instance and its drivers, and every alone file's processes."""
        with self._lock:
            self._closed = True
            pools: list[FilePool] = list(self._shaped.values())
            self._shaped.clear()
            self._lock.notify_all()
        if self.alone is not None:
            pools.append(self.alone)
        close_all([pool.close for pool in pools])
        with self._lock:
            background = list(self._background)
        for thread in background:  # a start ahead ends once it sees the engine closed
            thread.join()
