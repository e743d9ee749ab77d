"""pytest collection of doc_code files: one collector per file, one item per region.

A file runs once, when its first selected item runs; every item then reports
its own region's result. Regions before the last selected one run silently
(``FileUnit.stop_after``) so ``-k NAME`` and ``--lf`` run just what they need.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

from sphinxext.doccode.pytest_plugin.failure import RegionFailed, RegionFailureRepr
from sphinxext.doccode.pytest_plugin.rules_from_conf import tag_marks
from sphinxext.doccode.pytest_plugin.session import SESSION_KEY
from sphinxext.doccode.results import (
    ErrorInfo,
    FileResult,
    FileStatus,
    RegionResult,
    RegionStatus,
)
from sphinxext.doccode.sources.filemarkers import FileMarkers, parse_file_markers
from sphinxext.doccode.sources.regions import Region, RegionIndex, parse_regions
from sphinxext.doccode.sources.settings import FileSettings, effective_settings
from sphinxext.doccode.sources.source_text import SourceDecodeError, read_source

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr


class DoccodeMarkerWarning(pytest.PytestWarning):
    """A region marker problem in a doc_code file (the file still runs)."""


def display_path(path: Any, config: pytest.Config) -> str:
    try:
        return path.resolve().relative_to(config.rootpath.resolve()).as_posix()  # type: ignore[no-any-return]
    except ValueError:
        return path.resolve().as_posix()  # type: ignore[no-any-return]


class DoccodeFile(pytest.File):
    """A doc_code file: its regions, in file order, become items."""

    index: RegionIndex
    markers: FileSettings
    _result: FileResult | None = None
    _failure_owner: str | None = None

    def collect(self) -> Iterator[RegionItem]:
        shown = display_path(self.path, self.config)
        try:
            source = read_source(self.path, shown)
        except OSError as error:
            raise self.CollectError(f"{shown}: cannot read the file: {error}") from None
        except SourceDecodeError as error:
            raise self.CollectError(str(error)) from None
        self.index = parse_regions(source, shown)
        # the file's markers merged with doccode_rules (--doccode-conf)
        self.markers = effective_settings(self.config.stash[SESSION_KEY].options.rules, shown,
                                          parse_file_markers(source))
        problems = [p.describe(shown) for p in self.markers.problems]
        if problems:
            raise self.CollectError("malformed markers:\n" + "\n".join(problems))
        # A region marker problem never stops the file: it runs as it would alone,
        # and the regions that can be delimited become items.
        for problem in self.index.problems:
            self.warn(DoccodeMarkerWarning(str(problem)))
        marks = file_marks(self.markers, self.config)
        marks += tag_marks(self.config, self.markers)  # -m TAG
        if self.config.pluginmanager.hasplugin("xdist"):
            # ``--dist loadgroup`` keeps a file on one worker too (plain -n: xdist_share.py)
            marks.append(pytest.mark.xdist_group(shown))
        for region in self.index.regions.values():
            item = RegionItem.from_parent(self, name=region.name, region=region)
            for mark in marks:
                item.add_marker(mark)
            yield item

    def result_for(self, item: RegionItem) -> FileResult:
        if self._result is None:
            self._result = self._run()
        return self._result

    def _selected(self) -> list[RegionItem]:
        return [i for i in self.session.items if isinstance(i, RegionItem) and i.parent is self]

    def _run(self) -> FileResult:
        from sphinxext.doccode.runner import FileUnit

        selected = self._selected()
        names = {item.name for item in selected}
        stop_after = None
        if names != set(self.index.regions):
            stop_after = max(selected, key=lambda item: item.region.end_marker).name
        request = FileUnit(
            path=self.path.resolve(),
            display_path=display_path(self.path, self.config),
            stop_after=stop_after,
            rewrite_asserts=True,
        )
        try:
            result = self.config.stash[SESSION_KEY].run(request)
        except SystemExit as stop:  # SIGTERM while the engine ran: end the session, not the item
            code = stop.code if isinstance(stop.code, int) else 1
            pytest.exit(f"doccode: stopped while running {request.display_path}", returncode=code)
        except Exception as error:  # the engine itself broke: say so once, on one item
            hint = "check --doccode-ray-address and the Ray installation"
            message = f"could not run {request.display_path}: {error} (hint: {hint})"
            result = FileResult(
                request.display_path, FileStatus.ERROR, 0.0,
                error=ErrorInfo(None, type(error).__name__, message),
            )
        self._failure_owner = failure_owner(result, selected)
        return result

    def is_failure_owner(self, item: RegionItem) -> bool:
        return self._failure_owner == item.name


def file_marks(markers: FileMarkers, config: pytest.Config) -> list[pytest.MarkDecorator]:
    """pytest marks for the file's ``# doccode:`` comments (xfail is handled per region)."""
    marks = []
    if markers.skip is not None:
        marks.append(pytest.mark.skip(reason=markers.skip))
    elif missing := markers.missing_requirements():
        marks.append(pytest.mark.skip(reason=f"requires {', '.join(missing)}"))
    if config.pluginmanager.hasplugin("timeout"):
        # pytest-timeout must not stop the item that runs the whole file before
        # the engine's own per-file limit does (which reports it properly).
        seconds = markers.timeout or config.stash[SESSION_KEY].options.timeout
        marks.append(pytest.mark.timeout(seconds + 60))
    return marks


