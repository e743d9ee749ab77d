"""A Ray-style BUILD policy for doc_code files, written as doccode_rules (a conf.py excerpt)."""

# Bazel's test sizes, as timeouts in seconds.
SIZES = {"small": 60, "medium": 300, "large": 900, "enormous": 3600}

doccode_rules = [
    # Every example: small, owned by the core team.
    ("doc_code/**/*.py", {"timeout": SIZES["small"], "tags": ["team:core"]}),
    # Bigger ones, by name.
    ("doc_code/*_tune_*.py", {"timeout": SIZES["medium"]}),
    ("doc_code/large_*.py", {"timeout": SIZES["large"], "tags": ["mem_pressure"]}),
    ("doc_code/train_full_*.py", {"timeout": SIZES["enormous"], "exclusive": True}),
    # Exclusions, each with its reason.
    ("doc_code/segfault_*.py", {"skip": "purposefully segfaults"}),
    ("doc_code/java_*.py", {"skip": "needs Java"}),
    ("doc_code/crash_demo.py", {"xfail": "shows the crash the page explains"}),
    # Hardware: skipped where no node has a GPU, selectable with -D doccode_tags=gpu.
    ("doc_code/gpu_*.py", {"requires": [{"GPU": 1}, "torch"], "tags": ["gpu"]}),
    ("doc_code/multi_gpu_*.py", {"requires": {"GPU": 4}, "tags": ["gpu", "multi_gpu"]}),
    # Environment per file; a file with env runs in its own driver process.
    ("doc_code/data_*.py", {"env": {"RAY_DATA_VERBOSE_PROGRESS": "0"}}),
    ("doc_code/omp_*.py", {"env": {"OMP_NUM_THREADS": "1"}, "fresh_process": True}),
]
