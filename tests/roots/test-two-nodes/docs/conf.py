extensions = ["sphinxext.doccode"]
exclude_patterns = ["_build"]
doccode_dirs = ["../doc_code"]
# doccode_ray_address: set by the test to its two-node cluster
doccode_rules = [
    ("doc_code/on_worker.py", {"requires": {"special": 1}}),
    ("doc_code/needs_gpu.py", {"requires": {"GPU": 1}}),
]
