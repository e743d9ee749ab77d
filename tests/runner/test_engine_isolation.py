"""Nothing passes from one file to the next in a warm driver (issue 9, point 3).

One engine run, one driver at a time: each leaking file is followed by a file
that passes alone and would fail if the leak reached it. Each file prints its
driver's PID, so a test also tells whether the driver was reused (the state was
put back) or replaced (it could not be).
"""

from __future__ import annotations

import pytest

from sphinxext.doccode.results import FileResult, FileStatus
from sphinxext.doccode.runner import Engine, RunOptions
from tests.runner.helpers import describe, write

pytestmark = pytest.mark.ray

PID = "import os as _os; print('pid', _os.getpid())\n"

#: name -> (the leaking file, the file after it, whether the driver must be replaced)
PAIRS: dict[str, tuple[str, str, bool]] = {
    "environment": (
        "import os\nos.environ['DOCCODE_LEAK'] = '1'\nos.environ.pop('HOME', None)\n",
        "import os\nassert 'DOCCODE_LEAK' not in os.environ\nassert 'HOME' in os.environ\n",
        False,
    ),
    "helper_module": (
        "import sys, pathlib\nsys.path.append(str(pathlib.Path(__file__).parent / 'lib'))\n"
        "import leaky_helper\nassert leaky_helper.VALUE == 1\n",
        "import sys\nassert 'leaky_helper' not in sys.modules\n"
        "try:\n    import leaky_helper\nexcept ImportError:\n    pass\n"
        "else:\n    raise AssertionError('the helper of another file is importable')\n",
        False,
    ),
    "sys_path": (
        "import sys\nsys.path.insert(0, '/doccode-leak')\n",
        "import sys\nassert '/doccode-leak' not in sys.path\n",
        False,
    ),
    "cwd_and_argv": (
        "import os, sys\nos.chdir('/')\nsys.argv.append('--leak')\n",
        "import os, sys, pathlib\nassert pathlib.Path.cwd() == pathlib.Path(__file__).parent\n"
        "assert sys.argv == [__file__]\n",
        False,
    ),
    "warnings_filters": (
        "import warnings\nwarnings.simplefilter('error')\n",
        "import warnings\nwarnings.warn('only a warning', UserWarning)\n",
        False,
    ),
    "logging_configuration": (
        "import logging\nlogging.basicConfig(level=logging.DEBUG)\n"
        "logging.getLogger('app').setLevel(logging.ERROR)\n",
        "import logging\nassert not logging.getLogger().handlers\n"
        "assert logging.getLogger().level == logging.WARNING\n"
        "assert logging.getLogger('app').level == logging.NOTSET\n",
        False,
    ),
    "signal_handlers": (
        "import signal\nsignal.signal(signal.SIGUSR1, lambda *a: None)\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n",
        "import signal\nassert signal.getsignal(signal.SIGUSR1) == signal.SIG_DFL\n"
        "assert signal.getsignal(signal.SIGTERM) != signal.SIG_IGN\n",
        False,
    ),
    "patched_stdlib": (
        "import json\njson.dumps = lambda *args, **kwargs: 'not json'\n"
        "json.loads = lambda *args, **kwargs: None\n",
        "import json\nassert json.loads(json.dumps({'a': 1})) == {'a': 1}\n",
        True,
    ),
    "thread_left_running": (
        "import threading, time\n"
        "threading.Thread(target=lambda: time.sleep(3600), daemon=True).start()\n",
        "import threading\nassert threading.active_count() < 50\n",
        True,
    ),
    "process_limits": (
        "import resource\nsoft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, hard - 1), hard - 1))\n",
        "import resource\nsoft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)\n",
        True,
    ),
}


@pytest.fixture(scope="module")
def pair_results(tmp_path_factory: pytest.TempPathFactory,
                 ray_address: str) -> dict[str, tuple[FileResult, FileResult]]:
    directory = tmp_path_factory.mktemp("isolation")
    (directory / "lib").mkdir()
    (directory / "lib" / "leaky_helper.py").write_text("VALUE = 1\n")
    requests = []
    for name, (leak, check, _) in PAIRS.items():
        requests += [write(directory, f"{name}_leak.py", PID + leak),
                     write(directory, f"{name}_check.py", PID + check)]
    results: list[FileResult] = []
    with Engine(RunOptions(ray_address=ray_address, jobs=1, timeout=120)) as engine:
        # One file per run, so the engine's longest-first order cannot put a check
        # before its leak; the pool keeps its warm driver from one run to the next.
        for request in requests:
            results += engine.run([request])
    return {name: (results[2 * i], results[2 * i + 1]) for i, name in enumerate(PAIRS)}


def pid(result: FileResult) -> str:
    return result.regions[0].output.splitlines()[0]


@pytest.mark.parametrize("name", list(PAIRS))
def test_nothing_leaks_into_the_next_file(
    name: str, pair_results: dict[str, tuple[FileResult, FileResult]]
) -> None:
    leak, check = pair_results[name]
    assert leak.status is FileStatus.PASSED, describe(leak)
    assert check.status is FileStatus.PASSED, describe(check)
    replaced = PAIRS[name][2]
    if replaced:  # what the file did cannot be undone in place: a new driver
        assert pid(leak) != pid(check)
    else:  # put back in place: the same warm driver ran both
        assert pid(leak) == pid(check)
