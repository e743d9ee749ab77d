"""Pairing a doc set's warm and alone results (pure, no Ray)."""

from __future__ import annotations

from typing import Any

from sphinxext.doccode.pairing import compare, format_comparison


def _file(path: str, status: str, *regions: tuple[str, str], duration: float = 1.0
          ) -> dict[str, Any]:
    return {"path": path, "status": status, "duration_s": duration,
            "regions": [{"name": name, "status": state, "start_line": 1, "end_line": 2}
                        for name, state in regions]}


def test_disagreements_come_first_with_what_differs() -> None:
    warm = {"files": [_file("a.py", "passed", ("r", "passed")),
                      _file("b.py", "passed", ("r", "passed"), ("s", "passed")),
                      _file("c.py", "failed", ("r", "failed"))]}
    alone = {"files": [_file("a.py", "passed", ("r", "passed"), duration=9.0),
                       _file("b.py", "failed", ("r", "passed"), ("s", "not-run")),
                       _file("d.py", "passed")]}
    pairs = compare(warm, alone)
    assert [(p.path, p.agree) for p in pairs] == [
        ("b.py", False), ("c.py", False), ("d.py", False), ("a.py", True)]
    assert pairs[0].differences() == ["file: warm passed, alone failed",
                                      "region s: warm passed, alone not-run"]
    assert pairs[1].differences() == ["not in the alone run's report"]
    table = format_comparison(pairs, 2.0, 18.0)
    lines = table.splitlines()
    assert lines[0] == "doccode compare: 4 file(s), 1 agree, 3 disagree"
    assert "9.0x the warm run" in lines[2]
    assert "b.py" in lines[5] and lines[5].endswith("DIFFERENT")
    assert lines[-1].split()[-1] == "same"
    assert "9.00s" in lines[-1]
