"""Taking forensics inside a driver, without Ray: the main thread's stack, read from
another thread while the main thread waits, and a question answered on the ask pipe."""

from __future__ import annotations

import json
import os
import threading
from typing import Any

from sphinxext.doccode.runner.driver import forensics
from sphinxext.doccode.runner.protocol import Event


class NoRay:
    @staticmethod
    def is_initialized() -> bool:
        return False


def waiting_here(done: threading.Event) -> None:
    done.wait(10)  # the frame the other thread must see


def test_another_thread_reads_the_main_threads_own_frames() -> None:
    taken: list[list[dict[str, Any]]] = []
    done = threading.Event()

    def take() -> None:
        taken.append(forensics.main_stack([__file__]))
        done.set()

    threading.Timer(0.2, take).start()
    waiting_here(done)
    [stack] = taken
    functions = [frame["function"] for frame in stack if frame["file"] == __file__]
    assert functions[-2:] == ["test_another_thread_reads_the_main_threads_own_frames",
                              "waiting_here"]
    assert stack[-1]["function"] == "wait"  # the tail: what it waits in


def test_a_question_on_the_ask_pipe_gets_one_forensics_message() -> None:
    ask_read, ask_write = os.pipe()
    answers: list[dict[str, Any]] = []
    got = threading.Event()

    def send(message: dict[str, Any]) -> None:
        answers.append(json.loads(json.dumps(message)))  # it must be JSON
        got.set()

    forensics.answer_questions(ask_read, NoRay(), lambda: [__file__], send)
    os.write(ask_write, b"?")
    assert got.wait(5)
    [answer] = answers
    assert answer["event"] == Event.FORENSICS.value
    assert answer["forensics"]["waiting"] == {}  # no Ray job: nothing it waits for
    assert any(f["file"] == __file__ for f in answer["forensics"]["stack"])
    os.close(ask_write)  # the engine hangs up: the thread ends
    os.close(ask_read)
