"""Why a unit has no result from its driver: it timed out, its demand can never be met,
its driver died (while it ran, or tearing it down), or the driver sent what is no message.

Each kind of unit turns this into its per-region results.
"""

from __future__ import annotations

from dataclasses import dataclass

from sphinxext.doccode.forensics import describe
from sphinxext.doccode.results import ErrorInfo, FileResult, FileStatus
from sphinxext.doccode.runner.engine.drivers.reply import DriverReply, describe_exit


@dataclass(frozen=True)
class Unfinished:
    status: FileStatus
    error: ErrorInfo
    #: every region ran and the driver died tearing the unit down: the result it sent
    teardown: FileResult | None = None


def unfinished(display_path: str, reply: DriverReply, timeout: float) -> Unfinished:
    """The driver never answered: it ran out of time, or it died. A stopped unit's
    forensics (where it was stuck, what it waited for) end its error's message."""
    why = _unfinished(display_path, reply, timeout)
    text = describe(reply.forensics)
    if text and why.teardown is None:
        why.error.message = f"{why.error.message}\n{text}"
    return why


def _unfinished(display_path: str, reply: DriverReply, timeout: float) -> Unfinished:
    if reply.kind == "timeout":
        return Unfinished(FileStatus.TIMEOUT, ErrorInfo(
            None,
            "Timeout",
            f"{display_path} did not finish within {timeout:g} s and was stopped "
            "(hint: make the example faster, or raise the limit with "
            "'# doccode: timeout=SECONDS' in the file or the doccode_timeout setting)",
        ))
    if reply.kind == "unschedulable":
        return Unfinished(FileStatus.FAILED,
                          ErrorInfo(None, "UnschedulableDemand", reply.unschedulable))
    if reply.teardown_result is not None:
        return _teardown_failure(display_path, reply)
    if reply.protocol_error:
        return Unfinished(FileStatus.ERROR, ErrorInfo(None, "ProtocolError", (
            f"the driver running {display_path} sent a message the engine cannot "
            f"decode ({reply.protocol_error}); the driver was stopped (hint: does the example "
            "write to file descriptors it did not open?)")))
    tail = reply.log_tail.strip()
    detail = f"; its last output:\n{tail}" if tail else ""
    return Unfinished(FileStatus.ERROR, ErrorInfo(
        None,
        "DriverDied",
        f"{describe_exit(reply.exit_status)} while running {display_path}{detail}",
    ))


def _teardown_failure(display_path: str, reply: DriverReply) -> Unfinished:
    """Every region ran, then the driver died tearing down what the file created: run
    alone, the file's process would have failed at exit the same way."""
    result = FileResult.from_dict(reply.teardown_result or {})
    error = result.error or ErrorInfo(None, "TeardownFailed", (
        f"{describe_exit(reply.exit_status)} while tearing down what "
        f"{display_path} created (its finalizers, threads and Ray job), after "
        "its last region ran (hint: run the file alone; it fails at exit too)"))
    result.status, result.error = FileStatus.FAILED, error
    return Unfinished(FileStatus.FAILED, error, teardown=result)
