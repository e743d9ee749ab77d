"""The Ray lessons in ``doc_code/`` (``anti_pattern_*.py``, ``pattern_*.py``) are well-formed.

Pure checks, no Ray: the examples are *run* by the ``doccode`` builder over
``docs/`` (tox env ``doccode``) and each one also runs on its own with
``python doc_code/NAME.py``. Here we hold them to the rules that keep them
runnable anywhere and readable on a page.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sphinxext.doccode.sources.regions import Region, RegionIndex, load_regions

DOC_CODE = Path(__file__).resolve().parent.parent / "doc_code"
# The Ray lessons behind docs/patterns/; the guide's own examples (guide_*.py)
# follow the guide's needs.
EXAMPLES = sorted(
    path for path in DOC_CODE.glob("*.py") if path.name.startswith(("anti_pattern_", "pattern_"))
)
ANTI_PATTERNS = [path for path in EXAMPLES if path.name.startswith("anti_pattern_")]

#: widest code line that fits the default theme's column without scrolling
MAX_SHOWN_WIDTH = 64
#: examples must stay quick and fit the engine's 8 logical CPUs with room to spare
MAX_SLEEP_S = 0.5
MAX_CPUS = 4


def ids(paths: list[Path]) -> list[str]:
    return [path.name for path in paths]


def regions_of(path: Path) -> RegionIndex:
    return load_regions(path, f"doc_code/{path.name}")


def enclosing_or_self(index: RegionIndex, region: Region) -> list[Region]:
    chain = [region]
    while chain[-1].parent is not None:
        parent = index.get(chain[-1].parent)
        assert parent is not None
        chain.append(parent)
    return chain


def test_there_are_enough_examples() -> None:
    assert len(EXAMPLES) >= 13
    assert len(ANTI_PATTERNS) >= 8


@pytest.mark.parametrize("path", EXAMPLES, ids=ids(EXAMPLES))
def test_markers_are_valid_and_named(path: Path) -> None:
    index = regions_of(path)
    assert [str(problem) for problem in index.problems] == []
    assert index.names(), "every example tags its code with named regions"


@pytest.mark.parametrize("path", EXAMPLES, ids=ids(EXAMPLES))
def test_connects_to_ray_before_its_first_region(path: Path) -> None:
    # The engine connects `ray.init()` to its own instance; standalone, it
    # starts a local one. Either way it must come before the examples.
    source = path.read_text()
    tree = ast.parse(source, str(path))
    init_lines = [
        node.lineno
        for node in tree.body
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and ast.unparse(node.value.func) == "ray.init"
    ]
    first_region = min(region.start_marker for region in regions_of(path).regions.values())
    assert init_lines, "call ray.init() at the top level"
    assert init_lines[0] < first_region, "ray.init() comes before the first region"


@pytest.mark.parametrize("path", ANTI_PATTERNS, ids=ids(ANTI_PATTERNS))
def test_anti_pattern_pairs_bad_and_better_code_and_compares_them(path: Path) -> None:
    index = regions_of(path)
    source_lines = path.read_text().splitlines()
    bad = [name for name in index.names() if name.endswith("_bad")]
    assert bad, "an anti-pattern file shows the anti-pattern in a *_bad region"
    for name in bad:
        better = index.get(name.removesuffix("_bad") + "_better")
        assert better is not None, f"{name} has no matching *_better region"
        # The comparison sits in the better region or in a region around it.
        checked = any(
            line.lstrip().startswith("assert ")
            for region in enclosing_or_self(index, better)
            for line in source_lines[region.first_line - 1 : region.last_line]
        )
        assert checked, f"{better.name} (or a region around it) asserts the results agree"


@pytest.mark.parametrize("path", EXAMPLES, ids=ids(EXAMPLES))
def test_shown_code_fits_the_page(path: Path) -> None:
    index = regions_of(path)
    too_wide = [
        f"{path.name} region {name}: {line!r}"
        for name in index.names()
        for line in index.text(name).splitlines()
        if len(line) > MAX_SHOWN_WIDTH
    ]
    assert too_wide == []


def constant_arguments(tree: ast.AST, call_name: str) -> list[object]:
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and ast.unparse(node.func) == call_name
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]


def keyword_constants(tree: ast.AST, keyword: str) -> list[object]:
    return [
        node.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.keyword)
        and node.arg == keyword
        and isinstance(node.value, ast.Constant)
    ]


@pytest.mark.parametrize("path", EXAMPLES, ids=ids(EXAMPLES))
def test_stays_quick_and_small(path: Path) -> None:
    tree = ast.parse(path.read_text(), str(path))
    sleeps = constant_arguments(tree, "time.sleep") + constant_arguments(tree, "asyncio.sleep")
    assert all(isinstance(s, int | float) and s <= MAX_SLEEP_S for s in sleeps), sleeps
    cpus = keyword_constants(tree, "num_cpus") + keyword_constants(tree, "processes")
    assert all(isinstance(c, int | float) and c <= MAX_CPUS for c in cpus), cpus
