"""Capping what is kept of an example's output (issue 9, point 5): pure, no Ray."""

from __future__ import annotations

import pytest

from sphinxext.doccode.outputcap import MAX_CHARS, MAX_LINES, cap_result, cap_text
from sphinxext.doccode.results import ErrorInfo, FileResult, FileStatus, RegionResult, RegionStatus


def numbered(count: int, width: int = 0) -> str:
    return "".join(f"{i}{'x' * width}\n" for i in range(count))


def test_small_text_is_kept_as_is() -> None:
    text = numbered(400)
    assert cap_text(text) is text


def test_many_lines_keep_head_and_tail_with_a_note() -> None:
    capped = cap_text(numbered(1000), max_lines=11)
    assert capped == "0\n1\n2\n… 994 lines cut …\n997\n998\n999\n"


def test_long_lines_are_cut_too_and_both_notes_survive() -> None:
    capped = cap_text(numbered(100_000, width=99), max_lines=11, max_chars=400)
    assert len(capped) <= 400
    assert capped.startswith("0xxx") and capped.endswith("x\n")
    assert "… 99994 lines cut …" in capped
    assert "characters cut" in capped


def test_one_huge_line_keeps_its_ends() -> None:
    capped = cap_text("a" + "b" * 10**6 + "c", max_chars=300)
    assert capped.startswith("ab") and capped.endswith("bc")
    assert f"… {10**6 + 2 - 100} characters cut …" in capped


@pytest.mark.parametrize("text", [numbered(10**5), numbered(10**4, width=200), "z" * 10**6])
def test_capping_twice_changes_nothing(text: str) -> None:
    once = cap_text(text)
    assert len(once) <= MAX_CHARS and once.count("\n") <= MAX_LINES
    assert cap_text(once) == once


def test_result_outputs_messages_and_tracebacks_are_capped_in_a_copy() -> None:
    huge = "y" * (10 * MAX_CHARS)
    error = ErrorInfo(3, "AssertionError", huge, huge)
    region = RegionResult("r", RegionStatus.FAILED, 1, 4, error=error, output=numbered(10**5))
    result = FileResult("doc_code/x.py", FileStatus.FAILED, 1.0, regions=[region], error=error)
    capped = cap_result(result)
    assert len(capped.regions[0].output) <= MAX_CHARS + 200
    assert capped.error is not None and len(capped.error.message) <= MAX_CHARS + 200
    assert len(capped.regions[0].error.traceback) <= MAX_CHARS + 200  # type: ignore[union-attr]
    assert result.regions[0].output == numbered(10**5)  # the original is untouched
