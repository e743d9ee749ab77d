"""pytest's detailed comparisons for rewritten asserts outside a pytest test. No Ray."""

from __future__ import annotations

import ast

import pytest
from _pytest.assertion import util
from _pytest.assertion.rewrite import rewrite_asserts

from sphinxext.doccode.runner.driver.assertexplain import (
    explain_comparison,
    install_comparison_explanations,
    pytest_explanation,
)


def run_rewritten(source: str) -> str:
    """Run ``source`` as a driver would (rewritten asserts, our hook) and return the message."""
    tree = ast.parse(source, "example.py")
    rewrite_asserts(tree, source.encode(), None, None)
    saved = util._reprcompare
    install_comparison_explanations()
    try:
        with pytest.raises(AssertionError) as raised:
            exec(compile(tree, "example.py", "exec"), {})
    finally:
        util._reprcompare = saved
    return str(raised.value)


def test_lists_get_the_index_of_the_first_difference() -> None:
    message = run_rewritten("assert [1, 2, 3] == [1, 2, 4]\n")
    lines = [line for line in message.splitlines() if line.strip()]  # pytest 8 adds a blank
    assert lines[:2] == ["assert [1, 2, 3] == [1, 2, 4]", "  At index 2 diff: 3 != 4"]
    assert "-v" not in message  # pytest's verbosity does not reach a driver


def test_dicts_name_the_differing_items() -> None:
    message = run_rewritten("assert {'a': 1, 'b': 2} == {'a': 1, 'b': 3}\n")
    assert "Differing items:" in message
    assert "{'b': 2} != {'b': 3}" in message


def test_long_explanations_are_cut() -> None:
    left = "\n".join(f"line {n}" for n in range(30))
    explanation = explain_comparison("==", left, left.replace("line", "LINE"))
    assert explanation is not None
    lines = explanation.split("\n~")
    assert len(lines) == 13 and lines[-1].endswith("more line(s) not shown)")


def test_no_explanation_for_plain_values() -> None:
    assert explain_comparison("<", 3, 2) is None


def test_pytest_hook_implementation_still_fits_our_stand_in() -> None:
    # The guard of the private part: without the try/except of explain_comparison,
    # so a pytest release that changes what its hook reads fails here by name.
    lines = pytest_explanation("==", [1, 2, 3], [1, 2, 4])
    assert lines[0] == "[1, 2, 3] == [1, 2, 4]"
    assert "At index 2 diff: 3 != 4" in lines
    # pytest's own truncation stays off whatever the version or a CI variable says.
    long = pytest_explanation("==", list(range(40)), list(range(1, 41)))
    assert not any("truncated" in line for line in long)
