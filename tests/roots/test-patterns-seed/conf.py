# The seed page (docs/patterns/return-ray-put.rst) and its doc_code file are
# copied next to this project by tests/patterns/test_chromium.py.
extensions = ["sphinxext.doccode"]
exclude_patterns = ["_build"]
html_theme = "alabaster"
