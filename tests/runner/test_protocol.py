"""The message pipes never raise on bad input (issue 9, points 3-5): pure, no Ray."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator

import pytest

from sphinxext.doccode.runner import protocol


@pytest.fixture
def pipe() -> Iterator[tuple[int, int]]:
    read, write = os.pipe()
    yield read, write
    for fd in (read, write):
        with contextlib.suppress(OSError):
            os.close(fd)


def test_messages_survive_a_patched_json_module(
    pipe: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    read, write = pipe
    monkeypatch.setattr(json, "dumps", lambda *args, **kwargs: "not json")
    monkeypatch.setattr(json, "loads", lambda *args, **kwargs: None)
    protocol.send(write, {"event": "step", "first": 1, "last": 2})
    assert protocol.MessageReader(read).read(deadline=None) == {
        "event": "step", "first": 1, "last": 2}


@pytest.mark.parametrize("line", [b"\xff\xfe{not json\n", b"[1, 2]\n", b"{\"event\": \n"])
def test_a_line_that_is_no_message_is_reported_not_raised(
    pipe: tuple[int, int], line: bytes
) -> None:
    read, write = pipe
    os.write(write, line)
    protocol.send(write, {"event": "after"})
    reader = protocol.MessageReader(read)
    first = reader.read(deadline=None)
    assert first is not None and first["event"] == protocol.UNDECODABLE
    assert reader.read(deadline=None) == {"event": "after"}


def test_a_writer_dying_mid_message_is_reported(pipe: tuple[int, int]) -> None:
    read, write = pipe
    os.write(write, b'{"event": "result", "res')
    os.close(write)
    reader = protocol.MessageReader(read)
    message = reader.read(deadline=None)
    assert message == {"event": protocol.UNDECODABLE,
                       "detail": "the stream ended in the middle of a message"}
    assert reader.read(deadline=None) is None


def test_an_endless_message_is_cut_off(
    pipe: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    read, write = pipe
    monkeypatch.setattr(protocol, "MAX_MESSAGE", 20_000)
    os.write(write, b"x" * 30_000)  # within what a pipe buffers
    message = protocol.MessageReader(read).read(deadline=None)
    assert message is not None and message["event"] == protocol.UNDECODABLE
    assert "longer than 20000 bytes" in message["detail"]


def test_every_message_is_named_by_the_enum_and_unknown_names_are_none() -> None:
    step = protocol.message(protocol.Event.STEP, first=1, last=2)
    assert step == {"event": "step", "first": 1, "last": 2}
    assert protocol.event_of(step) is protocol.Event.STEP
    for unknown in ({"event": "bogus"}, {"event": ["step"]}, {}):
        assert protocol.event_of(unknown) is None
