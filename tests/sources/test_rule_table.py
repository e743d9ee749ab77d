"""doccode_rules: globs, checking values, precedence, merging with file markers, selection."""

from __future__ import annotations

import pytest

from sphinxext.doccode.sources.filemarkers import parse_file_markers
from sphinxext.doccode.sources.globs import glob_regex
from sphinxext.doccode.sources.rule_table import parse_rules, unused_rules
from sphinxext.doccode.sources.settings import (
    effective_settings,
    missing_resources,
    tag_selection,
)


@pytest.mark.parametrize(("pattern", "path", "expected"), [
    ("doc_code/*.py", "doc_code/x.py", True),
    ("doc_code/*.py", "doc_code/sub/x.py", False),
    ("doc_code/**/*.py", "doc_code/sub/deep/x.py", True),
    ("doc_code/**/*.py", "doc_code/x.py", True),
    ("**/gpu_*.py", "source/ray-core/doc_code/gpu_train.py", True),
    ("doc_code/x?.py", "doc_code/x1.py", True),
    ("doc_code/[ab].py", "doc_code/c.py", False),
    ("doc_code/[!ab].py", "doc_code/c.py", True),
    ("docs/guide/*.rst", "docs/guide/quickstart.rst", True),
    ("doc_code/x.py", "doc_code/x_py", False),
])
def test_globs(pattern: str, path: str, expected: bool) -> None:
    assert (glob_regex(pattern).fullmatch(path) is not None) is expected


def rules(*pairs: tuple[str, dict[str, object]]) -> list:  # type: ignore[type-arg]
    parsed, problems = parse_rules(list(pairs))
    assert problems == []
    return parsed


def test_later_rules_override_earlier_and_collections_accumulate() -> None:
    parsed = rules(
        ("doc_code/**", {"timeout": 60, "tags": ["team:core"], "env": {"A": "1", "B": "1"}}),
        ("doc_code/big_*.py", {"timeout": 900, "tags": "mem_pressure", "env": {"B": "2"},
                               "requires": [{"GPU": 1}, "numpy"]}),
        ("doc_code/none.py", {"timeout": 5}),
    )
    settings = effective_settings(parsed, "doc_code/big_sort.py", parse_file_markers(""))
    assert settings.timeout == 900
    assert settings.tags == ["team:core", "mem_pressure"]
    assert settings.env == {"A": "1", "B": "2"}
    assert settings.resources == {"GPU": 1.0}
    assert settings.requires == ["numpy"]
    assert settings.origins["timeout"] == "doccode_rules[1] ('doc_code/big_*.py')"
    assert settings.origins["tags"].count("doccode_rules") == 2
    small = effective_settings(parsed, "doc_code/small.py", parse_file_markers(""))
    assert (small.timeout, small.tags, small.resources) == (60, ["team:core"], {})


def test_file_markers_override_every_rule() -> None:
    parsed = rules(("**", {"timeout": 60, "skip": "slow", "xfail": False, "requires": "a"}))
    markers = parse_file_markers(
        "# doccode: timeout=7\n# doccode: xfail reason=\"shows the error\"\n"
        "# doccode: requires=b\n")
    settings = effective_settings(parsed, "doc_code/x.py", markers)
    assert settings.timeout == 7
    assert settings.xfail == "shows the error" and settings.xfail_line == 2
    assert settings.skip == "slow"  # the file says nothing about skipping
    assert settings.requires == ["a", "b"]
    assert settings.origins["timeout"] == "marker"
    assert settings.to_dict()["from"]["skip"] == "doccode_rules[0] ('**')"


def test_a_later_rule_can_undo_a_skip_and_give_a_default_reason() -> None:
    parsed = rules(("**", {"skip": "all off"}), ("doc_code/keep.py", {"skip": False}),
                   ("doc_code/quiet.py", {"skip": True}))
    assert effective_settings(parsed, "doc_code/keep.py", parse_file_markers("")).skip is None
    quiet = effective_settings(parsed, "doc_code/quiet.py", parse_file_markers("")).skip
    assert quiet == "skipped by doccode_rules[2] ('doc_code/quiet.py')"


