"""A warm driver process: imports Ray once, then runs doc_code files on request.

Started by ``runner/engine/drivers/handle.py`` as ``python -m sphinxext.doccode.runner.driver.main
REQUEST_FD MESSAGE_FD ASK_FD`` (a byte on ASK_FD asks for the running unit's
forensics, see ``forensics.py``). Each file is its own Ray job: the driver connects when
the example first calls ``ray.init()`` (or uses Ray, which auto-inits) and
disconnects after the file, so whatever the file left running ends with its
job, and named actors of files running at the same time live in different
anonymous namespaces.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinxext.doccode.attribution import ExecutionOutcome, file_result
from sphinxext.doccode.outputcap import cap_result
from sphinxext.doccode.results import ErrorInfo, FileResult, FileStatus
from sphinxext.doccode.runner import protocol
from sphinxext.doccode.runner.driver import forensics, instance_request, rayshim
from sphinxext.doccode.runner.driver.file_runner import OutputCheck, execute_file
from sphinxext.doccode.runner.driver.jobwatch import JobWatch
from sphinxext.doccode.runner.driver.reset.state import FileStateReset
from sphinxext.doccode.runner.driver.usage import UsageRecorder, relative_to_root
from sphinxext.doccode.runner.protocol import Event
from sphinxext.doccode.sources.page_regions import add_spans
from sphinxext.doccode.sources.regions import parse_regions
from sphinxext.doccode.sources.source_text import UNDECODABLE_TYPE, SourceDecodeError, read_source

_monotonic = time.monotonic  # bound before any example can patch it


def output_checks(source: str) -> list[OutputCheck]:
    from sphinxext.doccode.sources.expected_output import plan_output_checks

    return list(plan_output_checks(source).checks)


#: what each unit used (issue 24); its audit hook is added in :func:`main`
USAGE = UsageRecorder()

Runner = Callable[[dict[str, Any], int, JobWatch], dict[str, Any]]
#: where each kind of unit is run (see the engine's ``units/``); imported on first use
UNIT_RUNNERS = {"file": (__name__, "run_file_request"),
                "page": ("sphinxext.doccode.runner.driver.page_request", "run_page_request")}


def run_request(request: dict[str, Any], message_fd: int, watch: JobWatch) -> dict[str, Any]:
    kind = request.get("unit")
    if kind not in UNIT_RUNNERS:
        error = ErrorInfo(None, "ProtocolError", (
            f"the engine asked this driver to run a unit of kind {kind!r}, which it does not "
            "know (hint: is the engine of another sphinxext-doccode version?)"))
        result = FileResult(str(request.get("display_path")), FileStatus.ERROR, 0.0, error=error)
        return protocol.message(Event.RESULT, result=result.to_dict(), cleanup=[])
    module, name = UNIT_RUNNERS[kind]
    runner: Runner = getattr(importlib.import_module(module), name)
    root = str(request.get("project_root") or "")
    USAGE.start(root, skip=(str(request.get("path")),))
    try:
        reply = runner(request, message_fd, watch)
    finally:
        used = relative_to_root(USAGE.stop(), root)
    if isinstance(reply.get("result"), dict):
        reply["result"]["used"] = used
    return reply


def run_file_request(request: dict[str, Any], message_fd: int,
                     watch: JobWatch) -> dict[str, Any]:
    """Run a doc_code file top to bottom, its regions in order, in one namespace."""
    path = Path(request["path"])
    display_path = request["display_path"]
    stop_after = request.get("stop_after")
    try:
        source = read_source(path, display_path)
    except (OSError, SourceDecodeError) as exc:
        return unreadable_result(display_path, exc)
    # The file's markers (whatever their problems) plus the regions pages delimit.
    index = add_spans(parse_regions(source, display_path), request.get("regions") or ())
    regions = list(index.regions.values())
    stop_line = index.regions[stop_after].last_line if stop_after in index.regions else None
    boundaries = [
        line for r in regions if not r.implicit for line in (r.start_marker, r.end_marker)
    ]

    def on_step(first: int, last: int) -> None:
        protocol.send(message_fd, protocol.message(Event.STEP, first=first, last=last))

    started = _monotonic()
    rayshim.new_file()
    checks = output_checks(source)
    reset = FileStateReset(path.parent)
    recycle: list[str] = []
    result: dict[str, Any] = {}

    def on_exit(outcome: ExecutionOutcome) -> None:
        # Patches first: building and sending the result uses the shared modules.
        recycle.extend(reset.undo_patches())
        duration = _monotonic() - started
        shaped = file_result(display_path, index, outcome, duration, stop_after)
        result.update(cap_result(shaped).to_dict())
        # If the driver dies from here on, the engine blames the file's teardown.
        protocol.send(message_fd, protocol.message(Event.TEARDOWN, result=result))

    watch.start(str(path), watch_crowded=bool(request.get("watch_crowded")))
    try:
        execute_file(
            path,
            [(r.first_line, r.last_line) for r in regions],
            boundaries,
            stop_after_line=stop_line,
            rewrite_asserts=bool(request.get("rewrite_asserts")),
            checks=checks,
            on_step=on_step,
            on_exit=on_exit,
        )
    finally:
        if not result:  # the harness failed before the file's exit: undo what we can
            recycle.extend(reset.undo_patches())
        cleanup = watch.finish()
        try:
            recycle.extend(reset.restore())
        except Exception as exc:  # never let a restore hide the file's result
            recycle.append(f"the driver could not put its state back: {exc!r}")
    return protocol.message(Event.RESULT, result=result, cleanup=cleanup,
                            reusable=not recycle, recycle=recycle)


def unreadable_result(display_path: str, exc: Exception) -> dict[str, Any]:
    error = ErrorInfo(None, UNDECODABLE_TYPE, str(exc))
    result = FileResult(display_path, FileStatus.ERROR, 0.0, error=error)
    return protocol.message(Event.RESULT, result=result.to_dict(), cleanup=[])


def exit_with_parent(parent: int) -> None:
    """End this driver (and so its Ray job) if the engine's process disappears,
    even while an example hangs: nobody would ever stop it otherwise."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="doccode-parent", daemon=True).start()


def main(argv: list[str]) -> int:
    request_fd, message_fd, ask_fd = int(argv[0]), int(argv[1]), int(argv[2])
    exit_with_parent(os.getppid())
    USAGE.install()
    import ray  # the expensive import, done once per driver

    watch = JobWatch(ray, lambda message: protocol.send(message_fd, message),
                     watch_demand=os.environ.get(protocol.WATCH_DEMAND_ENV) in ("1", "cluster"))
    forensics.answer_questions(ask_fd, ray, lambda: [watch.filename],
                               lambda message: protocol.send(message_fd, message))
    # The driver runs in its own session and the engine stops it by PID.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    protocol.send(message_fd, protocol.message(Event.READY, pid=os.getpid()))
    reader = protocol.MessageReader(request_fd)
    instance_request.connect(reader, message_fd)
    while True:
        request = reader.read(deadline=None)
        if request is None:  # the engine closed the pipe: we are done
            break
        if protocol.event_of(request) is Event.UNDECODABLE:
            return 2  # something else wrote to our pipe: nothing here can be trusted
        # No address (doccode_isolation = "alone"): the file's own ray.init() starts its Ray.
        if request["address"] and os.environ.get("RAY_ADDRESS") != request["address"]:
            os.environ["RAY_ADDRESS"] = request["address"]  # for Ray's own lookups
            rayshim.install(request["address"])
        protocol.send(message_fd, run_request(request, message_fd, watch))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
