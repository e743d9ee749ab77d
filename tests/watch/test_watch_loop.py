"""``python -m sphinxext.doccode.watch`` end to end: real Sphinx, a real private Ray
instance kept warm across rebuilds, stopped by Ctrl-C."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from sphinxext.doccode.runner.engine.processes import wait_stopped
from tests.sphinx_helpers import ROOTS
from tests.waiting import SAFETY_NET_S

pytestmark = pytest.mark.ray


class Watcher:
    """The watch command in a subprocess, its output read line by line."""

    def __init__(self, project: Path, *args: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}
        self.child = subprocess.Popen(
            [sys.executable, "-m", "sphinxext.doccode.watch", "--interval", "0.2", *args,
             "docs", "_build/html"],
            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.child.stdout is not None
        for line in self.child.stdout:
            self.lines.put(line.rstrip("\n"))

    def until(self, marker: str) -> list[str]:
        """The lines up to and including the first one containing ``marker``."""
        got: list[str] = []
        while True:
            try:
                line = self.lines.get(timeout=SAFETY_NET_S)
            except queue.Empty:
                raise AssertionError(f"no {marker!r} in:\n" + "\n".join(self.seen)) from None
            got.append(line)
            self.seen.append(line)
            if marker in line:
                return got

    def processes(self) -> list[psutil.Process]:
        return psutil.Process(self.child.pid).children(recursive=True)

    def stop(self) -> None:
        if self.child.poll() is None:
            self.child.kill()
            self.child.wait()


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOTS / "test-builder-pass", tmp_path / "project")
    return tmp_path / "project"


@pytest.fixture()
def watcher(project: Path) -> Iterator[Watcher]:
    watching = Watcher(project)
    try:
        yield watching
    finally:
        watching.stop()


def _holders(processes: list[psutil.Process]) -> set[int]:
    """PIDs of the processes that own a Ray instance (runner/holder)."""
    found = set()
    for proc in processes:
        try:
            if "sphinxext.doccode.runner.holder" in " ".join(proc.cmdline()):
                found.add(proc.pid)
        except psutil.Error:
            continue
    return found


def test_a_save_reruns_that_example_on_the_warm_instance_and_ctrl_c_stops_it(
        project: Path, watcher: Watcher) -> None:
    first = watcher.until("doccode watch: built")
    assert any("doc_code/squares.py" in line and "passed" in line for line in first), first
    assert "status 0" in first[-1]
    before = watcher.processes()
    assert {p.name() for p in before} >= {"raylet", "gcs_server"}, "started ahead, kept warm"
    holders = _holders(before)
    assert len(holders) == 1

    squares = project / "doc_code" / "squares.py"
    squares.write_text(squares.read_text() + "# edited\n")
    rebuild = watcher.until("doccode watch: rebuilt")
    ran = [line for line in rebuild if "doccode: " in line and "passed" in line]
    assert any("doc_code/squares.py" in line for line in ran), rebuild
    assert not any("doc_code/plain.py" in line for line in ran), "only the edited file runs"
    assert "status 0" in rebuild[-1]
    assert _holders(watcher.processes()) == holders, "the same instance served both builds"

    conf = project / "docs" / "conf.py"
    good = conf.read_text()
    conf.write_text(good + "this is not python\n")
    broken = watcher.until("doccode watch: rebuilt")
    assert any("the build failed" in line and "hint:" in line for line in broken), broken
    conf.write_text(good)
    assert "status 0" in watcher.until("doccode watch: rebuilt")[-1]

    everything = before + watcher.processes()
    watcher.child.send_signal(signal.SIGINT)
    assert watcher.child.wait(timeout=SAFETY_NET_S) == 0
    assert wait_stopped(everything, timeout=SAFETY_NET_S) == [], "no process of the watch is left"
