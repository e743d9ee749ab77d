"""Warnings of a ``sphinx.testing`` build, parsed into records tests can assert on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

WARNING_RE = re.compile(
    r"^(?:(?P<location>\S*?):(?P<line>\d*): )?WARNING: (?P<message>.*?)"
    r"(?: \[(?P<kind>[\w.-]+)\])?$"
)


@dataclass(frozen=True)
class Warning_:
    path: str  # file name as Sphinx printed it ("" when none)
    line: int | None
    message: str
    kind: str  # e.g. "doccode.region" ("" when the warning has no type)


def warnings_of(app: SphinxTestApp) -> list[Warning_]:
    """Every warning of the build, parsed (colours stripped)."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    records = []
    for raw in text.splitlines():
        match = WARNING_RE.match(raw.strip())
        if match:
            line = match["line"]
            records.append(
                Warning_(match["location"] or "", int(line) if line else None, match["message"],
                         match["kind"] or "")
            )
    return records


def of_kind(app: SphinxTestApp, kind: str) -> list[Warning_]:
    return [w for w in warnings_of(app) if w.kind == kind]
