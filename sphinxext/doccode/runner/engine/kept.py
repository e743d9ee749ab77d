"""One engine kept across builds, so its instance and drivers stay warm (watch mode).

Builds open their engine with :func:`engine_for`. Outside :func:`keep_engine`
that is a new :class:`Engine`, stopped when the build ends. Inside it (the
``watch`` command), every build gets the same engine while its options stay the
same; a change of options (``conf.py`` edited) replaces it. The kept engine is
stopped, with every process it started, when ``keep_engine`` ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sphinxext.doccode.runner.engine.engine import Engine, Progress
from sphinxext.doccode.runner.engine.options import RunOptions


class EngineKeeper:
    """Holds at most one engine and hands it out for as long as its options match."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.engines_started = 0

    def engine_for(self, options: RunOptions) -> Engine:
        if self.engine is not None and self.engine.options != options:
            self.close()  # other settings (conf.py changed): other instance and drivers
        if self.engine is None:
            self.engine = Engine(options)
            self.engines_started += 1
            self.engine.warm_up()
        return self.engine

    def after_run(self) -> None:
        """Drop an engine whose instance failed to start, so the next build tries again."""
        if self.engine is not None and self.engine.instance_failed:
            self.close()

    def close(self) -> None:
        engine, self.engine = self.engine, None
        if engine is not None:
            engine.close()


_keeper: EngineKeeper | None = None


@contextmanager
def keep_engine() -> Iterator[EngineKeeper]:
    """Within this block, builds share one warm engine; it is stopped at the end."""
    global _keeper
    if _keeper is not None:
        raise RuntimeError("keep_engine() is already active")
    _keeper = keeper = EngineKeeper()
    try:
        yield keeper
    finally:
        _keeper = None
        keeper.close()


@contextmanager
def engine_for(options: RunOptions, progress: Progress | None = None) -> Iterator[Engine]:
    """The engine one build runs its files on: the kept one, or a new one for this build."""
    keeper = _keeper
    if keeper is None:
        with Engine(options, progress=progress) as engine:
            yield engine
        return
    engine = keeper.engine_for(options)
    engine.new_run()
    engine.progress = progress
    try:
        yield engine
    finally:
        engine.progress = None
        keeper.after_run()
