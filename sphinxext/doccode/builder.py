"""The ``doccode`` builder: run every doc_code file the pages show, report per region.

``python -m sphinx -b doccode SRC OUT`` reads the pages (which records the
regions they show, see :mod:`sphinxext.doccode.pages.doccode_domain`), then runs every
referenced ``*.py`` file and every ``*.py`` file of ``doccode_dirs`` with the
engine, prints a line per file and a summary, writes ``OUT/report.json`` and
``OUT/junit.xml``, and exits non-zero when anything failed.
"""

from __future__ import annotations

import json
import textwrap
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging
from sphinx.util.console import colorize

from sphinxext.doccode import paths, report
from sphinxext.doccode.forensics import describe as describe_forensics
from sphinxext.doccode.pages import run_plan
from sphinxext.doccode.pages.coverage import docnames_showing, pages_showing, with_pages
from sphinxext.doccode.pages.doccode_domain import region_index
from sphinxext.doccode.pages.inline import attach_page_locations, page_units
from sphinxext.doccode.pages.rule_warnings import warn_unused_rules
from sphinxext.doccode.results import FileResult, FileStatus
from sphinxext.doccode.sphinx_compat import ReadOnlyBuilder

if TYPE_CHECKING:
    from collections.abc import Sequence, Set

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinxext.doccode.pages.coverage import RegionReference
    from sphinxext.doccode.runner import AnyUnit, PageUnit, RunOptions
    from sphinxext.doccode.runner.engine.stats import RunStats

logger = logging.getLogger(__name__)

#: (display path, region) -> "docname:line" of the pages that show it
Locations = dict[tuple[str, str], list[str]]

STATUS_COLOURS = {FileStatus.PASSED: "darkgreen", FileStatus.SKIPPED: "yellow"}


def bold(text: str) -> str:
    return colorize("bold", text)


def red(text: str) -> str:
    return colorize("red", text)


def darkgreen(text: str) -> str:
    return colorize("darkgreen", text)


