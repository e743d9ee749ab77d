"""Shared test fixtures. One real local Ray instance serves the whole session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from sphinxext.doccode.runner.engine.instances.ray_instance import (
    RayInstance,
    start_private_instance,
)
from tests import old_sphinx
from tests.sphinx_helpers import ROOTS

pytest_plugins = ["pytester", "sphinx.testing.fixtures"]

old_sphinx.install()  # builds on Sphinx < 8 show what the tests read, as Sphinx 8 does

#: logical resources of the session instance: the documented default
SESSION_RESOURCES = {"CPU": 8}
SESSION_OBJECT_STORE = 300 * 1024 * 1024


@pytest.fixture(scope="session")
def ray_instance() -> Iterator[RayInstance]:
    """The session's private local Ray instance (loopback, private temp dir).

    Started on first use, stopped by PID at the end of the session. Its auth
    token is exported to ``os.environ`` so every driver the tests start (in
    process, or in ``pytester`` subprocesses) can connect to it.
    """
    instance = start_private_instance(SESSION_RESOURCES, SESSION_OBJECT_STORE)
    exported = {k: v for k, v in instance.env.items() if k.startswith("RAY_AUTH")}
    saved = {k: os.environ.get(k) for k in exported}
    os.environ.update(exported)
    try:
        yield instance
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        instance.stop()


@pytest.fixture(scope="session")
def ray_address(ray_instance: RayInstance) -> str:
    """Address of the session's Ray instance: pass it as ``doccode_ray_address``,
    ``--doccode-ray-address`` or ``RunOptions(ray_address=...)``; runs must leave it up."""
    return ray_instance.address


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds ``tests/roots/test-*``."""
    return ROOTS
