"""The ``doccode_*`` configuration values: registered and checked from the one option
table (``vocabulary.py``).

A bad value never produces a traceback: it is reported once, naming the key,
and replaced by its default so the build goes on.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.config import ENUM
from sphinx.util import logging

from sphinxext.doccode.vocabulary import OPTIONS, Option

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)
#: the options a ``conf.py`` sets
CONFIG_VALUES = tuple(option for option in OPTIONS if option.sphinx)


def _types(option: Option) -> Any:
    return ENUM(*option.choices) if option.choices else option.types


def setup_config(app: Sphinx) -> None:
    for value in CONFIG_VALUES:
        app.add_config_value(value.name, value.default, "env", types=_types(value))
    # Before Sphinx's own type check (priority 800), so a bad value is reported
    # once, by us, with a hint.
    app.connect("config-inited", validate_config, priority=400)


def _location(confdir: str | os.PathLike[str], name: str) -> str | None:
    """``conf.py:LINE`` where ``name`` is assigned, or None (e.g. set with ``-D``)."""
    conf_py = Path(confdir, "conf.py")
    try:
        lines = conf_py.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    assignment = re.compile(rf"^{re.escape(name)}\b\s*(?::[^=]*)?=")
    for lineno, line in enumerate(lines, start=1):
        if assignment.match(line):
            return f"{conf_py}:{lineno}"
    return None


def validate_config(app: Sphinx, config: Config) -> None:
    for value in CONFIG_VALUES:
        current = getattr(config, value.name)
        try:
            setattr(config, value.name, value.parse(current))
        except ValueError as error:
            logger.warning(
                "bad value for %s: %s; using the default %r",
                value.name,
                error,
                value.default,
                location=_location(app.confdir, value.name),
                type="doccode",
                subtype="config",
            )
            setattr(config, value.name, value.default)
    config.doccode_dirs = _existing_dirs(app.confdir, config.doccode_dirs)
    if config.doccode_cache_dir and Path(app.confdir, config.doccode_cache_dir).is_file():
        logger.warning(
            "doccode_cache_dir: %r is a file, not a folder; using the default "
            "(hint: name a folder, it is created when needed)",
            config.doccode_cache_dir,
            location=_location(app.confdir, "doccode_cache_dir"),
            type="doccode",
            subtype="config",
        )
        config.doccode_cache_dir = None


def _existing_dirs(confdir: str | os.PathLike[str], dirs: list[str]) -> list[str]:
    kept = []
    for name in dirs:
        folder = Path(confdir, name)
        if folder.is_dir():
            kept.append(name)
        else:
            logger.warning(
                "doccode_dirs: folder %r (%s) does not exist; ignoring it "
                "(hint: folders are relative to the folder of conf.py)",
                name,
                folder.resolve(),
                location=_location(confdir, "doccode_dirs"),
                type="doccode",
                subtype="config",
            )
    return kept
