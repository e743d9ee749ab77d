"""The pytest session's share of doccode: options, and one engine started on first use.

Importing the runner (and with it Ray) is deferred until a doc_code item runs,
so the plugin costs nothing in test sessions that never use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

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


def _setting(config: pytest.Config, name: str) -> str | None:
    """Command-line value if given, else the ini twin, else None."""
    value = config.getoption(name)
    if value is None:
        value = config.getini(name) or None
    return None if value is None else str(value)


def parse_resources(text: str) -> dict[str, float]:
    resources: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, amount = item.partition("=")
        try:
            resources[name.strip()] = float(amount)
        except ValueError:
            sep = ""
        if not sep or not name.strip():
            raise pytest.UsageError(
                f"doccode_ray_resources: {item!r} is not NAME=AMOUNT (example: 'CPU=8,GPU=1')"
            )
    return resources


def options_from_config(config: pytest.Config) -> RunOptions:
    from sphinxext.doccode.runner import RunOptions

    timeout_text = _setting(config, "doccode_timeout")
    try:
        timeout = float(timeout_text) if timeout_text else 300.0
    except ValueError:
        raise pytest.UsageError(
            f"doccode_timeout: {timeout_text!r} is not a number of seconds"
        ) from None
    if timeout <= 0:
        raise pytest.UsageError(f"doccode_timeout: must be positive, got {timeout_text}")
    cache_mode = _setting(config, "doccode_cache") or "off"
    if cache_mode not in ("auto", "force", "off"):
        raise pytest.UsageError(
            f"doccode_cache: {cache_mode!r} is not one of 'auto', 'force', 'off'"
        )
    cache_dir_text = _setting(config, "doccode_cache_dir")
    cache_dir = Path(cache_dir_text) if cache_dir_text else config.rootpath / ".doccode_cache"
    resources_text = _setting(config, "doccode_ray_resources")
    kwargs = {"ray_resources": parse_resources(resources_text)} if resources_text else {}
    from sphinxext.doccode.pytest_plugin.rules_from_conf import names, rules_from_conf

    isolation = _setting(config, "doccode_isolation") or "warm"
    if isolation not in ("warm", "alone"):
        raise pytest.UsageError(f"doccode_isolation: {isolation!r} is not 'warm' or 'alone'")
    return RunOptions(
        rules=rules_from_conf(_setting(config, "doccode_conf"), config.rootpath),
        tags=names(_setting(config, "doccode_tags")),
        skip_tags=names(_setting(config, "doccode_skip_tags")),
        ray_address=_setting(config, "doccode_ray_address"),
        isolation=isolation,
        timeout=timeout,
        cache_mode=cache_mode,
        cache_dir=None if cache_mode == "off" else cache_dir,
        **kwargs,  # type: ignore[arg-type]
    )
