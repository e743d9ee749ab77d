"""doccode_rules in the engine: skip, requires, tag selection, env, exclusive (session instance)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxext.doccode.results import FileStatus
from sphinxext.doccode.runner import Engine, RunOptions
from sphinxext.doccode.sources.rule_table import parse_rules
from tests.runner.helpers import describe, write

pytestmark = pytest.mark.ray


def options(ray_address: str, rules: list[tuple[str, dict[str, object]]],
            **kwargs: object) -> RunOptions:
    parsed, problems = parse_rules(rules)
    assert problems == []
    return RunOptions(ray_address=ray_address, timeout=120, rules=tuple(parsed),
                      **kwargs)  # type: ignore[arg-type]


def test_skip_requires_and_tags(tmp_path: Path, ray_address: str) -> None:
    requests = [
        write(tmp_path, "excluded.py", "raise SystemExit(3)\n"),
        write(tmp_path, "needs_module.py", "import surely_not_installed\n"),
        write(tmp_path, "needs_gpu.py", "raise SystemExit(4)\n"),
        write(tmp_path, "needs_cpu.py", "print('two CPUs are there')\n"),
        write(tmp_path, "heavy.py", "raise SystemExit(5)\n"),
        write(tmp_path, "quick.py", "print('quick')\n"),
    ]
    rules = [
        ("doc_code/*.py", {"tags": ["fast"]}),
        ("doc_code/excluded.py", {"skip": "needs Java"}),
        ("doc_code/needs_module.py", {"requires": "surely_not_installed"}),
        ("doc_code/needs_gpu.py", {"requires": {"GPU": 1}}),
        ("doc_code/needs_cpu.py", {"requires": {"CPU": 2}}),
        ("doc_code/heavy.py", {"tags": ["mem_pressure"]}),
    ]
    opts = options(ray_address, rules, tags=("fast",), skip_tags=("mem_pressure",))
    with Engine(opts) as engine:
        results = {r.path.split("/")[-1]: r for r in engine.run(requests)}
    reasons = {name: r.reason for name, r in results.items() if r.status is FileStatus.SKIPPED}
    assert reasons == {
        "excluded.py": "needs Java",
        "needs_module.py": "requires surely_not_installed",
        "needs_gpu.py": f"requires 1 GPU, but no node has enough GPU on the Ray cluster at "
                        f"{ray_address}",
        "heavy.py": "not selected: tagged mem_pressure (doccode_skip_tags)",
    }, {n: describe(r) for n, r in results.items()}
    assert results["needs_cpu.py"].status is FileStatus.PASSED
    assert results["quick.py"].status is FileStatus.PASSED
    assert all(r.regions and all(g.status.value == "skipped" for g in r.regions)
               for n, r in results.items() if n in reasons)
    assert results["needs_gpu.py"].settings["resources"] == {"GPU": 1.0}


def test_only_tags_leave_the_others_skipped_with_a_reason(tmp_path: Path,
                                                          ray_address: str) -> None:
    requests = [write(tmp_path, "a.py", "raise SystemExit(1)\n")]
    with Engine(options(ray_address, [], tags=("gpu",))) as engine:
        [result] = engine.run(requests)
    assert result.status is FileStatus.SKIPPED
    assert result.reason == "not selected: doccode_tags asks for gpu and it has no tags"
    assert not engine.ray_started  # nothing had to run


BUSY = """\
import pathlib, time
flag = pathlib.Path({folder!r}) / "{name}"
flag.touch()
time.sleep(2.5)
flag.unlink()
"""

ALONE = """\
import os, pathlib, time
folder = pathlib.Path({folder!r})
for _ in range(15):
    assert not list(folder.iterdir()), f"ran alongside {{list(folder.iterdir())}}"
    time.sleep(0.1)
assert os.environ["DOC_FLAVOUR"] == "alone"
"""

AFTER = """\
import os
assert "DOC_FLAVOUR" not in os.environ, "a file's env leaked into another file"
"""


def test_exclusive_files_run_alone_and_env_stays_with_its_file(tmp_path: Path,
                                                               ray_address: str) -> None:
    running = tmp_path / "running"
    running.mkdir()
    requests = [
        write(tmp_path, "busy_a.py", BUSY.format(folder=str(running), name="a")),
        write(tmp_path, "alone.py", ALONE.format(folder=str(running))),
        write(tmp_path, "busy_b.py", BUSY.format(folder=str(running), name="b")),
        write(tmp_path, "after.py", AFTER),
    ]
    rules = [("doc_code/alone.py", {"exclusive": True, "env": {"DOC_FLAVOUR": "alone"}})]
    with Engine(options(ray_address, rules, jobs=2)) as engine:
        results = engine.run(requests)
    for result in results:
        assert result.status is FileStatus.PASSED, describe(result)
