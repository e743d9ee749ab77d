extensions = ["sphinxext.doccode"]
exclude_patterns = ["_build"]
doccode_dirs = ["../doc_code"]
