"""The pytest session's share of doccode: options, and one engine started on first use.

Importing the runner (and with it Ray) is deferred until a doc_code item runs,
so the plugin costs nothing in test sessions that never use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sphinxext.doccode.paths import CACHE_DIR_NAME
from sphinxext.doccode.pytest_plugin.command_line import parsed

if TYPE_CHECKING:
    from sphinxext.doccode.results import FileResult
    from sphinxext.doccode.runner import AnyUnit, Engine, RunOptions
    from sphinxext.doccode.runner.engine.stats import RunStats


@dataclass
class DoccodeSession:
    """Run options plus the session's engine (one Ray instance for every file)."""

    options: RunOptions
    roots: list[Path]
    results: list[FileResult] = field(default_factory=list)
    stats: RunStats | None = None  # the engine's, kept after it closed
    _engine: Engine | None = field(default=None, repr=False)

    def run(self, request: AnyUnit) -> FileResult:
        if self._engine is None:
            from sphinxext.doccode.runner import Engine

            self._engine = Engine(self.options)
            self.stats = self._engine.stats
        [result] = self._engine.run([request])
        self.results.append(result)
        return result

    def summary(self) -> str | None:
        """One line for the end of the session: files run, time, cache use."""
        if not self.results:
            return None
        cached = sum(result.cached for result in self.results)
        seconds = sum(result.duration_s for result in self.results if not result.cached)
        from_cache = f", {cached} from the result cache" if cached else ""
        pages = sum(result.kind == "page" for result in self.results)  # inline blocks
        units = f"{len(self.results) - pages} doc_code file(s)" + (
            f" and {pages} page(s)" if pages else "")
        line = f"{units}, {seconds:.1f} s of running{from_cache}"
        # why each unit that had a cached result, or was selected, ran (issue 24)
        line += "".join(f"\nre-run: {result.path}: {result.rerun_reason}"
                        for result in self.results if result.rerun_reason)
        if self.stats is not None:
            from sphinxext.doccode.runner.engine.summary import bound_line

            bound = bound_line(self.stats, self.results)
            line += f"\n{bound}" if bound else ""
        return line

    def close(self) -> None:
        engine, self._engine = self._engine, None
        if engine is not None:
            engine.close()


SESSION_KEY = pytest.StashKey[DoccodeSession]()


def options_from_config(config: pytest.Config) -> RunOptions:
    """The engine's options from the command line and the ini file (``options.py``)."""
    from sphinxext.doccode.pytest_plugin.rules_from_conf import rules_from_conf
    from sphinxext.doccode.runner import RunOptions

    cache_mode = parsed(config, "doccode_cache")
    cache_dir_text = parsed(config, "doccode_cache_dir")
    cache_dir = Path(cache_dir_text) if cache_dir_text else config.rootpath / CACHE_DIR_NAME
    resources = parsed(config, "doccode_ray_resources")
    kwargs = {"ray_resources": resources} if resources else {}
    return RunOptions(
        rules=rules_from_conf(parsed(config, "doccode_conf"), config.rootpath),
        tags=tuple(parsed(config, "doccode_tags")),
        skip_tags=tuple(parsed(config, "doccode_skip_tags")),
        ray_address=parsed(config, "doccode_ray_address"),
        isolation=parsed(config, "doccode_isolation"),
        timeout=float(parsed(config, "doccode_timeout")),
        cache_mode=cache_mode,
        cache_dir=None if cache_mode == "off" else cache_dir,
        select=parsed(config, "doccode_select"),
        changed_since=parsed(config, "doccode_changed_since"),
        **kwargs,
    )
