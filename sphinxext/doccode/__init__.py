"""sphinxext-doccode: documentation examples that are executed, so they stay true."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    # Each module registers its own part; see the module docstrings.
    from sphinxext.doccode import builder, config
    from sphinxext.doccode.pages import setup_pages
    from sphinxext.doccode.patterns import setup_patterns

    config.setup_config(app)
    setup_pages(app)
    setup_patterns(app)
    builder.setup_builder(app)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
