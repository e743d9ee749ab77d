"""pytest collection of pages: one collector per page with inline blocks, one item per block.

The page runs once, whole, when its first selected item runs (its blocks share
namespaces, so a later block needs the earlier ones); each item then reports
its own block. Blocks are found by the light parser of ``sources/inline_blocks``,
never by Sphinx or docutils.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from sphinxext.doccode.pytest_plugin.failure import RegionFailed, RegionFailureRepr
from sphinxext.doccode.pytest_plugin.file_items import (
    display_path,
    failure_owner,
    skip,
    why_not_run,
)
from sphinxext.doccode.pytest_plugin.session import SESSION_KEY
from sphinxext.doccode.results import ErrorInfo, FileResult, FileStatus, RegionStatus
from sphinxext.doccode.sources.inline_blocks import (
    PAGE_SUFFIXES,
    InlineBlock,
    execution_order,
    parse_page,
)
from sphinxext.doccode.sources.regions import Region, RegionIndex

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr


def page_blocks(path: Path) -> list[InlineBlock]:
    """The inline blocks of a page file ([] when it is not a readable page)."""
    if path.suffix not in PAGE_SUFFIXES:
        return []
    try:
        return parse_page(path.read_text(encoding="utf-8"), path.suffix)
    except (OSError, UnicodeDecodeError):
        return []


class DoccodePage(pytest.File):
    """A page with inline blocks: each block (per group) becomes an item."""

    index: RegionIndex
    blocks: list[InlineBlock]
    _result: FileResult | None = None
    _failure_owner: str | None = None

    def collect(self) -> Iterator[BlockItem]:
        self.blocks = page_blocks(self.path)
        self.index = RegionIndex(display_path(self.path, self.config),
                                 self.path.read_text(encoding="utf-8").splitlines())
        for name, block, last in execution_order(self.blocks):
            region = Region(name, block.first_line - 1, last + 1)
            yield BlockItem.from_parent(self, name=name, region=region, block=block)

    def result_for(self, item: BlockItem) -> FileResult:
        if self._result is None:
            self._result = self._run()
        return self._result

    def _run(self) -> FileResult:
        from sphinxext.doccode.runner import PageUnit

        request = PageUnit(self.path.resolve(), display_path(self.path, self.config),
                           tuple(self.blocks))
        try:
            result = self.config.stash[SESSION_KEY].run(request)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
            pytest.exit(f"doccode: stopped while running {request.display_path}", returncode=code)
        except Exception as error:
            message = f"could not run {request.display_path}: {error} (hint: check " \
                      "--doccode-ray-address and the Ray installation)"
            result = FileResult(request.display_path, FileStatus.ERROR, 0.0, kind="page",
                                error=ErrorInfo(None, type(error).__name__, message))
        selected = [i for i in self.session.items if isinstance(i, BlockItem) and i.parent is self]
        if not any(r.status is RegionStatus.FAILED for r in result.regions):
            # the page broke outside every block (driver died, engine error): say so once
            self._failure_owner = failure_owner(result, selected)  # type: ignore[arg-type]
        return result


class BlockItem(pytest.Item):
    """One inline block of a page (a ``testcode`` with its ``testoutput``, a ``doctest``...)."""

    def __init__(self, *, region: Region, block: InlineBlock, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.region = region
        self.block = block
        self.add_marker(pytest.mark.doccode)

    @property
    def page(self) -> DoccodePage:
        assert isinstance(self.parent, DoccodePage)
        return self.parent

    def runtest(self) -> None:
        result = self.page.result_for(self)
        region = result.region(self.name)
        if region is not None and region.output:
            self.add_report_section("call", "stdout", region.output)
        status = region.status if region is not None else RegionStatus.NOT_RUN
        if status is RegionStatus.FAILED or self.page._failure_owner == self.name:
            raise RegionFailed(result, region, self.region)
        if status is RegionStatus.PASSED:
            return
        if status is RegionStatus.SKIPPED:
            skip(f"{self.name} was skipped by its :skipif: condition")
        skip(f"not run: {why_not_run(result)}")

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, RegionFailed):
            return RegionFailureRepr.build(excinfo.value, self.page.index, self.config)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Any, int, str]:
        return self.path, self.block.line - 1, f"{self.block.kind} block {self.name}"
