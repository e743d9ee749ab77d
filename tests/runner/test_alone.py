"""``isolation="alone"``: each file in its own process, with its own ray.init() (issue 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxext.doccode.results import FileStatus, RegionStatus
from sphinxext.doccode.runner import Engine, RunOptions
from sphinxext.doccode.runner.engine.processes import processes_of_run
from tests.runner.helpers import describe, write

pytestmark = pytest.mark.ray

OWN_INSTANCE = """\
import os
import ray

# __start_start__
assert "RAY_ADDRESS" not in os.environ
assert not hasattr(ray.init, "_doccode_original_init"), "the shim must not be installed"
context = ray.init(num_cpus=3, resources={{"own": 1}})
# __start_end__

# __check_start__
assert ray.cluster_resources()["CPU"] == 3
assert ray.cluster_resources()["own"] == 1
session_dir = ray._private.worker._global_node.get_session_dir_path()
assert session_dir.startswith(os.environ["RAY_TMPDIR"]), session_dir
assert not session_dir.startswith("/tmp/ray/"), session_dir
assert context.address_info["gcs_address"].startswith("127.0.0.1:")
open({marker!r}, "w").write(os.environ["RAY_TMPDIR"])
# __check_end__

# __fails_start__
assert 1 + 1 == 3
# __fails_end__
"""


def test_alone_file_starts_and_stops_its_own_instance(tmp_path: Path) -> None:
    marker = tmp_path / "tmpdir.txt"
    request = write(tmp_path, "own.py", OWN_INSTANCE.format(marker=str(marker)))
    with Engine(RunOptions(isolation="alone", timeout=240)) as engine:
        [result] = engine.run([request])
        file_run = f"{engine.run_id}-alone1"
        assert processes_of_run(file_run) == []  # stopped right after the file
    assert result.status is FileStatus.FAILED, describe(result)
    statuses = {region.name: region.status for region in result.regions}
    assert statuses == {"start": RegionStatus.PASSED, "check": RegionStatus.PASSED,
                        "fails": RegionStatus.FAILED}, describe(result)
    temp_dir = Path(marker.read_text())
    assert not temp_dir.exists()  # its private temp dir is gone too


def test_isolation_must_be_known() -> None:
    with pytest.raises(ValueError, match="isolation"):
        RunOptions(isolation="shared")
