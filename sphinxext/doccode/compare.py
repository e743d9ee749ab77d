"""``python -m sphinxext.doccode.compare SRCDIR``: run a doc set warm and alone, compare.

For teams moving from per-file CI (each file in its own process with its own
``ray.init()``): it runs the ``doccode`` builder twice on the same sources,
once with ``doccode_isolation = "warm"`` and once ``"alone"`` (the cache off
both times), and prints, per file, both outcomes and durations, the files
whose outcomes differ first. The exit status is 0 when every file agrees, 1
when some disagree, 2 when a run produced no report.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sphinxext.doccode.pairing import compare, format_comparison
from sphinxext.doccode.vocabulary import ISOLATION_MODES

#: the two runs compared, in order
MODES = ISOLATION_MODES


Report = dict[str, Any]


def build(srcdir: Path, outdir: Path, mode: str,
          overrides: list[str]) -> tuple[Report | None, float]:
    """Run the ``doccode`` builder in ``mode``: (its report.json or None, wall seconds)."""
    command = [sys.executable, "-m", "sphinx", "-b", "doccode", "-q"]
    for setting in [*overrides, "doccode_cache=off", f"doccode_isolation={mode}"]:
        command += ["-D", setting]
    command += [str(srcdir), str(outdir)]
    started = time.monotonic()
    with open(outdir.parent / f"{mode}.log", "wb") as log:
        subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, check=False)
    wall = time.monotonic() - started
    report = outdir / "report.json"
    if not report.is_file():
        return None, wall
    data: Report = json.loads(report.read_text(encoding="utf-8"))
    return data, wall


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m sphinxext.doccode.compare",
        description="Run a doc set's examples warm and alone, and compare the outcomes.")
    parser.add_argument("srcdir", type=Path, help="the Sphinx source folder (with conf.py)")
    parser.add_argument("-D", dest="overrides", action="append", default=[],
                        metavar="NAME=VALUE", help="a conf.py setting, as sphinx-build -D")
    parser.add_argument("-o", "--outdir", type=Path, default=None,
                        help="where both runs' reports and logs go (default: a temp folder)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if not (args.srcdir / "conf.py").is_file():
        print(f"compare: {args.srcdir} has no conf.py (hint: pass the Sphinx source "
              "folder, the one sphinx-build is given)", file=sys.stderr)
        return 2
    outdir = args.outdir or Path(tempfile.mkdtemp(prefix="doccode-compare-"))
    reports: dict[str, Report] = {}
    walls: dict[str, float] = {}
    for mode in MODES:
        (outdir / mode).mkdir(parents=True, exist_ok=True)
        print(f"compare: running the examples {mode} ...", file=sys.stderr, flush=True)
        report, walls[mode] = build(args.srcdir, outdir / mode, mode, args.overrides)
        if report is None:
            print(f"compare: the {mode} run wrote no report; see {outdir / f'{mode}.log'}",
                  file=sys.stderr)
            return 2
        reports[mode] = report
    pairs = compare(reports["warm"], reports["alone"])
    print(format_comparison(pairs, walls["warm"], walls["alone"]))
    print(f"\nreports and logs: {outdir}")
    return 0 if all(pair.agree for pair in pairs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
