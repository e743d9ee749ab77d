"""Run stats: the critical-path bound, the summary line and report.json's added fields."""

from __future__ import annotations

from sphinxext.doccode import report
from sphinxext.doccode.results import FileResult, FileStatus
from sphinxext.doccode.runner.engine.stats import RunStats
from sphinxext.doccode.runner.engine.summary import bound_line

RESULTS = [
    FileResult("doc_code/long.py", FileStatus.PASSED, 10.0),
    FileResult("doc_code/a.py", FileStatus.PASSED, 3.0),
    FileResult("doc_code/b.py", FileStatus.FAILED, 3.0),
    FileResult("doc_code/cached.py", FileStatus.PASSED, 50.0, cached=True),
    FileResult("doc_code/skipped.py", FileStatus.SKIPPED, 0.0),
]


def stats(**kwargs: object) -> RunStats:
    values: dict[str, object] = {"cores": 2, "wall_s": 15.0, "instance_start_s": 4.0,
                                 "peak_rss_bytes": 1500 << 20, "highest_jobs": 3}
    values.update(kwargs)
    return RunStats(**values)  # type: ignore[arg-type]


def test_bound_counts_only_files_that_ran_on_the_cores_used() -> None:
    assert stats().critical_path_s(RESULTS) == 14.0  # 4 + max(10, 16 / 2)
    assert stats(highest_jobs=1).critical_path_s(RESULTS) == 20.0  # 4 + 16 / 1
    assert stats(cores=1, highest_jobs=4).cores_used() == 1
    assert stats().critical_path_s(RESULTS[3:]) is None


def test_bound_line_says_how_close_the_run_came() -> None:
    line = bound_line(stats(), RESULTS)
    assert line is not None
    assert line.startswith("critical path 14.0 s = instance start 4.0 s + max(longest file")
    assert "16.0 s of files / 2 core(s)" in line
    assert "run 15.0 s, 1.07x the bound" in line
    assert "at most 3 file(s) at once" in line and "peak RSS 1500 MiB" in line
    assert bound_line(stats(), RESULTS[3:]) is None


def test_report_json_gets_the_run_fields_and_keeps_its_shape() -> None:
    plain = report.report_dict(RESULTS, duration_s=15.0, project_root="/p", locations={})
    data = report.report_dict(RESULTS, duration_s=15.0, project_root="/p", locations={},
                              run=stats().to_dict(RESULTS))
    assert data["files"] == plain["files"]
    added = {k: v for k, v in data["summary"].items() if k not in plain["summary"]}
    assert added == {"peak_rss_bytes": 1500 << 20, "critical_path_s": 14.0,
                     "instance_start_s": 4.0, "max_jobs": 3}
    assert {k: data["summary"][k] for k in plain["summary"]} == plain["summary"]
