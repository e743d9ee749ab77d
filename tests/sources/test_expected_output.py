"""Expected-output blocks: parsing, normalisation, wildcards, diffs. No Ray."""

from __future__ import annotations

import textwrap

import pytest

from sphinxext.doccode.sources.expected_output import (
    BLOCK_ERROR_TYPE,
    OUTPUT_ERROR_TYPE,
    OutputBlock,
    check_output,
    normalise,
    plan_output_checks,
)


def plan(source: str):  # type: ignore[no-untyped-def]
    return plan_output_checks(textwrap.dedent(source))


def block(expected: str, *, unordered: bool = False) -> OutputBlock:
    return OutputBlock(10, 12, textwrap.dedent(expected).strip("\n"), unordered)


# -- parsing ---------------------------------------------------------------------------


def test_block_is_the_comment_lines_after_the_marker() -> None:
    result = plan(
        """\
        print("a")
        # Output:
        # a
        #   b  c
        x = 1
        # unrelated comment
        """
    )
    assert result.problems == []
    [only] = result.blocks
    assert (only.line, only.last_line, only.expected, only.unordered) == (2, 4, "a\n  b  c", False)


def test_text_on_the_marker_line_is_the_first_expected_line() -> None:
    [only] = plan("print(42)\n# Output: 42\n").blocks
    assert only.expected == "42"
    assert only.last_line == 2


def test_block_stops_at_region_marker_and_doccode_marker() -> None:
    result = plan(
        """\
        # __r_start__
        print(1)
        # Output:
        # 1
        # __r_end__
        print(2)
        # Output:
        # 2
        # doccode: timeout=5
        """
    )
    assert [(b.line, b.last_line, b.expected) for b in result.blocks] == [(3, 4, "1"), (7, 8, "2")]


def test_two_adjacent_blocks_are_separate() -> None:
    result = plan("# Output:\n# a\n# Output (unordered):\n# b\n")
    assert [(b.expected, b.unordered) for b in result.blocks] == [("a", False), ("b", True)]


def test_output_inside_a_string_is_not_a_block() -> None:
    result = plan('text = """\n# Output:\n# nope\n"""\n')
    assert result.blocks == []


def test_indented_block_is_a_problem_with_a_hint() -> None:
    result = plan(
        """\
        def f():
            print(1)
            # Output:
            # 1
        """
    )
    assert result.blocks == []
    [problem] = result.problems
    assert problem.line == 3
    assert "indented" in problem.message
    error = problem.to_error()
    assert error.type == BLOCK_ERROR_TYPE and error.line == 3 and "hint:" in error.message


def test_unknown_mode_is_a_problem() -> None:
    [problem] = plan("# Output (sorted):\n# a\n").problems
    assert "sorted" in problem.message and "unordered" in problem.hint


def test_syntax_error_yields_no_plan_instead_of_raising() -> None:
    assert plan("print('a'\n# Output:\n# a\n").blocks == []


def test_empty_block_expects_no_output() -> None:
    [only] = plan("x = 1\n# Output:\ny = 2\n").blocks
    assert only.expected == ""
    assert check_output(only, "") is None
    assert check_output(only, "surprise\n") is not None


# -- normalisation -----------------------------------------------------------------------


def test_normalise_collapses_whitespace_and_drops_blank_and_ray_log_lines() -> None:
    printed = (
        "  a   b\t c  \n"
        "\n"
        "(make_greeting pid=4711) hello from a worker\n"
        "(Counter pid=12, ip=10.0.0.3) counted\n"
        "(raylet) a daemon message\n"
        "(pid=99) anonymous worker\n"
        "(not a log line) kept\n"
        "end\n"
    )
    assert normalise(printed) == ["a b c", "(not a log line) kept", "end"]


# -- matching --------------------------------------------------------------------------


def test_exact_match_after_normalisation() -> None:
    assert check_output(block("['abcd', 'efgh']\n[1, 9]"), "['abcd',   'efgh']\n\n[1, 9]\n") is None


def test_wildcard_inside_a_line() -> None:
    expected = block("ObjectRef(...)\nTook ... s")
    assert check_output(expected, "ObjectRef(c8ef45ccd0112571ffff)\nTook 0.31 s\n") is None
    assert check_output(expected, "ObjectRef(c8ef)\nTook 0.31 ms\n") is not None


