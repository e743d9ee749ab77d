"""The light parser of inline blocks and sphinx.ext.doctest's grouping rules. No Sphinx, no Ray."""

from __future__ import annotations

import doctest
import textwrap

from sphinxext.doccode.sources.inline_blocks import (
    MOCK,
    InlineBlock,
    block_name,
    execution_order,
    group_blocks,
    parse_page,
)
from sphinxext.doccode.sources.output_checker import (
    DEFAULT_FLAGS,
    output_difference,
    without_ray_lines,
)


def rst(text: str) -> list[InlineBlock]:
    return parse_page(textwrap.dedent(text), ".rst")


def test_rest_block_options_content_and_lines() -> None:
    [setup, code, output] = rst("""\
        .. testsetup:: a, b

           x = 1

        Some prose.

        .. testcode:: a
           :hide:
           :skipif: x > 1

           print(x)
             # indented on purpose

        .. testoutput:: a
           :options: +ELLIPSIS, -NORMALIZE_WHITESPACE

           1
        """)
    assert (setup.kind, setup.line, setup.first_line) == ("testsetup", 1, 3)
    assert setup.groups == ("a", "b")
    assert (code.line, code.first_line, code.last_line) == (7, 11, 12)
    assert code.hide and code.skipif == "x > 1"
    assert code.code == "print(x)\n  # indented on purpose"
    assert output.options == ("+ELLIPSIS", "-NORMALIZE_WHITESPACE")
    assert output.flags(doctest.NORMALIZE_WHITESPACE) == doctest.ELLIPSIS


def test_blocks_nested_in_other_directives_count_but_literal_ones_do_not() -> None:
    blocks = rst("""\
        .. note::

           .. testcode::

              print("in a note")

        Shown only::

           .. testcode::

              print("literal")

        .. code-block:: rst

           .. testcode::

              print("also literal")
        """)
    assert [(b.line, b.code) for b in blocks] == [(3, 'print("in a note")')]


def test_myst_fences_with_options_and_yaml_options() -> None:
    blocks = parse_page(textwrap.dedent("""\
        ```{testcode} grp
        :hide:
        x = 2
        ```

        ```{testoutput} grp
        ---
        options: +MOCK
        ---
        anything
        ```

        ````text
        ```{testcode}
        not a block
        ```
        ````
        """), ".md")
    assert [(b.kind, b.line, b.first_line, b.groups) for b in blocks] == [
        ("testcode", 1, 3, ("grp",)), ("testoutput", 6, 10, ("grp",))]
    assert blocks[0].hide and blocks[1].flags() & MOCK


def test_groups_follow_sphinx_ext_doctest() -> None:
    blocks = rst("""\
        .. testsetup:: *

           s = 1

        .. testcode::

           a = 1

        .. testcode:: g

           b = 1

        .. testoutput::

           out

        .. testcleanup:: *

           del s
        """)
    groups = group_blocks(blocks)
    assert [g.name for g in groups] == ["default", "g"]
    default, g = groups
    assert [b.line for b in default.setup] == [1] == [b.line for b in g.setup]
    assert default.tests[0].output is not None and default.tests[0].output.line == 13
    assert g.tests[0].output is None
    assert [name for name, _, _ in execution_order(blocks)] == [
        "testsetup-L1", "testcode-L5", "testcleanup-L17",
        "testsetup-L1[g]", "testcode-L9[g]", "testcleanup-L17[g]"]
    assert block_name(blocks[1], "default") == "testcode-L5"


def test_round_trip() -> None:
    [block] = rst(".. doctest::\n   :trim-doctest-flags:\n\n   >>> 1  # doctest: +SKIP\n   1\n")
    assert InlineBlock.from_dict(block.to_dict()) == block and block.trim_flags


def test_one_checker_for_testoutput_with_doctest_semantics() -> None:
    assert output_difference("took ... s\n", "took 0.3 s\n", DEFAULT_FLAGS) is None
    assert output_difference("a b\n", "a   b\n", DEFAULT_FLAGS) is not None
    spaces = DEFAULT_FLAGS | doctest.NORMALIZE_WHITESPACE
    assert output_difference("a b\n", "a   b\n", spaces) is None
    assert output_difference("1\n", "True\n", DEFAULT_FLAGS) is not None  # DONT_ACCEPT_TRUE_FOR_1
    diff = output_difference("hello 41\n", "hello 42\n", DEFAULT_FLAGS)
    assert diff is not None and "- hello 41" in diff and "+ hello 42" in diff


def test_ray_worker_lines_are_never_compared() -> None:
    printed = "(square pid=123) side note\nresult\n\x1b[36m(raylet)\x1b[0m noise\n"
    assert without_ray_lines(printed) == "result\n"
    assert output_difference("result\n", printed, DEFAULT_FLAGS) is None
    assert output_difference("(f pid=1) side note\nresult\n", "result\n", DEFAULT_FLAGS) is None
