"""Inline blocks of pages run on the engine, against the session's real Ray instance."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sphinxext.doccode.results import FileResult, FileStatus
from sphinxext.doccode.runner import Engine, FileRequest, RunOptions
from sphinxext.doccode.sources.inline_blocks import parse_page
from tests.runner.helpers import describe

pytestmark = pytest.mark.ray


def page_request(directory: Path, name: str, text: str) -> FileRequest:
    path = directory / name
    path.write_text(textwrap.dedent(text))
    blocks = tuple(parse_page(path.read_text(), path.suffix))
    return FileRequest(path, f"docs/{name}", inline=blocks)


def run(ray_address: str, request: FileRequest, **options: float) -> FileResult:
    with Engine(RunOptions(ray_address=ray_address, **options)) as engine:  # type: ignore[arg-type]
        [result] = engine.run([request])
    return result


def statuses(result: FileResult) -> dict[str, str]:
    return {r.name: r.status.value for r in result.regions}


PASSING = """\
Title
=====

.. testcode::

   import ray

   @ray.remote
   def square(x):
       return x * x

   print(ray.get([square.remote(i) for i in range(3)]))

.. testoutput::

   [0, 1, 4]

.. doctest::

   >>> ray.get(square.remote(4))
   16
"""


def test_passing_page_shares_one_namespace(tmp_path: Path, ray_address: str) -> None:
    result = run(ray_address, page_request(tmp_path, "ok.rst", PASSING))
    assert result.status is FileStatus.PASSED, describe(result)
    assert statuses(result) == {"testcode-L4": "passed", "doctest-L18": "passed"}
    assert result.regions[0].output == "[0, 1, 4]\n"
    assert (result.regions[0].start_line, result.regions[0].end_line) == (6, 16)


FAILING = """\
.. testcode::

   x = 1

.. testcode::

   y = 2
   assert x == y, "x is not y"

.. testcode::

   print("never")
"""


def test_failing_block_points_at_the_page_line(tmp_path: Path, ray_address: str) -> None:
    result = run(ray_address, page_request(tmp_path, "fail.rst", FAILING))
    assert result.status is FileStatus.FAILED
    assert statuses(result) == {"testcode-L1": "passed", "testcode-L5": "failed",
                                "testcode-L10": "not-run"}
    error = result.regions[1].error
    assert error is not None and error.line == 8 and error.type == "AssertionError"
    assert f'File "{tmp_path / "fail.rst"}", line 8' in error.traceback
    assert "<string>" not in error.traceback


WRONG_OUTPUT = """\
.. testcode::

   print("hello", 41 + 1)

.. testoutput::

   hello 41

.. testcode::

   print("Took 0.5 s and a long line")

.. testoutput::
   :options: +ELLIPSIS, +NORMALIZE_WHITESPACE

   Took ... s   and a
   long line
"""


def test_wrong_testoutput_fails_its_block_with_a_diff(tmp_path: Path, ray_address: str) -> None:
    result = run(ray_address, page_request(tmp_path, "out.rst", WRONG_OUTPUT))
    assert statuses(result) == {"testcode-L1": "failed", "testcode-L9": "not-run"}
    error = result.regions[0].error
    assert error is not None and error.type == "OutputMismatch" and error.line == 7
    assert "- hello 41" in error.message and "+ hello 42" in error.message


def test_flags_mean_what_they_mean_in_doctest(tmp_path: Path, ray_address: str) -> None:
    text = WRONG_OUTPUT.replace("hello 41", "hello 42")
    result = run(ray_address, page_request(tmp_path, "flags.rst", text))
    assert result.status is FileStatus.PASSED, describe(result)


MOCK = """\
.. testcode::

   import random
   print(random.random())

.. testoutput::
   :options: +MOCK

   0.123456

.. testcode::
   :skipif: True

   raise RuntimeError("skipped")
"""


def test_mock_output_is_shown_not_compared_and_skipif_skips(tmp_path: Path,
                                                             ray_address: str) -> None:
    result = run(ray_address, page_request(tmp_path, "mock.rst", MOCK))
    assert statuses(result) == {"testcode-L1": "passed", "testcode-L11": "skipped"}


HANGS = """\
.. testcode::

   print("before")

