"""``doccode_execute``: run the examples during any build, before its pages are written.

On ``env-updated`` (every page read, none written yet) the files whose cached
result is missing or stale run on the engine the ``doccode`` builder uses; the
pages written next show their fresh output and status, and every failing
example is a ``doccode.exec`` warning at the page and line that show it.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from sphinxext.doccode import paths, report
from sphinxext.doccode.pages import run_plan
from sphinxext.doccode.pages.coverage import pages_showing
from sphinxext.doccode.pages.doccode_domain import region_index
from sphinxext.doccode.pages.fresh_results import remember
from sphinxext.doccode.pages.inline import page_units
from sphinxext.doccode.pages.last_run import latest_results
from sphinxext.doccode.results import ErrorInfo, FileResult, FileStatus, RegionStatus
from sphinxext.doccode.sources.expected_output import strip_ansi

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinxext.doccode.pages.coverage import RegionReference
    from sphinxext.doccode.runner import AnyUnit

logger = logging.getLogger(__name__)

PROBLEMS = (FileStatus.FAILED, FileStatus.TIMEOUT, FileStatus.ERROR)


def execute_examples(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Run what is stale (``auto``), everything (``force``) or what never ran (``cache``)."""
    mode = app.config.doccode_execute
    if mode == "off" or app.builder.name == "doccode":  # the doccode builder runs them itself
        return []
    files, references = run_plan.files_to_run(env, app.config, app.confdir)
    root = paths.project_root(app.srcdir)
    requests: list[AnyUnit] = [*run_plan.file_units(files, root, references),
                               *page_units(env, root)]  # pages with inline blocks too
    if mode == "cache":
        recorded = latest_results(app, [r.display_path for r in requests])
        requests = [r for r in requests if recorded[r.display_path] is None]
    if not requests:
        return []
    results = _run(app, requests, force=mode == "force")
    if results is None:
        return []
    remember(app, results)
    by_display = files_by_display(files, app)
    for result in results:
        warn_if_failed(result, by_display, references)
    return []


def _run(app: Sphinx, requests: list[AnyUnit], *, force: bool) -> list[FileResult] | None:
    from sphinxext.doccode.runner import engine_for

    cache_mode = "force" if force and app.config.doccode_cache != "off" else None
    options = run_plan.run_options(app.config, app.confdir, app.srcdir, cache_mode=cache_mode)
    started = time.monotonic()
    try:
        with engine_for(options, progress=_progress) as engine:
            results: list[FileResult] = engine.run(requests)
            ray_started = engine.ray_started
            for event in engine.events:
                logger.info("doccode: note: %s", event)
    except Exception as error:  # example failures are results; this is the engine itself
        logger.warning(
            "could not run the doc_code files: %s: %s (hint: check the doccode_* settings "
            "and the Ray installation, or build with -D doccode_execute=off)",
            type(error).__name__, error, type="doccode", subtype="exec",
        )
        return None
    ran = sum(not r.cached for r in results)
    logger.info(
        "doccode: %d doc_code file(s) executed, %d unchanged (cached) in %.1f s%s",
        ran, len(results) - ran, time.monotonic() - started,
        "" if ray_started else "; Ray was not started",
    )
    return results


def _progress(result: FileResult) -> None:
    if not result.cached:  # an unchanged rebuild stays quiet
        logger.info("doccode: %s", report.status_line(result))


def files_by_display(files: list[Path], app: Sphinx) -> dict[str, Path]:
    root = paths.project_root(app.srcdir)
    return {paths.display_path(p, root): p for p in files}


def _locations(
    path: Path, display: str, refs: list[RegionReference], region: str | None
) -> list[tuple[str, int]]:
    """``(docname, line)`` of each page showing ``region`` (None: any part of the file)."""
    index = region_index(path, display)
    if region is not None and index is not None:
        refs = pages_showing(refs, index, region, nested=True)
    return sorted({(ref.docname, ref.line) for ref in refs})


def warn_if_failed(
    result: FileResult, by_display: dict[str, Path], references: dict[str, list[RegionReference]]
) -> None:
    """One ``doccode.exec`` warning per failure and page showing it (or at the file)."""
    if result.status not in PROBLEMS:
        return
    path = by_display.get(result.path)
    refs = references.get(str(path), []) if path is not None else []
    failed = [r for r in result.regions if r.status is RegionStatus.FAILED]
    problems: list[tuple[str | None, ErrorInfo | None, int]] = [
        (r.name, r.error or result.error, r.start_line) for r in failed
    ] or [
        (None, result.error, 1)
    ]
    for region, error, start in problems:
        line = error.line if error is not None and error.line else start
        what = f"{error.type}: {last_line(error.message)}" if error else result.status.value
        where = f"region {region!r}" if region else result.status.value
        message = (f"example {result.path}:{line} ({where}) failed: {what} (hint: the status "
                   "line under the example shows it; -b doccode writes the full report)")
        shown = _locations(path, result.path, refs, region) if path is not None else []
        locations: list[tuple[str, int] | str] = [*shown] or [f"{path or result.path}:{line}"]
        for location in locations:  # the pages that show it, or the file itself
            logger.warning("%s", message, location=location, type="doccode", subtype="exec")


def last_line(message: str) -> str:
    """The gist of a (maybe multi-line, coloured) message: its last non-empty line."""
    lines = [line.strip() for line in strip_ansi(message).splitlines() if line.strip()]
    return lines[-1] if lines else ""


def setup_execute(app: Sphinx) -> None:
    app.connect("env-updated", execute_examples)
