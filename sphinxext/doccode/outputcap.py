"""Bounds on what a run keeps of an example's output: head and tail, with a note of the cut.

Pure Python (no Sphinx, no Ray). The driver, the reports and the cache all
cap with these functions, so a file that prints 50 MB costs kilobytes to keep;
``# Output:`` checks run in the driver on the whole text, before capping.
"""

from __future__ import annotations

from dataclasses import replace

from sphinxext.doccode.results import ErrorInfo, FileResult, RegionResult

#: lines kept of one region's output: 200 from the start, 200 from the end, and notes
MAX_LINES = 405
#: characters kept of one region's output, of an error message or of a traceback
MAX_CHARS = 50_000


def cut_note(count: int, unit: str) -> str:
    return f"… {count} {unit} cut …"


def cap_text(text: str, *, max_lines: int = MAX_LINES, max_chars: int = MAX_CHARS) -> str:
    """``text`` itself when it is small, else its head and tail around a "… N lines cut …"
    line (and "… N characters cut …" where lines are very long)."""
    if len(text) <= max_chars and text.count("\n") <= max_lines:
        return text
    # Room for the notes, so that capped text is within the limits (capping is idempotent).
    keep, half = max(1, (max_lines - 5) // 2), max(1, (max_chars - 200) // 2)
    lines = text.splitlines(keepends=True)
    if len(lines) > 2 * keep:
        head, tail = "".join(lines[:keep]), "".join(lines[-keep:])
        middle = f"{cut_note(len(lines) - 2 * keep, 'lines')}\n"
    else:
        head, tail = text[:half], text[max(half, len(text) - half):]
        middle = f"\n{cut_note(len(text) - len(head) - len(tail), 'characters')}\n"
    if len(head) > half:
        head = f"{head[:half]}\n{cut_note(len(head) - half, 'characters')}\n"
    if len(tail) > half:
        tail = f"{cut_note(len(tail) - half, 'characters')}\n{tail[-half:]}"
    return head + middle + tail


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
