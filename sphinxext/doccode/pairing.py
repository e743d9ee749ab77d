"""Pair the results of one doc set run both ways (warm and alone), disagreements first.

Pure data (no Sphinx, no Ray): ``compare.py`` runs the builds and prints what
this module shapes. Two results agree when the file's status and every
region's status are the same; durations are shown, never compared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sphinxext.doccode.results import FileResult


@dataclass(frozen=True)
class FileComparison:
    path: str
    warm: FileResult | None  # None: the file is missing from that run's report
    alone: FileResult | None

    @property
    def agree(self) -> bool:
        return not self.differences()

    def differences(self) -> list[str]:
        """What differs, one line each (empty when the outcomes agree)."""
        if self.warm is None or self.alone is None:
            missing = "warm" if self.warm is None else "alone"
            return [f"not in the {missing} run's report"]
        found = []
        if self.warm.status is not self.alone.status:
            found.append(f"file: warm {self.warm.status.value}, alone {self.alone.status.value}")
        warm_regions = {r.name: r.status.value for r in self.warm.regions}
        alone_regions = {r.name: r.status.value for r in self.alone.regions}
        for name in sorted(set(warm_regions) | set(alone_regions)):
            warm, alone = warm_regions.get(name, "absent"), alone_regions.get(name, "absent")
            if warm != alone:
                found.append(f"region {name}: warm {warm}, alone {alone}")
        return found


def results_of(report: Mapping[str, Any]) -> dict[str, FileResult]:
    """The file results of a ``report.json``, by path."""
    files = [FileResult.from_dict(data) for data in report.get("files", [])]
    return {result.path: result for result in files}


def compare(warm: Mapping[str, Any], alone: Mapping[str, Any]) -> list[FileComparison]:
    """Every file of either report; disagreements first, then by path."""
    warm_results, alone_results = results_of(warm), results_of(alone)
    paths = sorted(set(warm_results) | set(alone_results))
    pairs = [FileComparison(p, warm_results.get(p), alone_results.get(p)) for p in paths]
    return sorted(pairs, key=lambda pair: (pair.agree, pair.path))


def _cell(result: FileResult | None) -> str:
    if result is None:
        return f"{'-':<8} {'':>8}"
    return f"{result.status.value:<8} {result.duration_s:7.2f}s"


def format_comparison(pairs: Sequence[FileComparison], warm_wall_s: float,
                      alone_wall_s: float) -> str:
    """The table ``python -m sphinxext.doccode.compare`` prints."""
    agreeing = sum(pair.agree for pair in pairs)
    width = max([len("file"), *(len(pair.path) for pair in pairs)])
    lines = [
        f"doccode compare: {len(pairs)} file(s), {agreeing} agree, "
        f"{len(pairs) - agreeing} disagree",
        f"  warm  run: {warm_wall_s:7.1f} s wall",
        f"  alone run: {alone_wall_s:7.1f} s wall"
        + (f" ({alone_wall_s / warm_wall_s:.1f}x the warm run)" if warm_wall_s > 0 else ""),
        "",
        f"  {'file':<{width}}  {'warm':<17}  {'alone':<17}  outcome",
    ]
    for pair in pairs:
        verdict = "same" if pair.agree else "DIFFERENT"
        lines.append(f"  {pair.path:<{width}}  {_cell(pair.warm)}  {_cell(pair.alone)}  {verdict}")
        lines += [f"  {'':<{width}}    {difference}" for difference in pair.differences()]
    return "\n".join(lines)
