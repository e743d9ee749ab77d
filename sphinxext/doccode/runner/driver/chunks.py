"""One chunk of a page (a block, or one ``>>>`` example): compiled at its real page lines,
run, and judged as doctest judges it. Ray-free."""

from __future__ import annotations

import ast
import doctest
import traceback
import types
from typing import cast

from sphinxext.doccode.results import ErrorInfo
from sphinxext.doccode.runner.driver.file_runner import _format_from
from sphinxext.doccode.runner.driver.namespace import StepCapture
from sphinxext.doccode.sources.output_checker import output_difference

TRACEBACK_HEADER = "Traceback (most recent call last):"


def compile_chunk(source: str, filename: str, first_line: int, mode: str) -> types.CodeType:
    tree = cast("ast.Module | ast.Interactive", ast.parse(source, filename, mode=mode))
    ast.increment_lineno(tree, first_line - 1)
    code: types.CodeType = compile(tree, filename, mode, flags=0, dont_inherit=True)
    return code


def exception_error(exc: BaseException, filename: str, fallback_line: int) -> ErrorInfo:
    if isinstance(exc, SyntaxError) and exc.filename == filename:
        line = exc.lineno or fallback_line
        text = "".join(traceback.format_exception_only(type(exc), exc))
        return ErrorInfo(line, "SyntaxError", exc.msg or str(exc), text)
    frames = traceback.extract_tb(exc.__traceback__)
    lines = [f.lineno or 0 for f in frames if f.filename == filename]
    line = lines[-1] if lines else fallback_line
    return ErrorInfo(line, type(exc).__name__, str(exc), _format_from(exc, filename))


def execute_chunk(
    source: str, filename: str, first_line: int, mode: str,
    namespace: dict[str, object], capture: StepCapture,
) -> tuple[str, BaseException | None]:
    """Run one chunk; a SyntaxError of the chunk itself is raised with its page line."""
    try:
        code = compile_chunk(source, filename, first_line, mode)
    except SyntaxError as exc:
        if exc.lineno is not None:  # ast.parse counts lines of the chunk
            exc.lineno += first_line - 1
        raise
    failure: BaseException | None = None
    try:
        exec(code, namespace)
    except SystemExit as exc:
        if exc.code not in (0, None):
            failure = exc
    except Exception as exc:
        failure = exc
    return capture.take(), failure


def mismatch_error(line: int, diff: str) -> ErrorInfo:
    return ErrorInfo(line, "OutputMismatch",
                     f"printed output does not match the testoutput of line {line} "
                     f"(- expected, + printed):\n{diff}")


def split_traceback(expected: str) -> tuple[str, str | None]:
    """(output before, expected exception message) of a testoutput that ends in a traceback."""
    head, sep, tail = expected.partition(TRACEBACK_HEADER)
    if not sep:
        return expected, None
    message = [line for line in tail.splitlines() if line and not line[0].isspace()
               and not line.startswith("...")]
    return head, "\n".join(message) + "\n"


def exception_matches(exc: BaseException, expected: str, flags: int) -> bool:
    got = "".join(traceback.format_exception_only(type(exc), exc))
    if flags & doctest.IGNORE_EXCEPTION_DETAIL:
        return got.split(":")[0].split(".")[-1] == expected.split(":")[0].split(".")[-1].strip()
    return output_difference(expected, got, flags) is None