def failure_owner(result: FileResult, selected: list[RegionItem]) -> str | None:
    """The item that must report a file failure no selected region reported itself.

    A failure outside every selected region (code between regions, a region run
    silently before the selected one, a timeout) would otherwise turn into skips only.
    """
    statuses = {item.name: _status(result, item.name) for item in selected}
    if not selected or RegionStatus.FAILED in statuses.values():
        return None
    if result.status not in (FileStatus.FAILED, FileStatus.TIMEOUT, FileStatus.ERROR):
        return None
    not_run = [name for name, status in statuses.items() if status is RegionStatus.NOT_RUN]
    return not_run[0] if not_run else selected[-1].name


def _status(result: FileResult, name: str) -> RegionStatus:
    region = result.region(name)
    return region.status if region is not None else RegionStatus.NOT_RUN


class RegionItem(pytest.Item):
    """One region of a doc_code file."""

    def __init__(self, *, region: Region, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.region = region
        self.add_marker(pytest.mark.doccode)

    @property
    def doc_file(self) -> DoccodeFile:
        assert isinstance(self.parent, DoccodeFile)
        return self.parent

    def runtest(self) -> None:
        result = self.doc_file.result_for(self)
        region = result.region(self.name)
        expected_failure = self.doc_file.markers.xfail
        if result.status is FileStatus.SKIPPED and expected_failure is None:
            skip(result.reason or "skipped by a '# doccode: skip' comment")
        if region is not None and region.output:
            self.add_report_section("call", "stdout", region.output)
        status = region.status if region is not None else RegionStatus.NOT_RUN
        if status is RegionStatus.FAILED or self.doc_file.is_failure_owner(self):
            raise RegionFailed(result, region, self.region)
        if status is RegionStatus.PASSED:
            return
        if status is RegionStatus.SKIPPED and expected_failure is not None:
            # The engine reports the expected failure of an xfail file as skipped.
            pytest.xfail(result.reason or expected_failure)
        if status is RegionStatus.SKIPPED:
            skip(result.reason or f"region {self.name!r} was skipped")
        skip(f"not run: {why_not_run(result)}")

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, RegionFailed):
            return RegionFailureRepr.build(excinfo.value, self.doc_file.index, self.config)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Any, int, str]:
        return self.path, self.region.first_line - 1, f"region {self.name}"


def skip(reason: str) -> NoReturn:
    # Reported at the item's location (the example), not at this line of the plugin.
    raise pytest.skip.Exception(reason, _use_item_location=True)


def why_not_run(result: FileResult) -> str:
    failed: RegionResult | None = next(
        (r for r in result.regions if r.status is RegionStatus.FAILED), None
    )
    if failed is not None and failed.error is not None:
        return f"region {failed.name!r} failed at {result.path}:{failed.error.line}"
    if result.error is not None:
        return f"{result.path}:{result.error.line}: {result.error.type}"
    return f"{result.path} stopped early ({result.status.value})"
