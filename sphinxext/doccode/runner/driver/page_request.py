"""A driver request for a page: run its inline blocks group by group, answer one result."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sphinxext.doccode.results import FileResult, FileStatus, RegionStatus
from sphinxext.doccode.runner import protocol
from sphinxext.doccode.runner.driver import rayshim
from sphinxext.doccode.runner.driver.blocks import PageRunner
from sphinxext.doccode.runner.driver.jobwatch import JobWatch
from sphinxext.doccode.runner.protocol import Event
from sphinxext.doccode.sources.inline_blocks import InlineBlock, group_blocks


def run_page_request(request: dict[str, Any], message_fd: int, watch: JobWatch) -> dict[str, Any]:
    page = Path(request["path"])
    blocks = [InlineBlock.from_dict(data) for data in request["inline"]]

    def on_step(first: int, last: int) -> None:
        protocol.send(message_fd, protocol.message(Event.STEP, first=first, last=last))

    runner = PageRunner(page, on_step)
    started = time.monotonic()
    rayshim.new_file()
    watch.start(str(page), watch_crowded=bool(request.get("watch_crowded")))
    try:
        regions = [r for group in group_blocks(blocks) for r in runner.run_group(group)]
    finally:
        cleanup = watch.finish()
    failed = [r for r in regions if r.status is RegionStatus.FAILED]
    result = FileResult(
        request["display_path"],
        FileStatus.FAILED if failed else FileStatus.PASSED,
        time.monotonic() - started,
        regions=regions,
        error=failed[0].error if failed else None,
        kind="page",
    )
    return protocol.message(Event.RESULT, result=result.to_dict(), cleanup=cleanup)
