"""Helpers for the pytest plugin tests: pytester runs that share the session's Ray."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pytest

RunDoccode = Callable[..., pytest.RunResult]


@pytest.fixture
def run_doccode(pytester: pytest.Pytester, ray_address: str) -> RunDoccode:
    """Run pytest in a subprocess with ``--doccode`` against the session's Ray instance."""

    def run(*args: str) -> pytest.RunResult:
        return pytester.runpytest_subprocess(
            "--doccode", f"--doccode-ray-address={ray_address}", *args
        )

    return run


def write_doc_code(pytester: pytest.Pytester, name: str, source: str) -> None:
    """Write ``doc_code/NAME`` in the pytester project."""
    folder = pytester.path / "doc_code"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(textwrap.dedent(source), encoding="utf-8")
