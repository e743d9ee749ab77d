"""Issue-2 integration tests of the runner against the session's real Ray instance."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sphinxext.doccode.results import FileStatus, RegionStatus
from sphinxext.doccode.runner import Engine, FileRequest, RunOptions

pytestmark = pytest.mark.ray

PASSING = """\
import ray

# __first_start__
ray.init()

@ray.remote
def square(x):
    return x * x

print("squares", ray.get([square.remote(i) for i in range(4)]))
# __first_end__

# __second_start__
assert ray.get(square.remote(3)) == 9
# __second_end__
"""

SECOND_FAILS = """\
import ray

# __one_start__
@ray.remote
def f():
    return 1
# __one_end__

# __two_start__
x = ray.get(f.remote())
assert x == 2, "x should be 2"
# __two_end__

# __three_start__
print("three")
# __three_end__
"""


def write(tmp_path: Path, name: str, text: str) -> FileRequest:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return FileRequest(path, f"doc_code/{name}")


def test_passing_and_failing_files(tmp_path: Path, ray_address: str) -> None:
    requests = [write(tmp_path, "ok.py", PASSING), write(tmp_path, "bad.py", SECOND_FAILS)]
    bad_request = requests[1]
    requests += [
        # pytest -k: run only through region "one"
        FileRequest(bad_request.path, bad_request.display_path, stop_after="one"),
        # the pytest plugin: assertion rewriting explains the failing assert
        FileRequest(bad_request.path, bad_request.display_path, rewrite_asserts=True),
    ]
    seen = []
    with Engine(RunOptions(ray_address=ray_address), progress=seen.append) as engine:
        ok, bad, through_one, rewritten = engine.run(requests)
    assert sorted(r.path for r in seen) == ["doc_code/bad.py"] * 3 + ["doc_code/ok.py"]
    assert through_one.status is FileStatus.PASSED
    assert [r.name for r in through_one.regions] == ["one"]
    assert rewritten.error is not None and "assert 1 == 2" in rewritten.error.message

    assert ok.status is FileStatus.PASSED
    assert [(r.name, r.status) for r in ok.regions] == [
        ("first", RegionStatus.PASSED), ("second", RegionStatus.PASSED)]
    assert ok.regions[0].output == "squares [0, 1, 4, 9]\n"
    assert (ok.regions[0].start_line, ok.regions[0].end_line) == (4, 10)

    assert bad.status is FileStatus.FAILED
    one, two, three = bad.regions
    assert one.status is RegionStatus.PASSED
    assert two.status is RegionStatus.FAILED
    assert two.error is not None
    assert (two.error.line, two.error.type, two.error.message) == (
        11, "AssertionError", "x should be 2")
    assert str(tmp_path / "bad.py") in two.error.traceback
    assert three.status is RegionStatus.NOT_RUN
