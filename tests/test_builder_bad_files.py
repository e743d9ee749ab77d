"""One bad file never costs the reports (issue 9, points 4 and 5): real Sphinx, real Ray."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.sphinx_helpers import copy_root
from tests.test_builder import build_doccode, by_path, load_report

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.ray

#: prints 50 MB: 500 000 lines of 100 characters
FLOOD = """\
line = "x" * 99
for i in range(500_000):
    print(f"{i:6d}", line[7:])
"""

#: 20 000 lines, far more than a report keeps, checked on a line from the middle
FLOOD_CHECKED = """\
# __count_start__
for i in range(20_000):
    print("line", i)
# Output:
# line 0
# ...
# line 10000
# ...
# line 19999
# __count_end__
"""

LIMIT = 1 << 20  # what a report, the junit file or the cache may cost


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def test_flood_and_undecodable_file_keep_reports_written_and_small(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, ray_address: str
) -> None:
    project = copy_root("builder-pass", tmp_path)
    doc_code = project / "doc_code"
    (doc_code / "flood.py").write_text(FLOOD)
    (doc_code / "flood_checked.py").write_text(FLOOD_CHECKED)
    (doc_code / "latin1.py").write_bytes("print('caf\xe9')\n".encode("latin-1"))
    app = build_doccode(make_app, project, ray_address, doccode_cache="auto")

    outdir = Path(app.outdir)
    assert (outdir / "report.json").stat().st_size < LIMIT
    assert (outdir / "junit.xml").stat().st_size < LIMIT
    assert tree_size(project / "cache") < LIMIT
    report = load_report(app)

    flood = by_path(report, "doc_code/flood.py")
    assert flood["status"] == "passed"
    output = flood["regions"][0]["output"]
    assert output.startswith("     0 xxx")
    assert output.rstrip().endswith("499999 " + "x" * 92)
    assert "… 499600 lines cut …" in output

    checked = by_path(report, "doc_code/flood_checked.py")
    assert checked["status"] == "passed", checked  # the check saw line 10000...
    assert "line 10000\n" not in checked["regions"][0]["output"]  # ...which the report cut

    latin1 = by_path(report, "doc_code/latin1.py")
    assert latin1["status"] == "error"
    assert latin1["error"]["type"] == "UndecodableSource"
    assert "hint:" in latin1["error"]["message"]
    # every other file ran, and junit names the bad one
    assert by_path(report, "doc_code/plain.py")["status"] == "passed"
    suites = {s.get("name"): s for s in ET.parse(outdir / "junit.xml").getroot()}
    assert suites["doc_code/latin1.py"].get("errors") == "1"
    assert app.statuscode == 1
