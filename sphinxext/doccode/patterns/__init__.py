"""The anti-pattern / pattern page family: directives, roles, domain, catalog, stylesheet.

* ``.. anti-pattern:: TITLE`` / ``.. pattern:: TITLE`` (:mod:`.page`)
* ``.. tldr::``, ``.. reasons::``, ``.. use-case::`` (:mod:`.parts`)
* ``.. code-example:: PATH`` (:mod:`.example`)
* ``.. pattern-catalog::`` (:mod:`.catalog`)
* ``:antipattern:`label``` / ``:pattern:`label``` and the ``patterns`` domain
  (:mod:`.pattern_domain`), build-wide checks (:mod:`.events`)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinxext.doccode.pages.assets import add_stylesheet
from sphinxext.doccode.patterns import catalog, events
from sphinxext.doccode.patterns.example import CodeExampleDirective
from sphinxext.doccode.patterns.page import AntiPatternDirective, PatternDirective
from sphinxext.doccode.patterns.parts import (
    ReasonsDirective,
    TldrDirective,
    UseCaseDirective,
)
from sphinxext.doccode.patterns.pattern_domain import PatternDomain, PatternRefRole

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_patterns(app: Sphinx) -> None:
    app.add_domain(PatternDomain)
    app.add_directive("anti-pattern", AntiPatternDirective)
    app.add_directive("pattern", PatternDirective)
    app.add_directive("tldr", TldrDirective)
    app.add_directive("reasons", ReasonsDirective)
    app.add_directive("use-case", UseCaseDirective)
    app.add_directive("code-example", CodeExampleDirective)
    app.add_directive("pattern-catalog", catalog.PatternCatalogDirective)
    # The short role names work everywhere; ':patterns:antipattern:' is the same role.
    app.add_role("antipattern", PatternRefRole())
    app.add_role("pattern", PatternRefRole())
    app.add_node(catalog.pattern_catalog)
    app.add_post_transform(catalog.CatalogFiller)

    app.connect("env-get-outdated", events.snapshot_entries)
    app.connect("env-updated", events.pages_to_rewrite)
    app.connect("warn-missing-reference", events.report_missing_reference)
    app.connect("env-check-consistency", events.check_duplicate_labels)
    app.connect("env-check-consistency", events.check_related)

    add_stylesheet(app, "doccode-patterns.css")