@pytest.mark.parametrize(("value", "fragment"), [
    ([("a", {"timeout": -1})], "doccode_rules[0] ('a'): bad value for 'timeout'"),
    ([("a", {"tiemout": 1})], "unknown setting 'tiemout'"),
    ([("a", {"requires": {"GPU": "one"}})], "resource 'GPU' needs an amount"),
    ([("a", {"env": {"X": 1}})], "bad value for 'env'"),
    ([("a", {"exclusive": "yes"})], "expected True or False"),
    ([("a",)], "expected a (glob, settings) pair"),
    ([(3, {})], "the glob must be a non-empty string"),
    ([("a", ["timeout", 1])], "settings must be a dict"),
    ("doc_code/*.py", "expected a list of (glob, settings) pairs"),
])
def test_bad_rules_are_named_and_left_out(value: object, fragment: str) -> None:
    parsed, problems = parse_rules(value)
    assert parsed == []
    assert len(problems) == 1 and fragment in problems[0], problems


def test_a_bad_rule_does_not_drop_the_good_ones() -> None:
    parsed, problems = parse_rules([("a", {"timeout": 0}), ("b", {"timeout": 1})])
    assert [r.pattern for r in parsed] == ["b"] and len(problems) == 1
    assert parsed[0].index == 1


def test_unused_rules() -> None:
    parsed = rules(("doc_code/*.py", {}), ("doc_code/typo_*.py", {}))
    assert [r.pattern for r in unused_rules(parsed, ["doc_code/a.py"])] == ["doc_code/typo_*.py"]


def test_report_dict_and_description() -> None:
    parsed = rules(("**", {"exclusive": True, "tags": ["gpu"]}))
    settings = effective_settings(parsed, "x.py", parse_file_markers(""))
    assert settings.to_dict() == {"exclusive": True, "tags": ["gpu"],
                                  "from": {"exclusive": "doccode_rules[0] ('**')",
                                           "tags": "doccode_rules[0] ('**')"}}
    assert settings.describe() == "exclusive=True, tags=['gpu']"
    assert effective_settings([], "x.py", parse_file_markers("")).to_dict() == {}


def test_missing_resources_looks_for_one_node_with_everything() -> None:
    nodes = [{"CPU": 8}, {"CPU": 2, "special": 1}]
    assert missing_resources({"special": 1, "CPU": 1}, nodes) is None
    assert missing_resources({"GPU": 1}, nodes) == "requires 1 GPU, but no node has enough GPU"
    split = missing_resources({"special": 1, "CPU": 4}, nodes)
    assert split == "requires 4 CPU, 1 special, but no single node has all of it"


def test_tag_selection() -> None:
    assert tag_selection(["gpu"], [], []) is None
    assert tag_selection(["gpu"], ["gpu"], []) is None
    assert tag_selection(["gpu", "x"], [], ["gpu"]) == \
        "not selected: tagged gpu (doccode_skip_tags)"
    assert tag_selection([], ["gpu"], []) == \
        "not selected: doccode_tags asks for gpu and it has no tags"
    # excluding wins over including
    assert tag_selection(["gpu"], ["gpu"], ["gpu"]) is not None


def test_the_documented_build_policy_is_valid() -> None:
    import runpy
    from pathlib import Path

    policy = Path(__file__).parents[2] / "docs" / "guide" / "examples" / "ray_build_policy.py"
    parsed, problems = parse_rules(runpy.run_path(str(policy))["doccode_rules"])
    assert problems == [] and len(parsed) == 11
    gpu = effective_settings(parsed, "doc_code/gpu_train.py", parse_file_markers(""))
    assert (gpu.timeout, gpu.resources, gpu.requires) == (60, {"GPU": 1.0}, ["torch"])
    assert gpu.tags == ["team:core", "gpu"]
    large = effective_settings(parsed, "doc_code/large_sort.py", parse_file_markers(""))
    assert (large.timeout, large.tags) == (900, ["team:core", "mem_pressure"])
    assert tag_selection(large.tags, [], ["gpu", "mem_pressure"]) is not None
