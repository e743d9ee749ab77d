"""Run a page's inline blocks: per group one namespace, setup first, cleanup last.

Ray-free. Each block is compiled with the page's own filename and its real
line offset, so tracebacks say ``page.rst:LINE``; ``doctest`` blocks run
example by example as doctest does (``single`` mode, so values are shown).
Output is compared by the shared checker (``sources/output_checker``).
"""

from __future__ import annotations

import builtins
import doctest
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sphinxext.doccode.results import ErrorInfo, RegionResult, RegionStatus
from sphinxext.doccode.runner.driver.chunks import (
    exception_error,
    exception_matches,
    execute_chunk,
    mismatch_error,
    split_traceback,
)
from sphinxext.doccode.runner.driver.namespace import StepCapture, main_module
from sphinxext.doccode.sources.inline_blocks import (
    MOCK,
    BlockGroup,
    InlineBlock,
    TestCase,
    block_name,
)
from sphinxext.doccode.sources.output_checker import DEFAULT_FLAGS, output_difference

OnStep = Callable[[int, int], None]
_parser = doctest.DocTestParser()


@dataclass
class _Run:
    printed: str = ""
    error: ErrorInfo | None = None


class PageRunner:
    """Runs the groups of one page file in the current driver."""

    def __init__(self, page: Path, on_step: OnStep | None = None) -> None:
        self.page = page
        self.filename = str(page)
        self.on_step = on_step

    def _step(self, first: int, last: int) -> None:
        if self.on_step is not None:
            self.on_step(first, last)

    def _skipped(self, block: InlineBlock, namespace: dict[str, object]) -> ErrorInfo | bool:
        """Whether ``:skipif:`` is true, evaluated in (a copy of) the group's namespace."""
        if not block.skipif:
            return False
        try:
            return bool(eval(block.skipif, {**namespace, "__builtins__": builtins}))
        except Exception as exc:
            return ErrorInfo(block.line, "SkipifError",
                             f":skipif: {block.skipif!r} raised {type(exc).__name__}: {exc} "
                             "(hint: the condition must be a Python expression)")

    def _run_code(self, block: InlineBlock, namespace: dict[str, object],
                  capture: StepCapture) -> tuple[str, BaseException | None]:
        self._step(block.first_line, block.last_line)
        try:
            return execute_chunk(block.code, self.filename, block.first_line, "exec", namespace,
                            capture)
        except SyntaxError as exc:
            return capture.take(), exc

    def _run_testcode(self, case: TestCase, namespace: dict[str, object],
                      capture: StepCapture) -> _Run:
        printed, failure = self._run_code(case.code, namespace, capture)
        output = case.output
        expected_exc: str | None = None
        flags = DEFAULT_FLAGS
        want = ""
        compare = output is not None and self._skipped(output, namespace) is False
        if output is not None:
            flags = output.flags(DEFAULT_FLAGS)
            want, expected_exc = split_traceback(output.code + "\n")
            compare = compare and not flags & MOCK
        if failure is not None:
            if expected_exc is not None and (not compare or exception_matches(
                    failure, expected_exc, flags)):
                failure = None
            else:
                return _Run(printed, exception_error(failure, self.filename, case.code.first_line))
        if compare and output is not None:
            diff = output_difference(want, printed, flags)
            if diff is not None:
                return _Run(printed, mismatch_error(output.first_line, diff))
        return _Run(printed)

    def _run_doctest(self, block: InlineBlock, namespace: dict[str, object],
                     capture: StepCapture) -> _Run:
        printed_all: list[str] = []
        for example in _parser.get_examples(block.code):
            first = block.first_line + example.lineno
            self._step(first, first + example.source.count("\n") - 1)
            flags = block.flags(DEFAULT_FLAGS)
            for flag, on in example.options.items():
                flags = flags | flag if on else flags & ~flag
            if flags & doctest.SKIP:
                continue
            try:
                printed, failure = execute_chunk(example.source, self.filename, first, "single",
                                            namespace, capture)
            except SyntaxError as exc:
                printed, failure = capture.take(), exc
            printed_all.append(printed)
            if failure is not None:
                if example.exc_msg is None or not exception_matches(failure, example.exc_msg,
                                                                      flags):
                    return _Run("".join(printed_all),
                                exception_error(failure, self.filename, first))
                continue  # the expected exception: doctest compares nothing else
            if example.exc_msg is not None:
                return _Run("".join(printed_all), ErrorInfo(
                    first, "OutputMismatch", f"expected an exception: {example.exc_msg.strip()}"))
            if flags & MOCK:
                continue
            diff = output_difference(example.want, printed, flags)
            if diff is not None:
                return _Run("".join(printed_all), mismatch_error(first, diff))
        return _Run("".join(printed_all))

    def run_group(self, group: BlockGroup) -> list[RegionResult]:
        """Setup, tests in page order, cleanup (always); a failure stops the tests."""
        capture = StepCapture()
        results: list[RegionResult] = []
        stopped = False

        def record(block: InlineBlock, last: int, run: _Run | None, status: RegionStatus) -> None:
            results.append(RegionResult(
                block_name(block, group.name), status, block.first_line, last,
                error=run.error if run else None, output=run.printed if run else ""))

        def plain(block: InlineBlock, namespace: dict[str, object]) -> _Run:
            printed, failure = self._run_code(block, namespace, capture)
            error = None if failure is None else exception_error(
                failure, self.filename, block.first_line)
            return _Run(printed, error)

        with main_module(self.page, capture) as namespace:
            for block in group.setup:
                stopped = self._one(block, block.last_line, partial(plain, block, namespace),
                                    record, stopped, namespace)
            for case in group.tests:
                def run(case: TestCase = case) -> _Run:
                    if case.code.kind == "doctest":
                        return self._run_doctest(case.code, namespace, capture)
                    return self._run_testcode(case, namespace, capture)
                stopped = self._one(case.code, case.last_line, run, record, stopped, namespace)
            for block in group.cleanup:
                self._one(block, block.last_line, partial(plain, block, namespace),
                          record, False, namespace)
        return results

    def _one(self, block: InlineBlock, last: int, run: Callable[[], _Run],
             record: Callable[[InlineBlock, int, _Run | None, RegionStatus], None],
             stopped: bool, namespace: dict[str, object]) -> bool:
        if stopped:
            record(block, last, None, RegionStatus.NOT_RUN)
            return True
        skipped = self._skipped(block, namespace)
        if isinstance(skipped, ErrorInfo):
            record(block, last, _Run(error=skipped), RegionStatus.FAILED)
            return True
        if skipped:
            record(block, last, None, RegionStatus.SKIPPED)
            return False
        outcome = run()
        record(block, last, outcome,
               RegionStatus.PASSED if outcome.error is None else RegionStatus.FAILED)
        return outcome.error is not None

