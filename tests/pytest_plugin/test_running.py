"""Running doc_code regions as pytest items, against the session's real Ray instance."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree

from tests.pytest_plugin.conftest import RunDoccode, write_doc_code
from tests.waiting import SAFETY_NET_S, wait_until

pytestmark = pytest.mark.ray

# Region "total" fails on line 13; "report" comes after it and cannot run.
SUMS = """\
import ray

# __setup_start__
@ray.remote
def add(a, b):
    return a + b

numbers = [1, 2, 3]
# __setup_end__

# __total_start__
total = sum(ray.get([add.remote(n, 0) for n in numbers]))
assert total == 7
# __total_end__

# __report_start__
print("total:", total)
# __report_end__
"""

# Each region prints; "second" needs the name "first" defined, "third" fails.
STEPS = """\
# __first_start__
word = "first"
print("running first")
# __first_end__

# __second_start__
print("running second after", word)
# __second_end__

# __third_start__
raise RuntimeError("third always fails")
# __third_end__
"""

WRONG_OUTPUT = """\
# __chunks_start__
chunks = ["abcd", "efgh", "ij"]
print(chunks)
# Output:
# ['abcd', 'efgh']
# __chunks_end__
"""

RIGHT_OUTPUT = """\
import os

# __greeting_start__
print("Hello, Ray!")
print("pid", os.getpid())
# Output:
# Hello,   Ray!
# pid ...
# __greeting_end__
"""


def test_passing_failing_and_not_run_regions(
    pytester: pytest.Pytester, run_doccode: RunDoccode
) -> None:
    write_doc_code(pytester, "sums.py", SUMS)
    write_doc_code(pytester, "tuples.py", "# __pair_start__\nassert [1, 2, 3] == [1, 2, 4]\n"
                   "# __pair_end__\n")
    result = run_doccode("doc_code", "-rfs")
    result.assert_outcomes(passed=1, failed=2, skipped=1)
    # pytest's detailed comparison, as for a test (pytest 8 adds a blank line between)
    result.stdout.fnmatch_lines(["E   AssertionError: assert [1, 2, 3] == [1, 2, 4]",
                                 "E     At index 2 diff: 3 != 4"])
    result.stdout.fnmatch_lines(
        [
            "doc_code/sums.py .Fs*",
            "*_ region total _*",
            "region 'total' failed at doc_code/sums.py:13",
            ">*13  assert total == 7",
            "E   AssertionError: assert 6 == 7",
            "doc_code/sums.py:13: AssertionError: assert 6 == 7",
            "FAILED doc_code/sums.py::total - AssertionError: assert 6 == 7",
            "SKIPPED [[]1] doc_code/sums.py:17: not run: region 'total' failed at *sums.py:13",
        ]
    )
    assert "<string>" not in result.stdout.str()


def test_k_selects_one_region_and_runs_the_code_before_it_silently(
    pytester: pytest.Pytester, run_doccode: RunDoccode
) -> None:
    write_doc_code(pytester, "steps.py", STEPS)
    result = run_doccode("doc_code", "-k", "second", "-rP")
    result.assert_outcomes(passed=1, deselected=2)
    # Only the selected region is reported, and "third" (which fails) never ran.
    result.stdout.fnmatch_lines(["*Captured stdout call*", "running second after first"])
    result.stdout.no_fnmatch_line("running first")
    result.stdout.no_fnmatch_line("*third always fails*")


def test_wrong_expected_output_fails_with_a_diff(
    pytester: pytest.Pytester, run_doccode: RunDoccode
) -> None:
    write_doc_code(pytester, "chunks.py", WRONG_OUTPUT)
    write_doc_code(pytester, "greeting.py", RIGHT_OUTPUT)
    write_doc_code(
        pytester,
        "indented.py",
        "# __inside_start__\ndef show():\n    print(1)\n    # Output:\n    # 1\n\n\n"
        "show()\n# __inside_end__\n",
    )
    result = run_doccode("doc_code")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(
        [
            "region 'chunks' failed at doc_code/chunks.py:4",
            ">*4  # Output:",
            "E   OutputMismatch: printed output does not match the expected output of line 4 "
            "(- expected, + printed):",
            "E   - ['abcd', 'efgh']",
            "E   + ['abcd', 'efgh', 'ij']",
            "FAILED doc_code/chunks.py::chunks - OutputMismatch: *",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "E   OutputBlockError: '# Output:' is indented: blocks are checked between top-level "
            "statements (hint: move the block *",
        ]
    )


def test_exitfirst_last_failed_and_junitxml(
    pytester: pytest.Pytester, run_doccode: RunDoccode
) -> None:
    write_doc_code(pytester, "a_steps.py", STEPS)
    write_doc_code(pytester, "b_sums.py", SUMS)
    first = run_doccode("doc_code", "-x")
    # "third" of a_steps.py fails; -x stops before b_sums.py runs at all.
    first.assert_outcomes(passed=2, failed=1)
    first.stdout.fnmatch_lines(["*stopping after 1 failures*"])

    again = run_doccode("doc_code", "--lf", "--junitxml=report.xml", "-v")
    # Only the failed region is collected again; "first" and "second" run silently.
    again.assert_outcomes(failed=1)
    again.stdout.fnmatch_lines(
        ["*collected 1 item", "run-last-failure: rerun previous 1 failure (skipped 1 file)",
         "doc_code/a_steps.py::third FAILED*"]
    )
    tree = ElementTree.parse(pytester.path / "report.xml")
    [case] = tree.getroot().iter("testcase")
    assert case.get("name") == "third"
    assert case.get("classname") == "doc_code.a_steps"
    [failure] = case.iter("failure")
    assert failure.get("message") == "RuntimeError: third always fails"
    assert "raise RuntimeError" in (failure.text or "")


def test_file_markers_skip_xfail_and_timeout(
    pytester: pytest.Pytester, run_doccode: RunDoccode
) -> None:
    write_doc_code(pytester, "skipped.py", '# doccode: skip reason="needs a GPU"\nx = 1\n')
    write_doc_code(
        pytester,
        "expected_failure.py",
        '# doccode: xfail reason="shows the error"\n'
        "# __ok_start__\nx = 1\n# __ok_end__\n"
        "# __boom_start__\nraise ValueError('boom')\n# __boom_end__\n",
    )
    write_doc_code(
        pytester,
        "unexpected_pass.py",
        '# doccode: xfail reason="was broken"\n# __fine_start__\nx = 1\n# __fine_end__\n',
    )
    write_doc_code(
        pytester,
        "slow.py",
        "import time\n# doccode: timeout=2\n# __nap_start__\ntime.sleep(60)\n# __nap_end__\n",
    )
    write_doc_code(
        pytester,
        "expected_hang.py",
        'import time\n# doccode: timeout=2\n# doccode: xfail raises=Timeout reason="hangs"\n'
        "# __hang_start__\ntime.sleep(60)\n# __hang_end__\n",
    )
    result = run_doccode("doc_code", "-rsxX", "-v")
    result.assert_outcomes(passed=1, skipped=1, xfailed=2, failed=2)
    result.stdout.fnmatch_lines_random(
        [
            "*expected_failure.py::ok PASSED*",
            "*expected_failure.py::boom XFAIL*",
            "*skipped.py::__file__ SKIPPED (needs a GPU)*",
            "*unexpected_pass.py::fine FAILED*",
            "*slow.py::nap FAILED*",
            "*XPass: the file is marked '# doccode: xfail' (was broken) but it passed*",
            "*slow.py did not finish within 2 s and was stopped*",
            # its forensics: where it was stuck
            "*slow.py:4 in <module>: time.sleep(60)*",
            "*expected_hang.py::hang XFAIL*expected timeout: hangs*",
        ]
    )


def test_failure_outside_every_region_fails_the_next_item(
    pytester: pytest.Pytester, run_doccode: RunDoccode
) -> None:
    write_doc_code(
        pytester,
        "between.py",
        "# __before_start__\nx = 1\n# __before_end__\n"
        "import not_a_real_module_anywhere\n"
        "# __after_start__\ny = 2\n# __after_end__\n",
    )
    result = run_doccode("doc_code")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "region 'after' did not run: the file failed at doc_code/between.py:4",
            ">*4  import not_a_real_module_anywhere",
            "E   ModuleNotFoundError: No module named 'not_a_real_module_anywhere'",
        ]
    )


def test_k_on_the_projects_own_seed_example_runs_one_region(
    pytester: pytest.Pytester, run_doccode: RunDoccode
) -> None:
    from pathlib import Path

    seed = Path(__file__).resolve().parents[2] / "doc_code" / "anti_pattern_return_ray_put.py"
    result = run_doccode(str(seed), "-k", "return_static_multi_values_better", "-v")
    result.assert_outcomes(passed=1, deselected=8)
    result.stdout.fnmatch_lines(
        ["*anti_pattern_return_ray_put.py::return_static_multi_values_better PASSED*"]
    )


def test_sigterm_ends_the_session_and_every_process_it_started(
    pytester: pytest.Pytester, ray_address: str
) -> None:
    import signal
    import subprocess
    import sys

    import psutil

    write_doc_code(pytester, "slow.py", "import pathlib, time\n"
                   "pathlib.Path(__file__).with_suffix('.running').touch()\n"
                   "# __nap_start__\ntime.sleep(120)\n"
                   "# __nap_end__\n# __after_start__\nx = 1\n# __after_end__\n")
    running = pytester.path / "doc_code" / "slow.running"
    process = subprocess.Popen(
        [sys.executable, "-m", "pytest", "--doccode", f"--doccode-ray-address={ray_address}",
         "-p", "no:cacheprovider", "doc_code"],
        cwd=pytester.path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        # Wait until the example runs in a driver process started by the session.
        wait_until(lambda: running.exists() or process.poll() is not None,
                   "the example starts running")
        children = psutil.Process(process.pid).children(recursive=True)
        started = [c for c in children if "runner.driver.main" in " ".join(c.cmdline())]
        assert started, "the example ran outside a driver the session started"
        tree = psutil.Process(process.pid).children(recursive=True)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=SAFETY_NET_S)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode != 0
    assert "doccode: stopped while running doc_code/slow.py" in output
    assert "1 failed" not in output and "passed" not in output  # no item reported as a result
    _, alive = psutil.wait_procs(tree, timeout=SAFETY_NET_S)
    assert alive == []


def test_a_failing_task_shows_the_remote_line_and_its_cause(
    pytester: pytest.Pytester, run_doccode: RunDoccode
) -> None:
    write_doc_code(
        pytester,
        "remote.py",
        "import ray\n\nray.init()\n\n# __boom_start__\n@ray.remote\ndef divide(a, b):\n"
        "    return a / b\n\n\nresult = ray.get(divide.remote(1, 0))\n# __boom_end__\n",
    )
    result = run_doccode("doc_code", "-rf")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "region 'boom' failed at doc_code/remote.py:11",
            ">*11  result = ray.get(divide.remote(1, 0))",
            "E   RayTaskError(ZeroDivisionError): ray::divide() (pid=*",
            'E     File "*doc_code/remote.py", line 8, in divide',
            "E   ZeroDivisionError: division by zero",
            "*frame(s) of installed libraries hidden; --tb=long*",
            "FAILED doc_code/remote.py::boom - RayTaskError(ZeroDivisionError): ZeroD*",
        ]
    )
    assert "\x1b[" not in result.stdout.str()  # Ray's colour codes are not passed on


def test_result_cache_reuses_unchanged_files_and_says_so(
    pytester: pytest.Pytester, run_doccode: RunDoccode
) -> None:
    write_doc_code(pytester, "steps.py", STEPS.replace('raise RuntimeError("third always fails")',
                                                       "print('third')"))
    cache = ["--doccode-cache=auto", f"--doccode-cache-dir={pytester.path / 'cache'}"]
    first = run_doccode("doc_code", *cache)
    first.assert_outcomes(passed=3)
    first.stdout.fnmatch_lines(["*- doccode -*", "1 doc_code file(s), * s of running"])
    again = run_doccode("doc_code", *cache, "-rP")
    again.assert_outcomes(passed=3)
    again.stdout.fnmatch_lines(["running second after first",
                                "1 doc_code file(s), 0.0 s of running, 1 from the result cache"])
    # without the cache option, pytest runs the examples every time
    fresh = run_doccode("doc_code")
    fresh.stdout.no_fnmatch_line("*from the result cache*")


# A stray end marker (line 5) and a begin marker: used to be a collection error.
STRAY_END = """\
# __ready_begin__
values = [1, 2]
# __ready_end__

# __missing_end__

# __check_start__
assert sum(values) == 4, "the sum is 3"
# __check_end__
"""


def test_a_file_with_a_marker_problem_runs_and_its_regions_pass_and_fail(
    pytester: pytest.Pytester, run_doccode: RunDoccode
) -> None:
    write_doc_code(pytester, "stray.py", STRAY_END)
    result = run_doccode("doc_code", "-rf")
    result.assert_outcomes(passed=1, failed=1, warnings=1)
    result.stdout.fnmatch_lines([
        "*DoccodeMarkerWarning: doc_code/stray.py:5: '# __missing_end__' has no matching*",
        "FAILED doc_code/stray.py::check*",
    ])
