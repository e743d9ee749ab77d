"""Ask the engine which instance a ``ray.init(...)`` shape runs on, when the call runs.

The engine schedules a file by the shape its source shows (a literal
``ray.init(num_cpus=2)``); a shape it could not see (``ray.init(num_cpus=n)``,
``ray.init(**options)``) is asked for here: the driver sends ``instance``
with the shape and waits for the address of an instance of that shape (the
engine starts it if needed), on the request pipe, before connecting.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sphinxext.doccode.runner import protocol
from sphinxext.doccode.sources.initshape import asked_shape


class _Channel:
    reader: protocol.MessageReader | None = None
    message_fd = -1


_channel = _Channel()


def connect(reader: protocol.MessageReader, message_fd: int) -> None:
    """Called once by the driver's main loop: where requests and messages go."""
    _channel.reader, _channel.message_fd = reader, message_fd


def address_for(kwargs: Mapping[str, Any], current: str) -> str:
    """The address a ``ray.init`` with ``kwargs`` must connect to (``current`` when it
    asks no shape, or the shape of the instance already in use)."""
    shape = asked_shape(kwargs)
    if shape is None or _channel.reader is None:
        return current
    protocol.send(_channel.message_fd,
                  protocol.message(protocol.Event.INSTANCE, shape=shape.to_dict()))
    reply = _channel.reader.read(deadline=None)
    if reply is None:
        raise RuntimeError("the doccode engine went away while this file asked for "
                           f"a Ray instance with {shape.describe()}")
    if reply.get("error"):
        raise RuntimeError(str(reply["error"]))
    return str(reply.get("address") or current)
