"""Which inline blocks a page's source asks Sphinx for. No Sphinx, no Ray."""

from __future__ import annotations

import textwrap

from sphinxext.doccode.sources.expected_blocks import expected_blocks, follows_text

PAGE = textwrap.dedent("""\
    Text right above:
    .. testcode::

       a = 1

    ..
       .. testcode::

          commented = True

    .. note::

       .. testcode::

          nested = True

    .. testcode::
       :skipif: True

       skipped = True

    .. this comment is no directive

    .. doctest::

       >>> 1
       1
""")


def test_commented_out_and_skipif_blocks_are_not_expected() -> None:
    blocks = expected_blocks(PAGE, ".rst")
    assert [(b.kind, b.line) for b in blocks] == [("testcode", 2), ("testcode", 13),
                                                  ("doctest", 24)]


def test_a_directive_under_a_text_line_follows_text() -> None:
    assert follows_text(PAGE, 2)
    assert not follows_text(PAGE, 13) and not follows_text(PAGE, 24)
    assert not follows_text(PAGE, 1)


def test_myst_fences_are_expected_wherever_they_are_indented() -> None:
    page = "Text:\n\n    ```{testcode}\n    x = 1\n    ```\n\n```{doctest}\n>>> 1\n1\n```\n"
    assert [(b.kind, b.line) for b in expected_blocks(page, ".md")] == [("testcode", 3),
                                                                        ("doctest", 7)]
