"""Stylesheets the extension ships, linked from every page and copied in HTML builds."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.builders.html import StandaloneHTMLBuilder

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC = Path(__file__).resolve().parent.parent / "static"


def add_stylesheet(app: Sphinx, name: str) -> None:
    """Link ``static/NAME`` from the pages and put it next to the theme's CSS."""

    def copy(app: Sphinx, exception: BaseException | None) -> None:
        # HTML-like builders only: text, LaTeX and man have no stylesheet.
        if exception is None and isinstance(app.builder, StandaloneHTMLBuilder):
            # a plain copy: Sphinx's copy_asset_file() keeps a changed file unless
            # force=True (7.4+), an argument older Sphinx does not take
            static = Path(app.builder.outdir) / "_static"
            static.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(STATIC / name, static / name)

    app.add_css_file(name)
    app.connect("build-finished", copy)
