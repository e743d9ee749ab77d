# A doc set written for plain Sphinx: only ``extensions`` gains sphinxext.doccode.
extensions = ["sphinxext.doccode"]
exclude_patterns = ["_build"]
