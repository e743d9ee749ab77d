"""The run's timeline, as data and as SVG: pure, no Sphinx, no Ray."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET

from sphinxext.doccode.pages.run_picture import critical_path_s, summary_text
from sphinxext.doccode.pages.timeline_svg import COLOURS, Timeline, render_svg, timeline_of
from sphinxext.doccode.results import FileResult, FileStatus

SVG = "{http://www.w3.org/2000/svg}"
T0 = 1_700_000_000.0


def ran(path: str, status: FileStatus, start: float, end: float, driver: int,
        run_id: str = "run-b", ready: float = 1.0, waited: float = 0.0) -> FileResult:
    return FileResult(path, status, end - start - waited, started_at=T0 + start,
                      ended_at=T0 + end,
                      driver=driver, run_id=run_id, instance_ready_at=T0 + ready)


RESULTS = [
    ran("doc_code/a.py", FileStatus.PASSED, 0.0, 3.0, driver=101, waited=1.0),  # Ray starting
    ran("doc_code/b.py", FileStatus.FAILED, 0.2, 1.5, driver=202),
    ran("doc_code/c.py", FileStatus.PASSED, 3.1, 4.0, driver=101),
    ran("doc_code/old.py", FileStatus.PASSED, -100.0, -99.0, driver=7, run_id="run-a"),
    FileResult("doc_code/cached.py", FileStatus.PASSED, 2.0, cached=True),  # no timing
]


def test_the_latest_run_gives_one_lane_per_driver_in_order_of_first_use() -> None:
    timeline = timeline_of(RESULTS)
    assert [label for label, _ in timeline.lanes] == ["driver 1 · pid 101", "driver 2 · pid 202"]
    [(_, first), (_, second)] = timeline.lanes
    assert [(b.path, b.status, round(b.start, 3), round(b.run_start, 3), round(b.end, 3))
            for b in first] == [("doc_code/a.py", "passed", 0.0, 1.0, 3.0),
                                ("doc_code/c.py", "passed", 3.1, 3.1, 4.0)]
    assert [(b.path, b.status) for b in second] == [("doc_code/b.py", "failed")]
    assert timeline.instance_ready == [1.0]
    assert round(timeline.wall_s, 3) == 4.0
    assert round(timeline.busy_s, 3) == 5.2  # waits included: the drivers were taken
    assert round(timeline.parallelism, 2) == 1.3


def test_nothing_timed_gives_an_empty_timeline_and_no_svg() -> None:
    untimed = [FileResult("doc_code/x.py", FileStatus.PASSED, 1.0, cached=True)]
    assert timeline_of(untimed).lanes == []
    assert render_svg(Timeline()) == ""


def test_the_svg_is_well_formed_with_a_coloured_titled_bar_per_file() -> None:
    svg = ET.fromstring(render_svg(timeline_of(RESULTS), width=720))
    assert svg.tag == f"{SVG}svg" and svg.get("viewBox", "").startswith("0 0 720 ")
    bars = svg.findall(f"{SVG}g")
    # lane by lane: a.py and c.py on driver 1, then b.py on driver 2
    assert [bar.get("class") for bar in bars] == [
        "doccode-timeline-bar doccode-timeline-passed",
        "doccode-timeline-bar doccode-timeline-passed",
        "doccode-timeline-bar doccode-timeline-failed",
    ]
    fills = [bar.findall(f"{SVG}rect")[-1].get("fill") for bar in bars]
    assert fills == [COLOURS["passed"], COLOURS["passed"], COLOURS["failed"]]
    titles = [bar.findtext(f"{SVG}title") for bar in bars]
    assert titles[2] == "doc_code/b.py: failed, 0.20-1.50 s (ran 1.30 s)"
    assert titles[0] == (
        "doc_code/a.py: passed, 0.00-3.00 s (ran 2.00 s, waited 1.00 s for a driver)")
    # the wait is a faint segment before the coloured one, only where there was a wait
    waits = [[r.get("class") for r in bar.findall(f"{SVG}rect")] for bar in bars]
    assert waits == [["doccode-timeline-wait", None], [None], [None]]
    # the long bar is labelled with the file name; every bar fits the plot
    labels = [bar.findtext(f"{SVG}text") for bar in bars]
    assert labels[0] == "a.py"
    for bar in bars:
        rect = bar.findall(f"{SVG}rect")[-1]
        left, width = float(rect.get("x", 0)), float(rect.get("width", 0))
        assert left >= 110 and left + width <= 711
    lanes = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "doccode-timeline-lane"]
    assert lanes == ["driver 1 · pid 101", "driver 2 · pid 202"]
    [marker] = [line for line in svg.iter(f"{SVG}line")
                if line.get("class") == "doccode-timeline-instance"]
    assert marker.findtext(f"{SVG}title") == "Ray instance ready at 1.00 s"


def test_labels_beside_short_bars_do_not_overlap() -> None:
    short = [ran(f"doc_code/short_{n}.py", FileStatus.PASSED, n * 0.01, n * 0.01 + 0.005,
                 driver=1) for n in range(3)] + [
        ran("doc_code/long.py", FileStatus.PASSED, 0.0, 10.0, driver=2)]
    svg = ET.fromstring(render_svg(timeline_of(short)))
    labels = [t.text for g in svg.iter(f"{SVG}g") for t in g.iter(f"{SVG}text")]
    assert labels == ["long.py", "short_0.py"]  # the other short ones keep their <title>


def test_names_are_escaped() -> None:
    result = ran("doc_code/<&>.py", FileStatus.PASSED, 0.0, 1.0, driver=1)
    svg = render_svg(timeline_of([result]))
    ET.fromstring(svg)  # parses: nothing unescaped
    assert "doc_code/&lt;&amp;&gt;.py" in svg


def test_the_summary_names_the_numbers_and_the_critical_path_when_known() -> None:
    timeline = timeline_of(RESULTS)
    assert summary_text(timeline, None) == (
        "Last run: 3 file(s) executed on 2 driver(s) in 4.0 s of wall time, 5.2 s of file "
        "time (1.3 files at once on average); Ray was ready after 1.0 s.")
    assert summary_text(timeline, 3.25).endswith("; critical-path bound 3.2 s.")


def test_the_critical_path_bound_of_the_latest_run_from_what_its_results_recorded() -> None:
    # Ray ready after 1.0 s; files of run-b took 2.0, 1.3 and 0.9 s on 2 drivers:
    # 1.0 + max(2.0, 4.2 / 2) = 3.1 (on a machine with at least 2 cores)
    bound = critical_path_s(RESULTS)
    assert bound is not None
    cores = min(os.cpu_count() or 1, 2)
    assert round(bound, 3) == round(1.0 + max(2.0, 4.2 / cores), 3)
    assert critical_path_s(RESULTS[4:]) is None  # nothing timed: unknown
