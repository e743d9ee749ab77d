extensions = ["sphinxext.doccode"]
doccode_dirs = ["../doc_code"]
suppress_warnings = ["doccode.unused-file"]  # unused_here.py is unused on purpose
