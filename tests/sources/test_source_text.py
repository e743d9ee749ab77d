"""Decoding doc_code files as Python does (issue 9, point 4): pure, no Ray."""

from __future__ import annotations

import pytest

from sphinxext.doccode.sources.source_text import SourceDecodeError, decode_source


def test_utf8_and_declared_encodings_decode() -> None:
    assert decode_source("print('café')\n".encode(), "x.py") == "print('café')\n"
    assert decode_source(b"\xef\xbb\xbfx = 1\n", "x.py") == "x = 1\n"
    latin1 = "# -*- coding: latin-1 -*-\ns = 'caf\xe9'\n".encode("latin-1")
    assert decode_source(latin1, "x.py").endswith("s = 'caf\xe9'\n")


@pytest.mark.parametrize("content", [
    "s = 'caf\xe9'\n".encode("latin-1"),  # not UTF-8, nothing declared
    b"# -*- coding: no-such-codec -*-\nx = 1\n",
])
def test_undecodable_file_names_the_path_and_gives_a_hint(content: bytes) -> None:
    with pytest.raises(SourceDecodeError) as caught:
        decode_source(content, "doc_code/bad.py")
    message = str(caught.value)
    assert message.startswith("doc_code/bad.py cannot be read as Python source")
    assert "hint: save the file as UTF-8" in message
