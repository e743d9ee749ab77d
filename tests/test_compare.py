"""The differential test: a mixed doc set run warm and alone has the same outcomes (issue 9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sphinxext.doccode import compare
from sphinxext.doccode.pairing import results_of
from tests.sphinx_helpers import ROOTS

pytestmark = pytest.mark.ray

#: what each file of the mixed set must do, whichever way it runs
EXPECTED = {
    "doc_code/passes.py": "passed",
    "doc_code/fails.py": "failed",  # a wrong assert in its second region
    "doc_code/shaped.py": "passed",  # ray.init(num_cpus=1, num_gpus=1, resources=...)
    "doc_code/exits.py": "failed",  # sys.exit(3) between two regions
    "doc_code/namespaced.py": "passed",  # ray.init(namespace=...), a named actor
    "doc_code/too_much.py": "failed",  # asks for 2 CPUs of the 1 its ray.init gives
}


def test_mixed_doc_set_has_the_same_outcomes_warm_and_alone(
        tmp_path: Path, ray_address: str, capsys: pytest.CaptureFixture[str]) -> None:
    srcdir = ROOTS / "test-compat-mixed" / "docs"
    status = compare.main([str(srcdir), "-o", str(tmp_path),
                           "-D", f"doccode_ray_address={ray_address}"])
    printed = capsys.readouterr().out
    assert status == 0, printed
    assert "6 file(s), 6 agree, 0 disagree" in printed
    for mode in compare.MODES:
        report = json.loads((tmp_path / mode / "report.json").read_text())
        results = results_of(report)
        assert {path: r.status.value for path, r in results.items()} == EXPECTED, mode
        too_much = results["doc_code/too_much.py"].error
        assert too_much is not None and too_much.type == "UnschedulableDemand", mode
        regions = {r.name: r.status.value for r in results["doc_code/fails.py"].regions}
        assert regions == {"setup": "passed", "wrong": "failed", "after": "not-run"}, mode


def test_compare_refuses_a_folder_without_conf_py(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert compare.main([str(tmp_path)]) == 2
    assert "has no conf.py" in capsys.readouterr().err