def test_wildcard_line_matches_any_number_of_lines_including_none() -> None:
    expected = block("start\n...\nend")
    assert check_output(expected, "start\nend\n") is None
    assert check_output(expected, "start\n1\n2\n3\nend\n") is None
    assert check_output(expected, "start\n1\n") is not None


def test_regex_characters_are_literal() -> None:
    assert check_output(block("a.b (c) [d]*"), "a.b (c) [d]*") is None
    assert check_output(block("a.b"), "axb") is not None


def test_ray_worker_lines_interleaved_do_not_fail_the_check() -> None:
    printed = "first\n(f pid=1) noise\nsecond\n"
    assert check_output(block("first\nsecond"), printed) is None


def test_coloured_worker_lines_and_colour_codes_are_ignored() -> None:
    # What Ray really prints on a terminal-less driver: the prefix in cyan.
    printed = "B\n\x1b[36m(shout pid=21630)\x1b[0m C\nC\n\x1b[1m\x1b[32mA\x1b[0m\n"
    assert check_output(block("B\nC\nA"), printed) is None


def test_unordered_block_accepts_any_order_but_not_missing_or_extra_lines() -> None:
    expected = block("a\nb\nc ...", unordered=True)
    assert check_output(expected, "c 3\nb\na\n") is None
    missing = check_output(expected, "a\nc 3\n")
    assert missing is not None and missing.diff == "- b"
    extra = check_output(expected, "a\nb\nc 3\nd\n")
    assert extra is not None and extra.diff == "+ d"
    assert check_output(block("a\n...", unordered=True), "z\na\ny\n") is None


# -- diffs -----------------------------------------------------------------------------


def test_mismatch_diff_marks_expected_and_printed_lines() -> None:
    mismatch = check_output(block("['abcd', 'efgh']\ndone"), "['abcd', 'efgh', 'ij']\ndone\n")
    assert mismatch is not None
    assert mismatch.diff.splitlines() == [
        "- ['abcd', 'efgh']",
        "+ ['abcd', 'efgh', 'ij']",
        "  done",
    ]
    error = mismatch.to_error()
    assert error.type == OUTPUT_ERROR_TYPE
    assert error.line == 10
    assert "line 10" in error.message and "- expected, + printed" in error.message


def test_diff_shows_wildcard_matches_as_unchanged() -> None:
    mismatch = check_output(block("Took ... s\nresult: 3"), "Took 1.5 s\nresult: 4\n")
    assert mismatch is not None
    assert mismatch.diff.splitlines() == ["  Took 1.5 s", "- result: 3", "+ result: 4"]


def test_long_unchanged_stretches_are_collapsed() -> None:
    lines = [f"line {k}" for k in range(30)]
    printed = "\n".join([*lines, "tail"])
    mismatch = check_output(block("\n".join([*lines, "TAIL"])), printed)
    assert mismatch is not None
    shown = mismatch.diff.splitlines()
    assert shown[0] == "  [27 matching lines]"
    assert shown[-2:] == ["- TAIL", "+ tail"]


def test_nothing_printed_shows_every_expected_line_as_missing() -> None:
    mismatch = check_output(block("a\nb"), "")
    assert mismatch is not None
    assert mismatch.diff.splitlines() == ["- a", "- b"]


@pytest.mark.parametrize("printed", ["", "x\n", "a\nb\n"])
def test_check_is_deterministic(printed: str) -> None:
    first = check_output(block("a\n...\nb"), printed)
    second = check_output(block("a\n...\nb"), printed)
    assert (first is None) == (second is None)
    if first is not None and second is not None:
        assert first.diff == second.diff


# -- the driver's hook -----------------------------------------------------------------


def test_checks_verify_in_file_order_and_problems_always_fail() -> None:
    result = plan(
        """\
        print(1)
        # Output: 1
        def f():
            # Output:
            # never checked
            pass
        print(2)
        # Output: 2
        """
    )
    checks = result.checks
    assert [check.line for check in checks] == [2, 4, 8]
    assert checks[0].verify("1\n") is None
    failure = checks[0].verify("one\n")
    assert failure is not None and failure.type == OUTPUT_ERROR_TYPE and failure.line == 2
    problem = checks[1].verify("")
    assert problem is not None and problem.type == BLOCK_ERROR_TYPE and problem.line == 4
