"""Code examples of pattern pages (reST and MyST) are run by the ``doccode`` builder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.sphinx_helpers import ROOTS

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.ray


def test_code_examples_run_with_their_pages(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, ray_address: str
) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-patterns", project / "docs",
                    ignore=shutil.ignore_patterns("_build"))
    app = make_app(
        "doccode", srcdir=project / "docs", builddir=project / "_build",
        confoverrides={"doccode_ray_address": ray_address,
                       "doccode_cache_dir": str(project / "cache")},
    )
    app.build()
    assert app.statuscode == 0, app.status.getvalue()
    report: dict[str, Any] = json.loads((Path(app.outdir) / "report.json").read_text())
    regions = {
        (file["path"], region["name"]): (region["status"], region["pages"])
        for file in report["files"] for region in file["regions"]
    }
    assert regions[("docs/doc_code/return_put.py", "return_single_value_bad")] == (
        "passed", ["patterns/return-ray-put"])
    assert regions[("docs/doc_code/return_put.py", "return_single_value_better")] == (
        "passed", ["patterns/return-ray-put"])
    # shown by a reST page and by a MyST page
    assert regions[("docs/doc_code/return_put.py", "compare")] == (
        "passed", ["patterns/myst-loop", "patterns/return-ray-put"])
    assert regions[("docs/doc_code/pending.py", "limit")] == (
        "passed", ["patterns/limit-pending", "patterns/myst-loop"])
    assert report["summary"]["failed"] == 0
