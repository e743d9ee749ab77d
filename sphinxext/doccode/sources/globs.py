"""Globs over POSIX display paths: ``*`` and ``?`` within one folder, ``**`` across folders.

Pure Python (``fnmatch`` lets ``*`` cross ``/``; ``glob.translate`` needs 3.13).
"""

from __future__ import annotations

import re

_GLOB_CACHE: dict[str, re.Pattern[str]] = {}


def glob_regex(pattern: str) -> re.Pattern[str]:
    """``pattern`` as a regex over POSIX paths: ``*`` one segment, ``**`` any depth."""
    cached = _GLOB_CACHE.get(pattern)
    if cached is not None:
        return cached
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and (end := pattern.find("]", i + 2)) != -1:
            body = pattern[i + 1:end]
            out.append("[^" + re.escape(body[1:]) + "]" if body[0] in "!^"
                       else "[" + re.escape(body) + "]")
            i = end + 1
            continue
        else:
            out.append(re.escape(char))
        i += 1
    compiled = re.compile("".join(out))
    _GLOB_CACHE[pattern] = compiled
    return compiled
