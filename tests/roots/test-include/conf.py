extensions = ["sphinxext.doccode"]
exclude_patterns = ["_build"]
