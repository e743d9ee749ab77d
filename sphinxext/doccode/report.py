"""Shape run results for people and machines: console lines, report.json, junit.xml.

Pure Python: no Sphinx, no Ray. Paths are display paths (POSIX, relative to
the project root, the parent of the Sphinx source dir); pages are docnames.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from sphinxext.doccode.forensics import describe as describe_forensics
from sphinxext.doccode.outputcap import cap_result
from sphinxext.doccode.results import FileResult, FileStatus, RegionResult, RegionStatus

#: (display path, region name) -> "docname:line" of every page showing the region
PageLocations = Mapping[tuple[str, str], Sequence[str]]

FILE_PROBLEMS = (FileStatus.FAILED, FileStatus.TIMEOUT, FileStatus.ERROR)
NOT_RUN_REASON = "not run: an earlier part of the file failed"


def is_failure(results: Sequence[FileResult]) -> bool:
    """Whether the run failed: a failed region, or a file that failed, timed out or broke."""
    return any(
        f.status in FILE_PROBLEMS or any(r.status is RegionStatus.FAILED for r in f.regions)
        for f in results
    )


def region_counts(results: Sequence[FileResult]) -> dict[str, int]:
    counts = Counter(r.status for f in results for r in f.regions)
    return {
        "passed": counts[RegionStatus.PASSED],
        "failed": counts[RegionStatus.FAILED],
        "not_run": counts[RegionStatus.NOT_RUN],
        "skipped": counts[RegionStatus.SKIPPED],
    }


def is_page(result: FileResult) -> bool:
    """Whether ``result`` is a page's inline blocks (issue 10) rather than a doc_code file."""
    return result.kind == "page"


def summary(results: Sequence[FileResult], duration_s: float) -> dict[str, Any]:
    files = Counter(f.status.value for f in results if not is_page(f))
    pages = Counter(f.status.value for f in results if is_page(f))
    return {
        **region_counts(results),
        "duration_s": round(duration_s, 3),
        "files": {status.value: files[status.value] for status in FileStatus},
        "cached_files": sum(f.cached for f in results if not is_page(f)),
        "pages": {status.value: pages[status.value] for status in FileStatus},
        "cached_pages": sum(f.cached for f in results if is_page(f)),
        #: units whose cached result was not reused: a file they used changed
        "rerun": sum(bool(f.rerun_reason) for f in results),
        "ok": not is_failure(results),
    }


