"""Which files and items the plugin collects. Collection only: no Ray is started."""

from __future__ import annotations

import pytest

from tests.pytest_plugin.conftest import write_doc_code

THREE_REGIONS = """\
import math

# __first_start__
radius = 2
# __first_end__

# __second_start__
# __nested_start__
area = math.pi * radius**2
# __nested_end__
# __second_end__

# __third_start__
print(round(area, 2))
# __third_end__
"""


def collect(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("--collect-only", "-q", *args)


def test_one_item_per_region_in_file_order(pytester: pytest.Pytester) -> None:
    write_doc_code(pytester, "circle.py", THREE_REGIONS)
    write_doc_code(pytester, "whole_file.py", "print('no markers: one implicit region')\n")
    result = collect(pytester, "--doccode", "doc_code")
    result.stdout.fnmatch_lines(
        [
            "doc_code/circle.py::first",
            "doc_code/circle.py::second",
            "doc_code/circle.py::nested",
            "doc_code/circle.py::third",
            "doc_code/whole_file.py::__file__",
            "",
            "5 tests collected*",
        ],
        consecutive=True,
    )


def test_a_file_named_on_the_command_line_is_not_imported_as_a_test_module(
    pytester: pytest.Pytester,
) -> None:
    # pytest would import a named *.py file, running its top-level code (here: a crash).
    write_doc_code(pytester, "named.py", "raise SystemExit('imported!')\n# __r_start__\nx = 1\n"
                   "# __r_end__\n")
    result = collect(pytester, "--doccode", "doc_code/named.py")
    result.stdout.fnmatch_lines(["doc_code/named.py::r", "1 test collected*"])
    result.stdout.no_fnmatch_line("*imported!*")


def test_disabled_without_the_flag_and_test_modules_stay_with_pytest(
    pytester: pytest.Pytester,
) -> None:
    write_doc_code(pytester, "circle.py", THREE_REGIONS)
    write_doc_code(pytester, "test_helpers.py", "def test_helper():\n    assert True\n")
    write_doc_code(pytester, "conftest.py", "")
    without = collect(pytester, "doc_code")
    without.stdout.fnmatch_lines(["doc_code/test_helpers.py::test_helper", "1 test collected*"])
    with_flag = collect(pytester, "--doccode", "doc_code")
    with_flag.stdout.fnmatch_lines(["doc_code/test_helpers.py::test_helper", "5 tests collected*"])
    with_flag.stdout.no_fnmatch_line("*conftest.py::*")


def test_ini_twin_and_doccode_paths_select_files_without_arguments(
    pytester: pytest.Pytester,
) -> None:
    write_doc_code(pytester, "circle.py", THREE_REGIONS)
    (pytester.path / "scripts").mkdir()
    (pytester.path / "scripts" / "helper.py").write_text("raise SystemExit('not an example')\n")
    pytester.makeini("[pytest]\ndoccode = true\ndoccode_paths = doc_code\n")
    result = collect(pytester)
    result.stdout.fnmatch_lines(["doc_code/circle.py::first", "4 tests collected*"])
    result.stdout.no_fnmatch_line("*helper.py*")


def test_doccode_paths_limit_examples_when_tests_are_named_too(
    pytester: pytest.Pytester,
) -> None:
    write_doc_code(pytester, "circle.py", THREE_REGIONS)
    (pytester.path / "tests").mkdir()
    (pytester.path / "tests" / "helpers.py").write_text("raise SystemExit('a test helper')\n")
    (pytester.path / "tests" / "test_one.py").write_text("def test_one():\n    pass\n")
    pytester.makeini("[pytest]\ndoccode_paths = doc_code\n")
    result = collect(pytester, "--doccode", "tests", "doc_code")
    result.stdout.fnmatch_lines(["tests/test_one.py::test_one", "doc_code/circle.py::first",
                                 "5 tests collected*"])
    result.stdout.no_fnmatch_line("*helpers.py*")


def test_without_arguments_or_doccode_paths_nothing_is_swept_up(
    pytester: pytest.Pytester,
) -> None:
    write_doc_code(pytester, "circle.py", THREE_REGIONS)
    result = collect(pytester, "--doccode")
    result.stdout.fnmatch_lines(["no tests collected*"])


def test_malformed_doccode_comments_are_a_collection_error_with_location_and_hint(
    pytester: pytest.Pytester,
) -> None:
    write_doc_code(pytester, "broken.py", "# __open_start__\nx = 1\n# doccode: skipp\n")
    result = collect(pytester, "--doccode", "doc_code")
    result.stdout.fnmatch_lines(
        [
            "*ERROR collecting doc_code/broken.py*",
            "malformed markers:",
            "doc_code/broken.py:3: unknown doccode marker 'skipp' (hint: *)",
        ]
    )
    result.stdout.no_fnmatch_line("*Traceback*")


def test_region_marker_problems_warn_and_the_delimitable_regions_are_items(
    pytester: pytest.Pytester,
) -> None:
    # Used to be a collection error; now the file still runs (issue 9): one
    # warning per problem, with file:line, and every region that can be delimited.
    write_doc_code(
        pytester,
        "broken.py",
        "# __ok_begin__\nx = 1\n# __ok_end__\n# __stray_end__\n# __open_start__\ny = 2\n",
    )
    result = collect(pytester, "--doccode", "doc_code")
    result.stdout.fnmatch_lines(
        [
            "doc_code/broken.py::ok",
            "*DoccodeMarkerWarning: doc_code/broken.py:4: '# __stray_end__' has no matching*",
            "*DoccodeMarkerWarning: doc_code/broken.py:5: '# __open_start__' is never closed*",
        ]
    )
    result.stdout.no_fnmatch_line("*ERROR collecting*")
    result.stdout.no_fnmatch_line("doc_code/broken.py::open")


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--doccode-timeout=soon", "*doccode_timeout: 'soon' is not a number of seconds*"),
        ("--doccode-ray-resources=CPU", "*doccode_ray_resources: 'CPU' is not NAME=AMOUNT*"),
        ("--doccode-isolation=shared", "*--doccode-isolation: invalid choice: 'shared'*"),
    ],
)
def test_bad_option_values_are_usage_errors(
    pytester: pytest.Pytester, option: str, message: str
) -> None:
    write_doc_code(pytester, "circle.py", THREE_REGIONS)
    result = collect(pytester, "--doccode", option, "doc_code")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


def test_options_are_listed_in_their_own_group(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--help")
    result.stdout.fnmatch_lines(
        [
            "doc_code examples run on Ray (sphinxext-doccode):",
            "*--doccode *",
            "*--doccode-ray-address=ADDRESS*",
            "*--doccode-timeout=SECONDS*",
            "*--doccode-cache=*",
            "*--doccode-isolation={warm,alone}*",
        ]
    )
    result.stdout.fnmatch_lines(["*doccode_ray_address (string):*", "*doccode_paths (paths):*"])


def test_the_projects_own_doc_code_gives_one_item_per_region(pytester: pytest.Pytester) -> None:
    from pathlib import Path

    from sphinxext.doccode.sources.regions import load_regions

    doc_code = Path(__file__).resolve().parents[2] / "doc_code"
    expected = [
        f"doc_code/{path.name}::{name}"
        for path in sorted(doc_code.glob("*.py"))
        for name in load_regions(path).names()
    ]
    result = collect(pytester, "--doccode", str(doc_code))
    collected = [line for line in result.stdout.lines if "::" in line]
    assert collected == expected
    assert len(expected) >= 40
