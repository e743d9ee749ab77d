"""Run one doc_code file step by step, so every line number stays real.

Ray-free. The file is parsed once; its top-level statements are grouped into
steps that never cross a region marker or an ``# Output:`` line, and each step
is compiled with the file's real name. Tracebacks therefore show the real file
and line, a failure is attributed to regions by line, and what each step
prints is captured on its own.
"""

from __future__ import annotations
import __future__

import ast
import traceback
import types
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sphinxext.doccode.attribution import ExecutionOutcome, StepOutput
from sphinxext.doccode.results import ErrorInfo
from sphinxext.doccode.runner.driver.exits import (
    ExitHandlers,
    finalize_namespace,
    thread_idents,
    wait_for_threads,
    watch_namespace,
)
from sphinxext.doccode.runner.driver.namespace import StepCapture, main_module
from sphinxext.doccode.sources.source_text import read_source


class OutputCheck(Protocol):
    """An ``# Output:`` block (``sources/expected_output``), checked after the step before it."""

    @property
    def line(self) -> int:
        """Line of the ``# Output:`` comment."""

    def verify(self, printed: str) -> ErrorInfo | None:
        """None when ``printed`` (stdout since the previous check) matches, else the failure."""


@dataclass(frozen=True)
class Step:
    first_line: int
    last_line: int
    code: types.CodeType


def statement_first_line(node: ast.stmt) -> int:
    decorators: list[ast.expr] = getattr(node, "decorator_list", None) or []
    return min([node.lineno, *(d.lineno for d in decorators)])


def plan_steps(
    tree: ast.Module,
    filename: str,
    boundaries: Iterable[int],
    *,
    last_line: int | None = None,
) -> list[Step]:
    """Group ``tree``'s top-level statements into steps split at ``boundaries`` lines."""
    cuts = sorted(set(boundaries))
    flags = _future_flags(tree)
    groups: list[list[ast.stmt]] = []
    previous_end = 0
    for node in tree.body:
        first = statement_first_line(node)
        if last_line is not None and first > last_line:
            break
        if not groups or any(previous_end < cut < first for cut in cuts):
            groups.append([])
        groups[-1].append(node)
        previous_end = node.end_lineno or node.lineno
    steps = []
    for group in groups:
        module = ast.Module(body=group, type_ignores=[])
        code = compile(module, filename, "exec", flags=flags, dont_inherit=True)
        steps.append(Step(statement_first_line(group[0]), group[-1].end_lineno or 0, code))
    return steps


def parse_source(source: str, filename: str, *, rewrite_asserts: bool = False) -> ast.Module:
    tree = ast.parse(source, filename)
    if rewrite_asserts:
        # pytest's own rewriting, so failing asserts explain their operands.
        from _pytest.assertion.rewrite import rewrite_asserts as pytest_rewrite

        pytest_rewrite(tree, source.encode(), None, None)
        from sphinxext.doccode.runner.driver.assertexplain import install_comparison_explanations

        install_comparison_explanations()  # detailed list/dict/str diffs (issue 5)
    return tree


def _future_flags(tree: ast.Module) -> int:
    flags = 0
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            for alias in node.names:
                feature = getattr(__future__, alias.name, None)
                flags |= getattr(feature, "compiler_flag", 0)
    return flags


def execute_file(
    path: Path,
    region_lines: Sequence[tuple[int, int]],
    boundaries: Iterable[int],
    *,
    stop_after_line: int | None = None,
    rewrite_asserts: bool = False,
    checks: Sequence[OutputCheck] = (),
    on_step: Callable[[int, int], None] | None = None,
    on_exit: Callable[[ExecutionOutcome], None] | None = None,
) -> ExecutionOutcome:
    """Run ``path`` top to bottom in a fresh ``__main__`` namespace.

    ``region_lines`` are the (first, last) body lines of the file's regions,
    used to pick the most useful line of a traceback; ``boundaries`` are the
    lines steps must not cross; ``stop_after_line`` ends the run after the
    statement that contains or precedes it. After the steps comes what the
    file's own process would do at exit (its threads, its atexit handlers);
    ``on_exit`` then sees the outcome, before the file's globals are cleared.
    """
    filename = str(path)
    outcome = ExecutionOutcome()
    source = read_source(path)
    pending_checks = sorted(checks, key=lambda check: check.line)
    try:
        tree = parse_source(source, filename, rewrite_asserts=rewrite_asserts)
        steps = plan_steps(
            tree, filename, [*boundaries, *(c.line for c in pending_checks)],
            last_line=stop_after_line,
        )
    except SyntaxError as exc:
        line = exc.lineno or 1
        outcome.error = ErrorInfo(line, "SyntaxError", exc.msg or str(exc), _format_only(exc))
        outcome.error_lines = (line,)
        outcome.frontier = line
        if on_exit is not None:
            on_exit(outcome)
        return outcome

    capture = StepCapture()
    exits = ExitHandlers(filename)
    with main_module(path, capture) as namespace:
        with exits.capture():
            threads = thread_idents()
            _run_steps(outcome, steps, namespace, capture, pending_checks, stop_after_line,
                       on_step, filename, region_lines, source)
            wait_for_threads(threads)  # what interpreter exit does first
        _run_exit_handlers(outcome, exits, capture, filename, region_lines, source)
        if on_exit is not None:
            on_exit(outcome)
        probe = watch_namespace(namespace)
        del namespace
    finalize_namespace(probe)  # the file's teardown: its finalizers run now
    return outcome


