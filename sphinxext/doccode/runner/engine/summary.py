"""End-of-run summaries for people: counts, the slowest files, the critical-path bound."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sphinxext.doccode.report import slowest
from sphinxext.doccode.results import FileResult, FileStatus
from sphinxext.doccode.runner.engine.stats import RunStats, executed_durations


def summary_lines(results: Sequence[FileResult], wall_s: float | None = None,
                  count: int = 5) -> list[str]:
    statuses = Counter(r.status.value for r in results)
    parts = [f"{statuses[s.value]} {s.value}" for s in FileStatus if statuses[s.value]]
    cached = sum(r.cached for r in results)
    head = f"{len(results)} file(s): {', '.join(parts) or 'none'}"
    if cached:
        head += f"; {cached} from cache"
    reruns = [r for r in results if r.rerun_reason]
    if reruns:
        head += f"; {len(reruns)} re-run, each for the reason below"
    if wall_s is not None:
        head += f"; {wall_s:.1f} s"
    lines = [head]
    lines += [f"  re-run: {r.path}: {r.rerun_reason}" for r in reruns]
    top = slowest(results, count)
    if top:
        lines.append("slowest files:")
        lines += [f"  {r.duration_s:7.2f} s  {r.path}" for r in top]
    return lines


def bound_line(stats: RunStats, results: Sequence[FileResult]) -> str | None:
    """How close the run came to its critical-path bound, and its peak memory."""
    bound = stats.critical_path_s(results)
    if bound is None:
        return None
    durations = executed_durations(results)
    cores = stats.cores_used()
    ratio = f", {stats.wall_s / bound:.2f}x the bound" if bound > 0 else ""
    return (
        f"critical path {bound:.1f} s = instance start {stats.instance_start_s:.1f} s + "
        f"max(longest file {max(durations):.1f} s, {sum(durations):.1f} s of files / "
        f"{cores} core(s)); run {stats.wall_s:.1f} s{ratio}; at most {stats.highest_jobs} "
        f"file(s) at once; peak RSS {stats.peak_rss_bytes / (1 << 20):.0f} MiB"
    )
