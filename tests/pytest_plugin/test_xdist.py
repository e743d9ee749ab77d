"""``pytest -n 2 --doccode``: the workers share one private instance, files stay whole."""

from __future__ import annotations

import json

import pytest

from sphinxext.doccode.runner.engine.processes import processes_of_run
from tests.pytest_plugin.conftest import write_doc_code

pytestmark = pytest.mark.ray

# Two regions per file: a split file would run on both workers (twice).
# The Ray task reports the run id its worker process inherited from the
# instance that started it, so it names the instance, not the pytest worker.
RECORD = """\
import json, os
import ray

# __first_start__
@ray.remote
def instance_run_id():
    return os.environ.get("DOCCODE_RUN_ID")

seen = {{"file": "{name}", "worker": os.environ.get("PYTEST_XDIST_WORKER"),
         "instance": ray.get(instance_run_id.remote()),
         "gcs": ray.get_runtime_context().gcs_address}}
# __first_end__

# __second_start__
with open({out!r}, "a") as out:
    out.write(json.dumps(seen) + "\\n")
# __second_end__
"""


def test_workers_share_one_instance_that_is_gone_at_the_end(pytester: pytest.Pytester) -> None:
    out = pytester.path / "seen.jsonl"
    names = [f"example_{n}.py" for n in range(4)]
    for name in names:
        write_doc_code(pytester, name, RECORD.format(name=name, out=str(out)))
    result = pytester.runpytest_subprocess("-n", "2", "--doccode", "doc_code",
                                           "--doccode-timeout=200")
    result.assert_outcomes(passed=8)
    seen = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(s["file"] for s in seen) == names  # every file ran once, whole
    assert {s["worker"] for s in seen} == {"gw0", "gw1"}
    instances = {s["instance"] for s in seen}
    assert len(instances) == 1 and None not in instances, seen
    assert len({s["gcs"] for s in seen}) == 1
    [run_id] = instances
    assert processes_of_run(run_id) == []