def _run_steps(
    outcome: ExecutionOutcome,
    steps: Sequence[Step],
    namespace: dict[str, object],
    capture: StepCapture,
    pending_checks: list[OutputCheck],
    stop_after_line: int | None,
    on_step: Callable[[int, int], None] | None,
    filename: str,
    region_lines: Sequence[tuple[int, int]],
    source: str,
) -> None:
    since_check: list[str] = []
    for index, step in enumerate(steps):
        if on_step is not None:
            on_step(step.first_line, step.last_line)
        failure: BaseException | None = None
        try:
            exec(step.code, namespace)
        except SystemExit as exc:
            if exc.code not in (0, None):
                failure = exc
            else:
                outcome.exited_early = True
                in_file = [line for frame_file, line in _frames(exc) if frame_file == filename]
                outcome.exit_line = in_file[-1] if in_file else step.first_line
        except Exception as exc:
            failure = exc
        printed = capture.take()
        outcome.outputs.append(StepOutput(step.first_line, step.last_line, printed))
        since_check.append(printed)
        if failure is not None:
            _record_failure(outcome, failure, filename, step, region_lines, source)
            return
        if outcome.exited_early:
            outcome.frontier = step.last_line
            return
        next_first = steps[index + 1].first_line if index + 1 < len(steps) else None
        while pending_checks and (next_first is None or pending_checks[0].line < next_first):
            check = pending_checks.pop(0)
            if stop_after_line is not None and check.line > stop_after_line:
                continue
            problem = check.verify("".join(since_check))
            since_check.clear()
            if problem is not None:
                outcome.error = problem
                outcome.error_lines = (check.line,)
                outcome.frontier = check.line
                return


def _run_exit_handlers(
    outcome: ExecutionOutcome,
    exits: ExitHandlers,
    capture: StepCapture,
    filename: str,
    region_lines: Sequence[tuple[int, int]],
    source: str,
) -> None:
    """The file's atexit handlers, as at the exit of its own process; a failure is the
    file's (the first failure of the file is kept when it already failed)."""
    for handler, exc in exits.run():
        line = handler.line or 1
        printed = capture.take()
        if printed:  # shown with the region that registered the handler
            outcome.outputs.append(StepOutput(line, line, printed))
        if exc is not None and outcome.error is None:
            frontier = outcome.frontier
            _record_failure(outcome, exc, filename, Step(line, line, _NO_CODE),
                            region_lines, source)
            outcome.error_lines = (*outcome.error_lines, line)
            outcome.frontier = frontier
            if outcome.error is not None:
                outcome.error.message = (f"in the atexit handler registered at line {line}: "
                                         f"{outcome.error.message}")


_NO_CODE = compile("", "<none>", "exec")


def _record_failure(
    outcome: ExecutionOutcome,
    exc: BaseException,
    filename: str,
    step: Step,
    region_lines: Sequence[tuple[int, int]],
    source: str,
) -> None:
    in_file = [line for frame_file, line in _frames(exc) if frame_file == filename]
    if not in_file:
        in_file = [step.first_line]
    in_region = [line for line in in_file if any(a <= line <= b for a, b in region_lines)]
    line = in_region[-1] if in_region else in_file[-1]
    message = str(exc)
    if not message and isinstance(exc, AssertionError):
        lines = source.splitlines()
        message = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    outcome.error = ErrorInfo(line, type(exc).__name__, message, _format_from(exc, filename))
    outcome.error_lines = (in_file[0], line)
    outcome.frontier = max(in_file[0], line)


def _frames(exc: BaseException) -> list[tuple[str, int]]:
    frames = traceback.extract_tb(exc.__traceback__)
    return [(frame.filename, frame.lineno or 0) for frame in frames]


def _format_from(exc: BaseException, filename: str) -> str:
    """The traceback from the first frame in the example file on (no driver frames)."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != filename:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb or exc.__traceback__))


def _format_only(exc: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(exc), exc))
