extensions = ["myst_parser", "sphinxext.doccode"]
exclude_patterns = ["_build"]
