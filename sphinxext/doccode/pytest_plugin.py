"""pytest plugin: run doc_code regions as pytest items (enabled by ``--doccode``).

Work in progress (issue 5): options only for now.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("doccode", "doc_code examples run on Ray (sphinxext-doccode)")
    group.addoption("--doccode", action="store_true", default=None, help="collect doc_code regions")
    parser.addini("doccode", "collect doc_code regions (--doccode)", type="bool", default=False)
