"""doccode_rules through the ``doccode`` builder: settings in the report, rule warnings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.sphinx_helpers import copy_root
from tests.sphinx_warnings import of_kind
from tests.test_builder import by_path, load_report, plain_status

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.ray


def test_rules_decide_per_file_and_the_report_says_what_applied(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, ray_address: str
) -> None:
    project = copy_root("rules", tmp_path)
    app = make_app("doccode", srcdir=project / "docs", builddir=project / "_build",
                   confoverrides={"doccode_ray_address": ray_address, "doccode_cache": "off"})
    app.verbosity = 1  # as -v (SphinxTestApp takes verbosity= only from Sphinx 7.3)
    app.build()
    report = load_report(app)
    status = {f["path"]: f["status"] for f in report["files"]}
    assert status == {
        "doc_code/flavour.py": "passed",  # env from its rule
        "doc_code/gpu_train.py": "skipped",
        "doc_code/marker_wins.py": "passed",
        "doc_code/plain.py": "passed",
        "doc_code/segfaults.py": "skipped",
        "doc_code/shows_error.py": "skipped",  # the expected failure happened
    }, report
    assert app.statuscode == 0, plain_status(app)

    assert by_path(report, "doc_code/segfaults.py")["reason"] == "purposefully segfaults"
    gpu = by_path(report, "doc_code/gpu_train.py")
    assert gpu["reason"].startswith("requires 1 GPU, but no node has enough GPU")
    assert gpu["settings"]["resources"] == {"GPU": 1.0}
    assert gpu["settings"]["tags"] == ["team:docs", "gpu"]
    assert by_path(report, "doc_code/shows_error.py")["reason"] == \
        "expected failure: shows the error users hit"

    plain = by_path(report, "doc_code/plain.py")["settings"]
    assert plain == {"timeout": 60.0, "tags": ["team:docs"],
                     "from": {"timeout": "doccode_rules[0] ('doc_code/*.py')",
                              "tags": "doccode_rules[0] ('doc_code/*.py')"}}
    marker = by_path(report, "doc_code/marker_wins.py")["settings"]
    assert marker["timeout"] == 30.0 and marker["from"]["timeout"] == "marker"
    flavour = by_path(report, "doc_code/flavour.py")["settings"]
    assert flavour["env"] == {"DOC_FLAVOUR": "rules"} and flavour["exclusive"] is True

    printed = plain_status(app)
    assert "skipped: purposefully segfaults" in printed
    assert "settings: timeout=30.0 [marker]; tags=['team:docs']" in printed  # -v

    warnings = of_kind(app, "doccode.rules")
    conf_py = str(project / "docs" / "conf.py")
    assert [(w.path, w.line) for w in warnings] == [(conf_py, 12), (conf_py, 11)], warnings
    bad, unused = warnings
    assert "doccode_rules[6] ('doc_code/*.py'): bad value for 'timeout'" in bad.message
    assert "the rule is ignored" in bad.message
    assert "doccode_rules[5] ('doc_code/typo_*.py') matches no file" in unused.message


def test_command_line_tags_and_a_rules_value_of_the_wrong_kind(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    project = copy_root("rules", tmp_path)
    app = make_app("html", srcdir=project / "docs", freshenv=True,
                   confoverrides={"doccode_tags": "gpu,fast", "doccode_rules": 5,
                                  "doccode_fail_unschedulable": "0"})
    assert app.config.doccode_tags == ["gpu", "fast"]
    assert app.config.doccode_fail_unschedulable is False
    [warning] = of_kind(app, "doccode.config")
    assert "doccode_rules" in warning.message and "(glob, settings) pairs" in warning.message
    assert app.config.doccode_rules == []
