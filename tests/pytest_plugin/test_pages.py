"""Pages with inline blocks as pytest collectors, their blocks as items (real Ray)."""

from __future__ import annotations

import textwrap

import pytest
from defusedxml import ElementTree

from tests.pytest_plugin.conftest import RunDoccode

pytestmark = pytest.mark.ray

PAGE = """\
Example page
============

.. testsetup::

   import ray

.. testcode::

   @ray.remote
   def double(x):
       return 2 * x

   print(ray.get(double.remote(21)))

.. testoutput::

   42

.. testcode::

   result = ray.get(double.remote(1))
   assert result == 3, f"got {result}"

.. doctest::

   >>> 1 + 1
   2
"""

MYST = """\
# A MyST page

```{testcode}
print("hi from myst")
```

```{testoutput}
hi from myst
```
"""


def write_pages(pytester: pytest.Pytester) -> None:
    docs = pytester.path / "docs"
    docs.mkdir()
    (docs / "page.rst").write_text(PAGE)
    (docs / "notes.md").write_text(MYST)
    (docs / "plain.rst").write_text(textwrap.dedent("""\
        No blocks here::

           .. testcode::

              raise RuntimeError("only shown")
        """))


def test_pages_are_collectors_and_blocks_are_items(pytester: pytest.Pytester) -> None:
    write_pages(pytester)
    result = pytester.runpytest_subprocess("--doccode", "--collect-only", "-q", "docs")
    result.stdout.fnmatch_lines([
        "docs/notes.md::testcode-L3",
        "docs/page.rst::testsetup-L4",
        "docs/page.rst::testcode-L8",
        "docs/page.rst::testcode-L20",
        "docs/page.rst::doctest-L25",
        "*5 tests collected*",
    ])
    assert "plain.rst" not in result.stdout.str()


def test_blocks_report_at_their_page_line_with_junit(
    pytester: pytest.Pytester, run_doccode: RunDoccode
) -> None:
    write_pages(pytester)
    result = run_doccode("docs", "--junitxml=junit.xml", "-rs")
    result.assert_outcomes(passed=3, failed=1, skipped=1)
    result.stdout.fnmatch_lines([
        "*region 'testcode-L20' failed at docs/page.rst:23*",
        "> 23     assert result == 3*",
        "E   AssertionError: got 2",
        '  File "*docs/page.rst", line 23, in <module>',
        "*0 doc_code file(s) and 2 page(s)*",
        "*not run: region 'testcode-L20' failed at docs/page.rst:23*",
    ])
    cases = ElementTree.parse(pytester.path / "junit.xml").getroot().iter("testcase")
    names = {case.get("name"): case for case in cases}
    assert names["testcode-L20"].find("failure") is not None
    assert names["testcode-L8"].get("classname") == "docs.page.rst"


def test_k_and_last_failed_select_blocks(
    pytester: pytest.Pytester, run_doccode: RunDoccode
) -> None:
    write_pages(pytester)
    run_doccode("docs", "-k", "L20")
    assert (pytester.path / ".pytest_cache").exists()
    result = run_doccode("docs", "--lf")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*rerun previous 1 failure*", "docs/page.rst F*"])
    selected = run_doccode("docs", "-k", "testcode and not L20")
    selected.assert_outcomes(passed=2, deselected=3)
