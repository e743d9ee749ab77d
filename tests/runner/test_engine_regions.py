"""Marker problems never stop a file; regions handed over by pages get its results. Real Ray."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from sphinxext.doccode.results import FileStatus, RegionStatus
from sphinxext.doccode.runner import Engine, RunOptions
from tests.runner.helpers import describe, write

pytestmark = pytest.mark.ray

# A stray end (line 5), a start never closed (line 7) and a failure on line 9.
PROBLEMS = """\
# __ok_begin__
import ray
print(ray.get(ray.put("ran")))
# __ok_end__
# __nothing_end__

# __open_start__
value = 2
assert value == 3, "value is 2"
"""


def test_a_file_with_marker_problems_runs_and_page_regions_get_its_results(
    tmp_path: Path, ray_address: str
) -> None:
    request = write(tmp_path, "problems.py", PROBLEMS)
    # what the builder hands over when a page shows the open region with :start-after: alone
    with_page = dataclasses.replace(request, regions=(("open", 8, 9),))
    options = RunOptions(ray_address=ray_address, jobs=1, timeout=120,
                         cache_dir=tmp_path / "cache")
    with Engine(options) as engine:
        alone, paged = engine.run([request, with_page])

    # Without pages: it ran (not an error), the one delimitable region passed and
    # printed; the failure is outside every region, so it is the file's failure.
    assert alone.status is FileStatus.FAILED, describe(alone)
    assert alone.error is not None and alone.error.type == "AssertionError"
    assert [(r.name, r.status) for r in alone.regions] == [("ok", RegionStatus.PASSED)]
    assert "ran" in alone.regions[0].output

    # With the page's region: the failure is that region's, at its line. The
    # cache keeps the two apart (the regions are part of the key).
    assert paged.status is FileStatus.FAILED, describe(paged)
    assert [(r.name, r.status, r.start_line, r.end_line) for r in paged.regions] == [
        ("ok", RegionStatus.PASSED, 2, 3),
        ("open", RegionStatus.FAILED, 8, 9),
    ]
    assert paged.regions[1].error is not None and paged.regions[1].error.line == 9
