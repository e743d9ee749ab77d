"""The Sphinx side of examples: directives that show doc_code regions and their results.

* ``literalinclude`` (tracked, :mod:`.literalinclude`) and ``.. doc-code::`` (:mod:`.include`)
* ``:output:`` under an example (:mod:`.output`), read from the last run (:mod:`.last_run`)
* inline ``testcode`` / ``testoutput`` / ``doctest`` blocks (:mod:`.inline`), and a warning
  at each one Sphinx did not read (:mod:`.unparsed`)
* ``.. doccode-report::`` (:mod:`.report_page`), with the run's timeline (:mod:`.run_picture`)
* running the examples during any build (:mod:`.run_during_build`), a status line under
  each (:mod:`.status`)
* the ``doccode`` domain: which page shows which region (:mod:`.doccode_domain`,
  :mod:`.coverage`), and the once-per-build checks built on it (:mod:`.validation`)
* ``doccode_rules`` warnings (:mod:`.rule_warnings`)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinxext.doccode.pages import (
    doccode_domain,
    include,
    inline,
    literalinclude,
    output,
    report_page,
    rule_warnings,
    run_during_build,
    status,
    unparsed,
    validation,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_pages(app: Sphinx) -> None:
    doccode_domain.setup_domain(app)
    validation.setup_validation(app)
    include.setup_include(app)
    literalinclude.setup_literalinclude(app)
    inline.setup_inline(app)
    unparsed.setup_unparsed(app)
    output.setup_output(app)
    report_page.setup_report_page(app)
    rule_warnings.setup_rules(app)
    status.setup_status(app)
    run_during_build.setup_execute(app)
