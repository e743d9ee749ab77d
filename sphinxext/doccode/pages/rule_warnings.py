"""The Sphinx side of ``doccode_rules``: bad and unused rules as ``doccode.rules`` warnings.

The rules themselves (globs, precedence, merging) are :mod:`sphinxext.doccode.sources.rule_table`
and :mod:`sphinxext.doccode.sources.settings`.
Warnings point at the rule's own line in ``conf.py`` when it can be found there.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from sphinxext.doccode.sources.rule_table import Rule, parse_rules, unused_rules

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)


def checked_rules(config: Config) -> tuple[Rule, ...]:
    """The usable rules of ``config`` (the bad ones were reported at config-inited)."""
    rules, _ = parse_rules(config.doccode_rules)
    return tuple(rules)


def report_bad_rules(app: Sphinx, config: Config) -> None:
    _, problems = parse_rules(config.doccode_rules)
    for problem in problems:
        index = re.match(r"doccode_rules\[(\d+)\]", problem)
        logger.warning("%s (hint: see the doccode_rules documentation)", problem,
                       location=rule_location(app.confdir, int(index[1]) if index else None),
                       type="doccode", subtype="rules")


def warn_unused_rules(app: Sphinx, paths: Iterable[str]) -> None:
    """A rule whose glob matches no unit of the run (a typo, a moved file)."""
    for rule in unused_rules(checked_rules(app.config), paths):
        logger.warning(
            "%s matches no file of this run (hint: globs match paths as report.json shows "
            "them, relative to the project root, such as 'doc_code/*.py'; '**' spans folders)",
            rule.describe(), location=rule_location(app.confdir, rule.index),
            type="doccode", subtype="rules")


def rule_location(confdir: str | Path, index: int | None) -> str | None:
    """``conf.py:LINE`` of rule ``index`` when ``doccode_rules`` is a literal list there,
    else of the ``doccode_rules`` assignment; None when set outside conf.py (``-D``)."""
    conf_py = Path(confdir, "conf.py")
    try:
        tree = ast.parse(conf_py.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return None
    for node in ast.walk(tree):
        value = _assigned(node)
        if value is None:
            continue
        line = value.lineno
        if isinstance(value, (ast.List, ast.Tuple)) and index is not None \
                and index < len(value.elts):
            line = value.elts[index].lineno
        return f"{conf_py}:{line}"
    return None


def _assigned(node: ast.AST) -> ast.expr | None:
    """The value assigned to ``doccode_rules`` by ``node`` (None if it is no such assignment)."""
    if isinstance(node, ast.Assign):
        names = [t.id for t in node.targets if isinstance(t, ast.Name)]
    elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        names = [node.target.id]
    else:
        return None
    return node.value if "doccode_rules" in names else None


def setup_rules(app: Sphinx) -> None:
    # After config.py has checked the value's shape (priority 400).
    app.connect("config-inited", report_bad_rules, priority=450)
