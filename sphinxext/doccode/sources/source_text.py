"""Decode a doc_code file the way Python does (PEP 263), or say clearly why it cannot be.

Pure Python (no Sphinx, no Ray). A file Python itself would refuse becomes that
file's error with a hint, never an exception that stops the run.
"""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

UNDECODABLE_TYPE = "UndecodableSource"


class SourceDecodeError(ValueError):
    """The bytes of a doc_code file are not text in the encoding Python would use."""

    def __init__(self, display_path: str, detail: str) -> None:
        super().__init__(
            f"{display_path} cannot be read as Python source: {detail} (hint: save the file "
            "as UTF-8, or declare its encoding on line 1 or 2, e.g. '# -*- coding: latin-1 -*-')"
        )


def decode_source(content: bytes, display_path: str) -> str:
    """The text of a Python file: UTF-8 unless a coding comment says otherwise."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(content).readline)
        text = content.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as exc:
        raise SourceDecodeError(display_path, str(exc)) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_source(path: Path, display_path: str | None = None) -> str:
    """Read and decode ``path`` (:class:`SourceDecodeError` when it is not text)."""
    return decode_source(path.read_bytes(), display_path or str(path))
