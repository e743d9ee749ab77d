extensions = ["sphinxext.doccode"]
exclude_patterns = ["_build"]
doccode_dirs = ["../doc_code"]

doccode_rules = [
    ("doc_code/*.py", {"timeout": 60, "tags": ["team:docs"]}),
    ("doc_code/segfaults.py", {"skip": "purposefully segfaults"}),
    ("doc_code/gpu_*.py", {"requires": {"GPU": 1}, "tags": ["gpu"]}),
    ("doc_code/flavour.py", {"env": {"DOC_FLAVOUR": "rules"}, "exclusive": True}),
    ("doc_code/shows_error.py", {"xfail": "shows the error users hit"}),
    ("doc_code/typo_*.py", {"timeout": 5}),
    ("doc_code/*.py", {"timeout": "soon"}),
]
