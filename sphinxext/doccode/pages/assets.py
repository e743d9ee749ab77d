"""Stylesheets the extension ships, linked from every page and copied in HTML builds."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.fileutil import copy_asset_file

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC = Path(__file__).resolve().parent.parent / "static"


def add_stylesheet(app: Sphinx, name: str) -> None:
    """Link ``static/NAME`` from the pages and put it next to the theme's CSS."""

    def copy(app: Sphinx, exception: BaseException | None) -> None:
        # HTML-like builders only: text, LaTeX and man have no stylesheet.
        if exception is None and isinstance(app.builder, StandaloneHTMLBuilder):
            copy_asset_file(STATIC / name, app.builder.outdir / "_static", force=True)

    app.add_css_file(name)
    app.connect("build-finished", copy)
