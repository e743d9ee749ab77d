"""A driver's log stays small whatever an example writes (issue 9, point 5): no Ray."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sphinxext.doccode.runner.engine.drivers import output_log


def test_log_keeps_the_head_on_disk_and_the_tail_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output_log, "HEAD_BYTES", 1000)
    monkeypatch.setattr(output_log, "TAIL_BYTES", 500)
    read, write = os.pipe()
    log = output_log.BoundedLog(read, tmp_path / "driver.log")
    for i in range(20_000):  # 20 000 lines of stderr, past every limit
        os.write(write, f"line {i}\n".encode())
    os.close(write)
    tail = log.tail(100, wait=10.0)
    assert tail.endswith("line 19999\n") and len(tail) == 100
    text = (tmp_path / "driver.log").read_text()
    assert len(text) < 1000 + 500 + 100
    assert text.startswith("line 0\nline 1\n")
    assert " bytes cut …\n" in text
    assert text.endswith("line 19999\n")
