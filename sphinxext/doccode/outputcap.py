"""Bounds on what a run keeps of an example's output: head and tail, with a note of the cut.

Pure Python (no Sphinx, no Ray). The driver, the reports and the cache all
cap with these functions, so a file that prints 50 MB costs kilobytes to keep;
``# Output:`` checks run in the driver on the whole text, before capping.
"""

from __future__ import annotations

from dataclasses import replace

from sphinxext.doccode.results import ErrorInfo, FileResult, RegionResult

#: lines kept of one region's output (half from the start, half from the end)
MAX_LINES = 400
#: characters kept of one region's output, of an error message or of a traceback
MAX_CHARS = 40_000


def cut_note(count: int, unit: str) -> str:
    return f"… {count} {unit} cut …"


def cap_text(text: str, *, max_lines: int = MAX_LINES, max_chars: int = MAX_CHARS) -> str:
    """``text`` itself when it is small, else its head and tail around a "… N lines cut …" line."""
    if len(text) <= max_chars and text.count("\n") <= max_lines:
        return text
    lines = text.split("\n")
    if len(lines) > max_lines:
        keep = max(1, max_lines // 2)
        cut = len(lines) - 2 * keep
        text = "\n".join([*lines[:keep], cut_note(cut, "lines"), *lines[-keep:]])
    if len(text) > max_chars:
        keep = max(1, max_chars // 2)
        cut = len(text) - 2 * keep
        text = f"{text[:keep]}\n{cut_note(cut, 'characters')}\n{text[-keep:]}"
    return text


def _cap_error(error: ErrorInfo | None) -> ErrorInfo | None:
    if error is None:
        return None
    return replace(error, message=cap_text(error.message), traceback=cap_text(error.traceback))


def _cap_region(region: RegionResult) -> RegionResult:
    return replace(region, output=cap_text(region.output), error=_cap_error(region.error))


def cap_result(result: FileResult) -> FileResult:
    """A copy of ``result`` whose outputs, messages and tracebacks are capped."""
    return replace(
        result,
        regions=[_cap_region(region) for region in result.regions],
        error=_cap_error(result.error),
        reason=cap_text(result.reason),
    )
