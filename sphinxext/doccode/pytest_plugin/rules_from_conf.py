"""doccode_rules and tag selection under pytest: the same rules as the docs build.

``--doccode-conf=PATH`` (ini ``doccode_conf``) names the Sphinx ``conf.py`` whose
``doccode_rules`` apply (it is executed as Python, as Sphinx does, without
Sphinx); ``--doccode-tags`` / ``--doccode-skip-tags`` select files by tag, and
every tag is also a pytest mark, so ``-m gpu`` works too.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from sphinxext.doccode.sources.rule_table import Rule, parse_rules
from sphinxext.doccode.sources.settings import FileSettings


def rules_from_conf(path_text: str | None, rootpath: Path) -> tuple[Rule, ...]:
    """The checked ``doccode_rules`` of a conf.py; a bad file or rule is a usage error."""
    if not path_text:
        return ()
    path = (rootpath / path_text).resolve()
    try:
        namespace = runpy.run_path(str(path))
    except Exception as error:  # conf.py is user code: say what broke, not how
        raise pytest.UsageError(
            f"doccode_conf: cannot read {path}: {type(error).__name__}: {error}") from None
    rules, problems = parse_rules(namespace.get("doccode_rules", []))
    if problems:
        raise pytest.UsageError(f"doccode_conf: {path}: " + "; ".join(problems))
    return tuple(rules)


def tag_marks(config: pytest.Config, settings: FileSettings) -> list[pytest.MarkDecorator]:
    """One pytest mark per tag (registered first, so ``--strict-markers`` accepts them)."""
    registered = {line.split(":")[0].split("(")[0].strip() for line in config.getini("markers")}
    marks = []
    for tag in settings.tags:
        if not tag.isidentifier():
            continue  # "team:core" cannot be a mark name; --doccode-tags still selects it
        if tag not in registered:
            config.addinivalue_line("markers", f"{tag}: doccode tag of doc_code files")
        marks.append(getattr(pytest.mark, tag))
    return marks
