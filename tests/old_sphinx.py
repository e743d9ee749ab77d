"""What the tests read from a build, made the same on the older Sphinx we support.

The tests are written against what Sphinx >= 8 shows; on older Sphinx the
session (``tests/conftest.py``) installs these two shims once:

- Sphinx 7.3 added ``SphinxTestApp.status`` and ``.warning``; on 7.2 the same
  ``StringIO`` streams are ``_status`` and ``_warning``.
- Sphinx 7.2's ``SphinxTestApp.cleanup`` restores docutils' directives and roles
  as they were when that app started, so after a test with two apps the first
  app's registrations leak into the next test ("directive ... is already
  registered"); 7.3 clears them, and so does the shim.
- Sphinx 8.0 shows each warning's type (``[doccode.region]``) by default, and the
  tests read subtypes from it; 7.3 and 7.4 do it only with
  ``show_warning_types = True``, 7.2 never. The shim appends it as 8.0 does.
"""

from __future__ import annotations

import logging
from typing import Any

import sphinx
from docutils.parsers.rst import directives, roles
from sphinx.testing.util import SphinxTestApp
from sphinx.util.logging import WarningLogRecordTranslator

NEEDS_STREAM_PROPERTIES = sphinx.version_info < (7, 3)
NEEDS_WARNING_TYPES = sphinx.version_info < (8, 0)


def _with_type(record: logging.LogRecord) -> None:
    kind = getattr(record, "type", "")
    subtype = getattr(record, "subtype", "")
    if kind:
        record.msg = f"{record.msg} [{kind}.{subtype}]" if subtype else f"{record.msg} [{kind}]"


def install() -> None:
    """Make Sphinx < 8 show what the tests read, as Sphinx 8 does (no-op on 8 and later)."""
    if NEEDS_STREAM_PROPERTIES and not hasattr(SphinxTestApp, "warning"):
        SphinxTestApp.status = property(lambda app: app._status)  # type: ignore[attr-defined]
        SphinxTestApp.warning = property(lambda app: app._warning)  # type: ignore[attr-defined]
        cleanup = SphinxTestApp.cleanup

        def cleanup_all(self: SphinxTestApp, doctrees: bool = False) -> None:
            cleanup(self, doctrees)
            directives._directives.clear()  # type: ignore[attr-defined]
            roles._roles.clear()  # type: ignore[attr-defined]

        SphinxTestApp.cleanup = cleanup_all  # type: ignore[method-assign]
    if NEEDS_WARNING_TYPES and not hasattr(WarningLogRecordTranslator, "_doccode_tests"):
        translate = WarningLogRecordTranslator.filter

        def filter_with_type(self: WarningLogRecordTranslator, record: Any) -> bool:
            kept = translate(self, record)
            if not getattr(self.app.config, "show_warning_types", False):
                _with_type(record)
            return kept

        WarningLogRecordTranslator.filter = filter_with_type  # type: ignore[method-assign]
        WarningLogRecordTranslator._doccode_tests = True  # type: ignore[attr-defined]
