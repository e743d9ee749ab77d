"""The run's Ray instances beyond the default one: one per cluster shape examples ask for.

A file whose ``ray.init(num_cpus=2, num_gpus=2)`` asks for a cluster shape runs
on a private instance of exactly that shape, with warm drivers of its own
(``ShapedPool``), started the first time a file asks for it and reused by
later files asking the same. At most ``MAX_SHAPED_INSTANCES`` stay up at once:
starting one more stops the least recently used idle one. In ``"alone"``
isolation every file gets its own process and instance instead (``alone.py``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, Protocol

from sphinxext.doccode.runner.alone import AlonePool
from sphinxext.doccode.runner.cluster import ClusterStartError, new_token
from sphinxext.doccode.runner.driver_process import DriverProcess
from sphinxext.doccode.runner.options import RunOptions
from sphinxext.doccode.runner.pool import DriverPool
from sphinxext.doccode.runner.shaped_pool import ShapedPool, shape_key
from sphinxext.doccode.sources.initshape import ClusterShape, shape_from_dict

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
        self._lock = threading.Lock()
        self._closed = False
        #: shaped instances started in this run (for the summary and tests)
        self.shapes_started = 0

    @property
    def started(self) -> bool:
        """Whether any pool of this set started or connected to Ray."""
        pools: list[FilePool] = [*self._shaped.values(), *([self.alone] if self.alone else [])]
        return any(pool.generation > 0 for pool in pools) or self.shapes_started > 0

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
        with self._shaped_lease(key, shape) as pool, pool.one_file:
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
    def _shaped_lease(self, key: str, shape: ClusterShape) -> Iterator[ShapedPool]:
        pool, evicted = self._take(key, shape)
        for old in evicted:
            old.close()
        try:
            yield pool
        finally:
            with self._lock:
                self._leases[key] -= 1

    def _take(self, key: str, shape: ClusterShape) -> tuple[ShapedPool, list[ShapedPool]]:
        with self._lock:
            if self._closed:
                raise RuntimeError("the engine is closed")
            pool = self._shaped.get(key)
            if pool is None:
                self.shapes_started += 1
                sub_id = f"{self.run_id}-shape{self.shapes_started}"
                log_dir = self.log_dir / f"shape{self.shapes_started}"  # its own driver-N.log
                log_dir.mkdir(parents=True, exist_ok=True)
                pool = ShapedPool(self.options, sub_id, log_dir, shape, self.token)
                self._shaped[key] = pool
            self._shaped.move_to_end(key)
            self._leases[key] = self._leases.get(key, 0) + 1
            evicted = []
            for old_key in list(self._shaped):
                if len(self._shaped) <= MAX_SHAPED_INSTANCES:
                    break
                if self._leases.get(old_key, 0) == 0:
                    evicted.append(self._shaped.pop(old_key))
            return pool, evicted

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
        if self.alone is not None:
            pools.append(self.alone)
        close_all([pool.close for pool in pools])


def close_all(closers: Sequence[Callable[[], None]]) -> None:
    """Call ``closers`` at the same time: each pool stops its own instance, and Ray's
    shutdown of one does not wait for another's."""
    threads = [threading.Thread(target=close, name="doccode-close") for close in closers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


class Redirects:
    """What one running file's ``ray.init`` shapes connect to; their pools stay leased
    until the file ends. ``switched``: the file's job moved to another instance."""

    def __init__(self, instances: InstanceSet, shape: ClusterShape | None, address: str,
                 timeout: float) -> None:
        self.instances = instances
        self.timeout = timeout
        self.current = None if shape is None else shape_key(shape, instances.options)
        self.address = address
        self.stack = ExitStack()
        self.switched = False

    def __call__(self, asked: Mapping[str, Any]) -> dict[str, str]:
        try:
            shape = shape_from_dict(asked)
        except ValueError as exc:
            return {"error": f"ray.init: {exc}"}
        key = None if shape is None else shape_key(shape, self.instances.options)
        if key == self.current:
            return {"address": self.address}
        try:
            if key is None or shape is None:
                pool: DriverPool = self.instances.default
            else:
                shaped = self.stack.enter_context(self.instances._shaped_lease(key, shape))
                # A timeout, not a wait forever: the file holding it may be waiting for us.
                if not shaped.one_file.acquire(timeout=self.timeout):
                    return {"error": f"the Ray instance with {shape.describe()} stayed busy "
                                     f"with another file for {self.timeout:g} s"}
                self.stack.callback(shaped.one_file.release)
                pool = shaped
            address = pool.ensure_instance().address
        except (ClusterStartError, RuntimeError) as exc:
            what = shape.describe() if shape is not None else "the default shape"
            return {"error": f"could not start a Ray instance with {what}: {exc}"}
        self.current, self.address, self.switched = key, address, True
        return {"address": address}
