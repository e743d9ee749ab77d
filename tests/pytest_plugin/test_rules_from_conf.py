"""doccode_rules and tags under pytest: --doccode-conf, --doccode-tags, -m TAG."""

from __future__ import annotations

import pytest

from tests.pytest_plugin.conftest import RunDoccode, write_doc_code

pytestmark = pytest.mark.ray

CONF = """\
doccode_rules = [
    ("doc_code/*.py", {"tags": ["fast"]}),
    ("doc_code/big.py", {"tags": ["mem_pressure"]}),
    ("doc_code/java.py", {"skip": "needs Java"}),
    ("doc_code/oops.py", {"xfail": "shows the error"}),
]
"""


def project(pytester: pytest.Pytester) -> None:
    (pytester.path / "docs").mkdir()
    (pytester.path / "docs" / "conf.py").write_text(CONF)
    write_doc_code(pytester, "small.py", "print('small')\n")
    write_doc_code(pytester, "big.py", "print('big')\n")
    write_doc_code(pytester, "java.py", "raise SystemExit(1)\n")
    write_doc_code(pytester, "oops.py", "raise ValueError('the error')\n")


def test_rules_from_conf_py_and_tag_selection(pytester: pytest.Pytester,
                                              run_doccode: RunDoccode) -> None:
    project(pytester)
    result = run_doccode("doc_code", "--doccode-conf=docs/conf.py",
                         "--doccode-skip-tags=mem_pressure", "-rsx", "--strict-markers")
    result.assert_outcomes(passed=1, skipped=2, xfailed=1)
    result.stdout.fnmatch_lines([
        "*doc_code/big.py*not selected: tagged mem_pressure (doccode_skip_tags)*",
        "*doc_code/java.py*needs Java*",
    ])


def test_tags_are_pytest_marks(pytester: pytest.Pytester, run_doccode: RunDoccode) -> None:
    project(pytester)
    result = run_doccode("doc_code", "--doccode-conf=docs/conf.py", "-m", "mem_pressure",
                         "--strict-markers")
    result.assert_outcomes(passed=1, deselected=3)


def test_a_bad_rule_is_a_usage_error(pytester: pytest.Pytester, run_doccode: RunDoccode) -> None:
    (pytester.path / "conf.py").write_text('doccode_rules = [("x", {"timeout": 0})]\n')
    write_doc_code(pytester, "small.py", "print('small')\n")
    result = run_doccode("doc_code", "--doccode-conf=conf.py")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*doccode_rules[[]0[]] ('x'): bad value for 'timeout'*"])
