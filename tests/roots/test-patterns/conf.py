extensions = ["myst_parser", "sphinxext.doccode"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
nitpicky = True
