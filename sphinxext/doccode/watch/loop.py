"""The watch loop: build, look for saved files, rebuild, on one warm engine.

Every build is a normal incremental Sphinx build in this process, so only the
pages and doc_code files that changed are read and run again. The builds share
one engine (:func:`sphinxext.doccode.runner.keep_engine`): its Ray instance and
a driver start with the first build and stay up, so an edited example runs at
once instead of after an instance start. Ctrl-C (or SIGTERM) ends the loop and
stops every process the engine started.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from sphinxext.doccode.paths import doccode_dir_files
from sphinxext.doccode.runner import keep_engine
from sphinxext.doccode.watch.changes import Snapshot, changed, scan

#: seconds between two looks at the files
DEFAULT_INTERVAL_S = 0.5
#: a save often writes a file in several steps: wait this long before building
SETTLE_S = 0.1


@dataclass
class WatchSettings:
    srcdir: Path
    outdir: Path
    builder: str = "html"
    doctreedir: Path | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    warnings_are_errors: bool = False
    jobs: int = 0
    verbosity: int = 0
    interval: float = DEFAULT_INTERVAL_S

    @property
    def doctrees(self) -> Path:
        return self.doctreedir or self.outdir / ".doctrees"


@dataclass
class Watched:
    """What the next look covers: the source folder and every file the build read."""

    folders: list[Path]
    files: list[Path]
    skip: list[Path]

    def look(self) -> dict[Path, tuple[int, int]]:
        return scan(self.folders, self.files, self.skip)


def parse_args(argv: list[str] | None) -> WatchSettings:
    parser = argparse.ArgumentParser(
        prog="python -m sphinxext.doccode.watch",
        description="Build a Sphinx doc set, then rebuild it each time a page, a "
                    "doc_code file or conf.py is saved. The examples run on one Ray "
                    "instance kept warm between builds; Ctrl-C stops it.")
    parser.add_argument("sourcedir", type=Path)
    parser.add_argument("outputdir", type=Path)
    parser.add_argument("-b", dest="builder", default="html",
                        help="builder (default: html; 'doccode' writes the run report)")
    parser.add_argument("-d", dest="doctreedir", type=Path, default=None,
                        help="doctree cache (default: OUTPUTDIR/.doctrees)")
    parser.add_argument("-D", dest="define", action="append", default=[],
                        metavar="setting=value", help="override a conf.py setting")
    parser.add_argument("-W", dest="warnings_are_errors", action="store_true",
                        help="report a build with warnings as failed (the loop goes on)")
    parser.add_argument("-j", dest="jobs", type=int, default=0,
                        help="Sphinx's parallel read and write jobs")
    parser.add_argument("-v", dest="verbosity", action="count", default=0)
    parser.add_argument("--interval", type=float, default=DEFAULT_INTERVAL_S,
                        help=f"seconds between looks (default {DEFAULT_INTERVAL_S})")
    args = parser.parse_args(argv)
    overrides: dict[str, Any] = {}
    for item in args.define:
        name, sep, value = item.partition("=")
        if not sep or not name:
            parser.error(f"-D {item!r}: expected setting=value")
        overrides[name] = value
    if args.builder != "doccode":  # the point of watching: examples run on each save
        overrides.setdefault("doccode_execute", "auto")
    if not args.sourcedir.is_dir():
        parser.error(f"{args.sourcedir}: no such folder (hint: the folder of conf.py)")
    return WatchSettings(args.sourcedir.resolve(), args.outputdir.resolve(), args.builder,
                         args.doctreedir.resolve() if args.doctreedir else None, overrides,
                         args.warnings_are_errors, args.jobs, args.verbosity, args.interval)


def build(settings: WatchSettings) -> tuple[int, Watched]:
    """One incremental build; its exit status and what to watch next."""
    skip = [settings.outdir, settings.doctrees]
    fallback = Watched([settings.srcdir], [], skip)
    try:
        # As sphinx-build does: directives and roles registered in a namespace of
        # their own, so the next build in this process can register them again.
        with patch_docutils(settings.srcdir), docutils_namespace():
            app = Sphinx(settings.srcdir, settings.srcdir, settings.outdir,
                         settings.doctrees, settings.builder,
                         confoverrides=dict(settings.overrides),
                         warningiserror=settings.warnings_are_errors, keep_going=True,
                         verbosity=settings.verbosity, parallel=settings.jobs)
            app.build()
    except Exception as error:  # conf.py half-edited, an extension that raised: go on
        print("doccode watch: the build failed (hint: fix it and save again; still "
              f"watching): {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        return 2, fallback
    files = [Path(app.srcdir, dependency)
             for dependencies in app.env.dependencies.values() for dependency in dependencies]
    files += doccode_dir_files(app.confdir, app.config.doccode_dirs)  # run, unreferenced
    folders = [settings.srcdir, Path(app.confdir).resolve(),  # a new file there counts
               *(Path(app.confdir, name).resolve() for name in app.config.doccode_dirs)]
    folders = list(dict.fromkeys(folders))
    return app.statuscode, Watched(folders, files, skip)


def _keep_known(before: Snapshot, after: Snapshot) -> dict[Path, tuple[int, int]]:
    """The look to compare the next one with: files newly watched as they are now,
    files watched before as they were before the build (a save during it counts)."""
    return {path: before.get(path, stat) for path, stat in after.items()}


def _raise_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _relative(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def watch(settings: WatchSettings) -> int:
    root = settings.srcdir.parent
    signal.signal(signal.SIGTERM, _raise_on_sigterm)
    with keep_engine():
        try:
            look = Watched([settings.srcdir], [], []).look()
            status, watched = build(settings)
            look = _keep_known(look, watched.look())
            print(f"doccode watch: built (status {status}); watching {len(look)} files "
                  "(Ctrl-C stops)", flush=True)
            while True:
                time.sleep(settings.interval)
                now = watched.look()
                saved = changed(look, now)
                if not saved:
                    continue
                time.sleep(SETTLE_S)
                look = watched.look()
                names = ", ".join(_relative(p, root) for p in saved[:5])
                more = f" and {len(saved) - 5} more" if len(saved) > 5 else ""
                print(f"doccode watch: changed: {names}{more}", flush=True)
                started = time.monotonic()
                status, watched = build(settings)
                look = _keep_known(look, watched.look())
                print(f"doccode watch: rebuilt in {time.monotonic() - started:.2f} s "
                      f"(status {status}); watching {len(look)} files", flush=True)
        except KeyboardInterrupt:
            print("doccode watch: stopping (and the Ray processes it started)", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    return watch(parse_args(argv))
