"""Small helpers shared by the runner tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

from sphinxext.doccode.results import FileResult
from sphinxext.doccode.runner import FileRequest


def write(directory: Path, name: str, text: str) -> FileRequest:
    path = directory / name
    path.write_text(textwrap.dedent(text))
    return FileRequest(path, f"doc_code/{name}")


def describe(result: FileResult) -> str:
    """Enough of a result to understand a failing assertion."""
    lines = [f"{result.path}: {result.status.value} {result.error}"]
    lines += [f"  {r.name}: {r.status.value} {r.error}" for r in result.regions]
    return "\n".join(lines)