.. testcode::

   import time
   time.sleep(600)

.. testcode::

   print("after")
"""


def test_hanging_block_times_out_at_its_line(tmp_path: Path, ray_address: str) -> None:
    result = run(ray_address, page_request(tmp_path, "hang.rst", HANGS), timeout=3.0)
    assert result.status is FileStatus.TIMEOUT
    assert statuses(result) == {"testcode-L1": "passed", "testcode-L5": "failed",
                                "testcode-L10": "not-run"}
    error = result.regions[1].error
    assert error is not None and error.type == "Timeout" and error.line == 8


GROUPS = """\
.. testsetup:: *

   events = ["setup"]

.. testcode:: first

   events.append("first")
   raise ValueError("boom")

.. testcode:: second

   events.append("second")
   print(events)

.. testoutput:: second

   ['setup', 'second']

.. testcleanup:: *

   events.append("cleanup")
   print(events[-1])
"""


def test_groups_have_their_own_namespace_setup_first_cleanup_last(
    tmp_path: Path, ray_address: str
) -> None:
    result = run(ray_address, page_request(tmp_path, "groups.rst", GROUPS))
    assert statuses(result) == {
        "testsetup-L1[first]": "passed", "testcode-L5[first]": "failed",
        "testcleanup-L19[first]": "passed",
        "testsetup-L1[second]": "passed", "testcode-L10[second]": "passed",
        "testcleanup-L19[second]": "passed",
    }, describe(result)
    assert result.region("testcleanup-L19[second]").output == "cleanup\n"  # type: ignore[union-attr]
    error = result.region("testcode-L5[first]").error  # type: ignore[union-attr]
    assert error is not None and (error.type, error.line) == ("ValueError", 8)


def test_unchanged_page_comes_from_the_cache(tmp_path: Path, ray_address: str) -> None:
    request = page_request(tmp_path, "ok.rst", PASSING)
    options = RunOptions(ray_address=ray_address, cache_dir=tmp_path / "cache")
    with Engine(options) as engine:
        [first] = engine.run([request])
    with Engine(options) as engine:
        [again] = engine.run([request])
        assert not engine.ray_started
    assert not first.cached and again.cached and again.status is FileStatus.PASSED


EXCEPTIONS = """\
.. testcode::

   print("before")
   raise ValueError("bad value 42")

.. testoutput::

   before
   Traceback (most recent call last):
     ...
   ValueError: bad value ...

.. doctest::

   >>> int("x")
   Traceback (most recent call last):
   ValueError: invalid literal for int() with base 10: 'x'
   >>> print("after")
   after

.. doctest::

   >>> 1 +
"""


def test_expected_exceptions_pass_and_syntax_errors_point_at_the_page(
    tmp_path: Path, ray_address: str
) -> None:
    result = run(ray_address, page_request(tmp_path, "exc.rst", EXCEPTIONS))
    assert statuses(result) == {"testcode-L1": "passed", "doctest-L13": "passed",
                                "doctest-L21": "failed"}, describe(result)
    error = result.regions[2].error
    assert error is not None and (error.type, error.line) == ("SyntaxError", 23)


CRASHES = """\
.. testcode::

   print("fine")

.. testcode::

   import os
   os._exit(3)

.. testcode::

   print("after")
"""


def test_a_crashing_block_costs_its_driver_not_the_run(tmp_path: Path, ray_address: str) -> None:
    crash = page_request(tmp_path, "crash.rst", CRASHES)
    fine = page_request(tmp_path, "ok.rst", PASSING)
    with Engine(RunOptions(ray_address=ray_address)) as engine:
        crashed, passed = engine.run([crash, fine])
    assert crashed.status is FileStatus.ERROR and passed.status is FileStatus.PASSED
    assert statuses(crashed) == {"testcode-L1": "passed", "testcode-L5": "failed",
                                 "testcode-L10": "not-run"}
    error = crashed.regions[1].error
    assert error is not None and error.type == "DriverDied" and error.line == 7