class DocCodeBuilder(ReadOnlyBuilder):
    """Executes the doc_code regions that the pages show."""

    name = "doccode"
    epilog = "Results of the doc_code run are in %(outdir)s/report.json and junit.xml."

    def __init__(self, app: Sphinx, env: BuildEnvironment) -> None:
        super().__init__(app, env)
        # Sphinx 9 made Builder.app private (and deprecated the old name): keep our own
        self.sphinx_app = app

    def init(self) -> None:
        self.root = paths.project_root(self.srcdir)
        self.run_stats: RunStats | None = None
        #: what happened to the run beside the files' results (instance restarts, reruns)
        self.run_events: list[str] = []

    # Nothing is written per page: reading the pages is what the run needs, and
    # finish() does the work. ReadOnlyBuilder skips resolving and writing the pages
    # on every supported Sphinx; the abstract methods are implemented as well.

    def get_outdated_docs(self) -> Set[str]:
        # Every page, as sphinx.ext.doctest's builder says: when none is out of date,
        # Sphinx < 8.2 ends the build before finish(), and nothing would run.
        return self.env.found_docs

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames: Set[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass

    def _files_to_run(self) -> tuple[list[Path], dict[str, list[RegionReference]]]:
        return run_plan.files_to_run(self.env, self.config, self.confdir)

    def run_options(self) -> RunOptions:
        return run_plan.run_options(self.config, self.confdir, self.srcdir)

    def finish(self) -> None:
        files, references = self._files_to_run()
        pages = page_units(self.env, self.root)  # inline blocks: pages/inline.py
        warn_unused_rules(self.sphinx_app,
                          [paths.display_path(p, self.root) for p in files]
                          + [page.display_path for page in pages])
        if not files and not pages:
            logger.info(bold("doccode: no doc_code file to run"))
        started = time.monotonic()
        results = self._run(files, references, pages) if files or pages else []
        duration = time.monotonic() - started
        if results is None:  # the engine itself failed: the reports are still written
            self.sphinx_app.statuscode = 1
            results = []
        locations = self._attach_pages(results, references)
        locations.update(attach_page_locations(self.env, results, self.root))
        self._write_reports(results, duration, locations)
        self._print_summary(results, duration, locations)
        if report.is_failure(results):
            self.sphinx_app.statuscode = 1

    def _run(
        self, files: list[Path], references: dict[str, list[RegionReference]],
        pages: Sequence[PageUnit] = (),
    ) -> list[FileResult] | None:
        from sphinxext.doccode.runner import engine_for

        requests: list[AnyUnit] = [*run_plan.file_units(files, self.root, references)]
        logger.info(bold("doccode: running %d doc_code file(s)..."), len(requests))
        if pages:
            logger.info(bold("doccode: running the inline blocks of %d page(s)..."), len(pages))
        requests += pages
        try:
            with engine_for(self.run_options(), progress=self._progress) as engine:
                results: list[FileResult] = engine.run(requests)
                self.run_stats = engine.stats
                self.run_events = list(engine.events)
                return results
        except Exception as error:  # the engine reports example failures as results
            logger.error(
                "doccode: could not run the doc_code files: %s: %s (hint: check the "
                "doccode_* settings and the Ray installation; run with -v for details)",
                type(error).__name__,
                error,
            )
            logger.debug("doccode: engine failure", exc_info=True)
            return None

    def _progress(self, result: FileResult) -> None:
        colour = STATUS_COLOURS.get(result.status, "red")
        logger.info(colorize(colour, report.status_line(result)))
        if result.status is FileStatus.SKIPPED and result.reason:
            logger.info("         skipped: %s", result.reason)
            if result.forensics:  # an expected timeout: what it hung in (a failure's
                # forensics end its error, which the summary of failures shows)
                logger.info(textwrap.indent(describe_forensics(result.forensics), " " * 9))
        if self.sphinx_app.verbosity and result.settings:  # -v: what applied to the file, and why
            logger.info("         settings: %s", report.settings_line(result.settings))

    def _attach_pages(
        self, results: list[FileResult], references: dict[str, list[RegionReference]]
    ) -> Locations:
        """Fill ``RegionResult.pages``; return ``docname:line`` per region for reports."""
        locations: Locations = {}
        for result in results:
            path = str((self.root / result.path).resolve())
            index = region_index(path, result.path)
            refs = references.get(path, [])
            if index is None:
                continue
            index = with_pages(index, refs)
            for region in result.regions:
                # the pages a failure here affects: they show this region or part of it
                region.pages = docnames_showing(refs, index, region.name, nested=True)
                shown = pages_showing(refs, index, region.name, nested=True)
                locations[result.path, region.name] = [r.location for r in shown]
        return locations

    def _write_reports(
        self, results: list[FileResult], duration: float, locations: Locations
    ) -> None:
        data: dict[str, Any] = report.report_dict(
            results, duration_s=duration, project_root=str(self.root), locations=locations,
            run=self.run_stats.to_dict(results) if self.run_stats else None,
        )
        outdir = Path(self.outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        (outdir / "report.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        (outdir / "junit.xml").write_text(report.junit_xml(results), encoding="utf-8")

    def _print_summary(
        self, results: list[FileResult], duration: float, locations: Locations
    ) -> None:
        counts = report.region_counts(results)
        line = (
            f"doccode: {counts['passed']} region(s) passed, {counts['failed']} failed, "
            f"{counts['not_run']} not run, {counts['skipped']} skipped "
            f"in {len(results)} file(s), {duration:.1f}s"
        )
        if any(report.is_page(result) for result in results):  # inline blocks count too
            page_count = sum(report.is_page(result) for result in results)
            file_count = len(results) - page_count
            line = line.replace(f" in {len(results)} file(s),",
                                f" in {file_count} file(s) and {page_count} page(s),")
        failures = report.failure_lines(results, locations)
        logger.info("")
        logger.info(bold(red(line) if failures else darkgreen(line)))
        slow = report.slowest(results)
        if slow:
            logger.info(
                "slowest: %s", ", ".join(f"{f.path} ({f.duration_s:.1f}s)" for f in slow)
            )
        if self.run_stats is not None:
            from sphinxext.doccode.runner.engine.summary import bound_line

            bound = bound_line(self.run_stats, results)
            if bound:
                logger.info(bound)
        reruns = [result for result in results if result.rerun_reason]
        if reruns:  # why each unit ran although cached or selected (issue 24)
            logger.info("selected to run: %d unit(s)", len(reruns))
            for result in reruns:
                logger.info("  re-run: %s: %s", result.path, result.rerun_reason)
        for event in self.run_events:
            logger.info("note: %s", event)
        if failures:
            logger.info(bold(red("failures:")))
            for failure in failures:
                logger.info(red(failure))


def setup_builder(app: Sphinx) -> None:
    app.add_builder(DocCodeBuilder)
