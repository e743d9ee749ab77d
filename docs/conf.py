"""Sphinx configuration for the sphinxext-doccode documentation.

The docs are built with the extension they describe: ``-b html`` renders
them, ``-b doccode`` executes every example they include.
"""

from __future__ import annotations

from typing import Any

project = "sphinxext-doccode"
author = "The sphinxext-doccode developers"
copyright = "2026, The sphinxext-doccode developers"

extensions = [
    "myst_parser",
    "sphinx.ext.intersphinx",
    "sphinxext.doccode",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
nitpicky = True
# Ray's API is referenced by role (:func:`ray.put`) in prose copied from Ray's
# style of docs; without network access there is no inventory to resolve it.
nitpick_ignore_regex = [(r"py:.*", r"ray(\..*)?")]
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}

html_theme = "alabaster"
html_title = "sphinxext-doccode"

# Every *.py file under doc_code/ runs, whether a page includes it or not.
doccode_dirs = ["../doc_code"]
# Per-file settings without touching the files (guide/rules.rst shows this one running).
doccode_rules = [
    ("doc_code/guide_rules.py", {"env": {"DOCCODE_GUIDE_FLAVOUR": "vanilla"},
                                 "tags": ["guide"]}),
]


def setup(app: Any) -> None:
    app.add_object_type(
        "confval",
        "confval",
        objname="configuration value",
        indextemplate="pair: %s; configuration value",
    )

# Under each testcode block of a page, what it printed in the last -b doccode run.
doccode_inline_output = True
