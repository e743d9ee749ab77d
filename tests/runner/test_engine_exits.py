"""One bad file is that file's error (issue 9, point 4), and what happens when a
file's process would exit counts (point 6): on the session's Ray instance."""

from __future__ import annotations

import pytest

from sphinxext.doccode.results import FileResult, FileStatus, RegionStatus
from sphinxext.doccode.runner import Engine, FileRequest, RunOptions
from tests.runner.helpers import describe, write

pytestmark = pytest.mark.ray

#: the driver's message pipe, as an example could find it (the driver's own argv:
#: REQUEST_FD MESSAGE_FD ASK_FD)
MESSAGE_FD = "MESSAGE_FD = int(open('/proc/self/cmdline').read().split('\\0')[-3])\n"

FILES = {
    "latin1_no_cookie.py": "print('caf\xe9')\n".encode("latin-1"),
    "latin1_with_cookie.py": "# -*- coding: latin-1 -*-\nprint('caf\xe9')\n".encode("latin-1"),
    "garbage_message.py": (MESSAGE_FD + "import os, time\n"
                           "os.write(MESSAGE_FD, b'\\xff\\xfe{not json\\n')\n"
                           "time.sleep(30)\n").encode(),
    "unknown_message.py": (MESSAGE_FD + "import os, time\n"
                           "os.write(MESSAGE_FD, b'{\"event\": \"bogus\"}\\n')\n"
                           "time.sleep(30)\n").encode(),
    "message_without_fields.py": (MESSAGE_FD + "import os, time\n"
                                  "os.write(MESSAGE_FD, b'{\"event\": \"step\"}\\n')\n"
                                  "time.sleep(30)\n").encode(),
    "dies_mid_message.py": (MESSAGE_FD + "import os\n"
                            "os.write(MESSAGE_FD, b'{\"event\": \"result\", \"res')\n"
                            "os._exit(0)\n").encode(),
    "exits_early.py": b"""\
import sys
# __before_start__
print("before")
# __before_end__
# __exit_start__
if True:
    sys.exit(0)
# __exit_end__
# __after_start__
print("after")
# __after_end__
""",
    "atexit_fails.py": b"""\
import atexit
# __register_start__
def flush_results():
    raise OSError("results could not be written")

atexit.register(flush_results)
# __register_end__
""",
    "crashes_at_teardown.py": b"""\
import os, signal
# __make_start__
class Connection:
    def __del__(self):
        os.kill(os.getpid(), signal.SIGSEGV)  # a native library crashing at exit

connection = Connection()
print("made")
# __make_end__
""",
    "fine.py": b"print('fine')\n",
}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory, ray_address: str) -> dict[str, FileResult]:
    directory = tmp_path_factory.mktemp("exits")
    requests = []
    for name, content in FILES.items():
        (directory / name).write_bytes(content)
        requests.append(FileRequest(directory / name, f"doc_code/{name}"))
        requests.append(write(directory, f"after_{name}", "print('after')\n"))
    with Engine(RunOptions(ray_address=ray_address, jobs=1, timeout=60)) as engine:
        ran = engine.run(requests)
    by_name = {result.path.removeprefix("doc_code/"): result for result in ran}
    for name in FILES:  # every file after a bad one still ran, and passed
        after = by_name[f"after_{name}"]
        assert after.status is FileStatus.PASSED, describe(after)
    return by_name


def test_undecodable_file_is_its_own_error(results: dict[str, FileResult]) -> None:
    result = results["latin1_no_cookie.py"]
    assert result.status is FileStatus.ERROR, describe(result)
    assert result.error is not None and result.error.type == "UndecodableSource"
    assert "doc_code/latin1_no_cookie.py cannot be read" in result.error.message
    assert "hint: save the file as UTF-8" in result.error.message
    # Python decodes a file with a coding declaration: so does the engine
    declared = results["latin1_with_cookie.py"]
    assert declared.status is FileStatus.PASSED, describe(declared)
    assert declared.regions[0].output == "caf\xe9\n"


def test_undecodable_message_is_the_files_error(results: dict[str, FileResult]) -> None:
    result = results["garbage_message.py"]
    assert result.status is FileStatus.ERROR, describe(result)
    assert result.error is not None and result.error.type == "ProtocolError"
    assert "doc_code/garbage_message.py" in result.error.message
    assert "hint:" in result.error.message


@pytest.mark.parametrize(("name", "detail"), [
    ("unknown_message.py", "a message named 'bogus'"),
    ("message_without_fields.py", "a 'step' message without its fields"),
])
def test_an_unknown_or_malformed_message_is_the_files_error(
    results: dict[str, FileResult], name: str, detail: str
) -> None:
    result = results[name]
    assert result.status is FileStatus.ERROR, describe(result)
    assert result.error is not None and result.error.type == "ProtocolError"
    assert detail in result.error.message and "hint:" in result.error.message


def test_driver_dying_mid_message_is_the_files_error(results: dict[str, FileResult]) -> None:
    result = results["dies_mid_message.py"]
    assert result.status is FileStatus.ERROR, describe(result)
    assert result.error is not None and result.error.type == "ProtocolError"
    assert "ended in the middle of a message" in result.error.message


def test_early_exit_fails_the_regions_that_never_ran(results: dict[str, FileResult]) -> None:
    result = results["exits_early.py"]
    assert result.status is FileStatus.FAILED, describe(result)
    assert [r.status for r in result.regions] == [
        RegionStatus.PASSED, RegionStatus.PASSED, RegionStatus.NOT_RUN]
    assert result.error is not None and result.error.type == "EarlyExit"
    assert "the file exited at line 7 before regions 'after' ran" in result.error.message


def test_failing_atexit_handler_is_the_files_failure(results: dict[str, FileResult]) -> None:
    result = results["atexit_fails.py"]
    assert result.status is FileStatus.FAILED, describe(result)
    region = result.regions[0]
    assert region.status is RegionStatus.FAILED
    assert region.error is not None and region.error.type == "OSError"
    assert "atexit handler registered at line 6" in region.error.message


def test_crash_at_teardown_is_the_files_failure(results: dict[str, FileResult]) -> None:
    result = results["crashes_at_teardown.py"]
    assert result.status is FileStatus.FAILED, describe(result)
    assert result.regions[0].status is RegionStatus.PASSED
    assert result.regions[0].output == "made\n"
    assert result.error is not None and result.error.type == "TeardownFailed"
    assert "SIGSEGV" in result.error.message