def report_dict(
    results: Sequence[FileResult],
    *,
    duration_s: float,
    project_root: str,
    locations: PageLocations,
    run: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The content of ``report.json``; ``run``: facts of the run added to its summary
    (peak memory, critical-path bound)."""
    files: list[dict[str, Any]] = []
    pages: list[dict[str, Any]] = []
    for result in results:
        data = cap_result(result).to_dict()
        for region in data["regions"]:
            region["page_locations"] = list(locations.get((result.path, region["name"]), ()))
        (pages if is_page(result) else files).append(data)
    return {
        "project_root": project_root,
        "paths_relative_to": "project root (the parent of the Sphinx source dir)",
        "files": files,
        "pages": pages,
        "summary": {**summary(results, duration_s), **(run or {})},
    }


def status_line(result: FileResult) -> str:
    """One console line per file, printed as results arrive."""
    counts = Counter(r.status.value for r in result.regions)
    parts = [f"{counts[s.value]} {s.value}" for s in RegionStatus if counts[s.value]]
    detail = ", ".join(parts) or "no regions"
    cached = " (cached)" if result.cached else ""
    rerun = f"  (re-run: {result.rerun_reason})" if result.rerun_reason else ""
    return (f"{result.status.value:<8} {result.duration_s:7.2f}s  {result.path}  "
            f"[{detail}]{cached}{rerun}")


def settings_line(settings: Mapping[str, Any]) -> str:
    """A file's effective settings (``FileResult.settings``) on one line, origins in brackets."""
    origins = settings.get("from", {})
    return "; ".join(f"{key}={value!r} [{origins.get(key, '?')}]"
                     for key, value in settings.items() if key != "from")


def slowest(results: Sequence[FileResult], count: int = 3) -> list[FileResult]:
    """The files that took longest to run this time (cached and skipped ones did not run)."""
    ran = [f for f in results if not f.cached and f.status is not FileStatus.SKIPPED]
    return sorted(ran, key=lambda f: f.duration_s, reverse=True)[:count]


def _pages_text(locations: Sequence[str]) -> str:
    return ", ".join(locations) if locations else "no page shows it"


def failure_lines(results: Sequence[FileResult], locations: PageLocations) -> list[str]:
    """What broke, with ``file:line`` and the pages affected (``docname:line``)."""
    lines = []
    for result in results:
        failed = [r for r in result.regions if r.status is RegionStatus.FAILED]
        for region in failed:
            error = region.error
            line = error.line if error and error.line else region.start_line
            what = f"{error.type}: {error.message}" if error else "failed"
            lines.append(f"{result.path}:{line}: region {region.name!r} failed: {what}")
            lines.append(f"    pages: {_pages_text(locations.get((result.path, region.name), ()))}")
        if result.status in FILE_PROBLEMS and not failed:
            error = result.error
            where = f"{result.path}:{error.line}" if error and error.line else result.path
            what = f"{error.type}: {error.message}" if error else result.reason or "no details"
            lines.append(f"{where}: {result.status.value}: {what}")
    return lines


def _region_case(suite: ET.Element, result: FileResult, region: RegionResult) -> None:
    case = ET.SubElement(
        suite, "testcase", classname=result.path, name=region.name,
        file=result.path, line=str(region.start_line),
    )
    if region.status is RegionStatus.FAILED:
        error = region.error
        message = f"{error.type}: {error.message}" if error else "failed"
        failure = ET.SubElement(case, "failure", message=message, type=error.type if error else "")
        where = f"{result.path}:{error.line}" if error and error.line else result.path
        failure.text = f"{where}\n{error.traceback if error and error.traceback else message}"
    elif region.status is RegionStatus.NOT_RUN:
        ET.SubElement(case, "skipped", message=NOT_RUN_REASON)
    elif region.status is RegionStatus.SKIPPED:
        skipped = ET.SubElement(case, "skipped", message=result.reason or "skipped")
        if region.error is not None and result.forensics:  # an expected timeout: its hang
            skipped.text = describe_forensics(result.forensics)
    if region.output:
        ET.SubElement(case, "system-out").text = region.output


def junit_xml(results: Sequence[FileResult]) -> str:
    """``junit.xml``: one testsuite per file, one testcase per region (classname = file)."""
    root = ET.Element("testsuites", name="doccode")
    for result in map(cap_result, results):
        suite = ET.SubElement(root, "testsuite", name=result.path, time=f"{result.duration_s:.3f}")
        for region in result.regions:
            _region_case(suite, result, region)
        failed = any(r.status is RegionStatus.FAILED for r in result.regions)
        if (result.status in FILE_PROBLEMS and not failed) or not result.regions:
            case = ET.SubElement(suite, "testcase", classname=result.path, name="(file)")
            error = result.error
            if result.status in FILE_PROBLEMS:
                element = ET.SubElement(
                    case, "error", message=f"{result.status.value}: "
                    + (f"{error.type}: {error.message}" if error else result.reason),
                    type=error.type if error else result.status.value,
                )
                element.text = error.traceback if error and error.traceback else None
            elif result.status is FileStatus.SKIPPED:
                ET.SubElement(case, "skipped", message=result.reason or "skipped")
        cases = suite.findall("testcase")
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(c.find("failure") is not None for c in cases)))
        suite.set("errors", str(sum(c.find("error") is not None for c in cases)))
        suite.set("skipped", str(sum(c.find("skipped") is not None for c in cases)))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
