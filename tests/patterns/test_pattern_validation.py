"""Each structural mistake gives one ``doccode.*`` warning with page and line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.patterns.conftest import html, text
from tests.sphinx_warnings import Warning_, warnings_of

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp


def where(warnings: list[Warning_]) -> list[tuple[str, int | None, str]]:
    """(file name, line, subtype) of each warning, sorted."""
    return sorted((Path(w.path).name, w.line, w.kind) for w in warnings)


EXPECTED = [
    ("bad-example.rst", 8, "doccode.kind"),
    ("bad-example.rst", 12, "doccode.region"),
    ("bad-refs.rst", 1, "doccode.pattern-ref"),  # :related: no-such-page
    ("bad-refs.rst", 1, "doccode.pattern-ref"),  # :related: lists itself
    ("bad-refs.rst", 7, "doccode.pattern-ref"),  # :antipattern:`missing-label`
    ("bad-refs.rst", 12, "doccode.pattern-ref"),  # :pattern: naming an anti-pattern
    ("catalog.rst", 4, "doccode.catalog"),
    ("dup-b.rst", 3, "doccode.duplicate-label"),
    ("misplaced.rst", 4, "doccode.pattern"),  # tldr outside a page
    ("misplaced.rst", 15, "doccode.tldr"),  # second TLDR
    ("misplaced.rst", 19, "doccode.pattern"),  # reasons in a pattern page
    ("misplaced.rst", 23, "doccode.pattern"),  # empty use-case
    ("no-example.rst", 1, "doccode.no-example"),
    ("no-tldr.rst", 1, "doccode.tldr"),
]


def assert_expected_warnings(app: SphinxTestApp) -> None:
    warnings = warnings_of(app)
    assert where(warnings) == EXPECTED, app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="patterns-warnings", freshenv=True)
def test_every_mistake_is_reported_once_with_its_location(app: SphinxTestApp) -> None:
    app.build()
    assert_expected_warnings(app)
    message = {(Path(w.path).name, w.line, w.kind): w.message for w in warnings_of(app)}
    assert message[("no-tldr.rst", 1, "doccode.tldr")].startswith(
        "anti-pattern page 'A page without a summary' has no TLDR (hint: ")
    assert "has more than one TLDR" in message[("misplaced.rst", 15, "doccode.tldr")]
    assert message[("no-example.rst", 1, "doccode.no-example")].startswith(
        "anti-pattern page 'A page without code' has no code example (hint: ")
    assert message[("dup-b.rst", 3, "doccode.duplicate-label")].startswith(
        "label 'same' is used by two pattern pages, dup-a:1 and this one; links go to dup-a")
    assert message[("bad-example.rst", 8, "doccode.kind")].startswith(
        "unknown code example :kind: 'terrible', shown as neutral")
    assert "region 'no_such_region' not found" in message[
        ("bad-example.rst", 12, "doccode.region")]
    assert message[("bad-refs.rst", 7, "doccode.pattern-ref")].startswith(
        "no pattern page has the label 'missing-label' (hint: known labels are bad-example, ")
    assert "the :pattern: role links pattern pages" in message[
        ("bad-refs.rst", 12, "doccode.pattern-ref")]
    assert message[("catalog.rst", 4, "doccode.catalog")].startswith(
        "pattern catalog matches no page (tags nobody-has-this")


@pytest.mark.sphinx("html", testroot="patterns-warnings", parallel=2, freshenv=True)
def test_parallel_read_reports_the_same(app: SphinxTestApp) -> None:
    # Duplicate labels across pages read by different processes are still found.
    app.build()
    assert_expected_warnings(app)


@pytest.mark.sphinx("html", testroot="patterns-warnings", freshenv=True)
def test_mistakes_do_not_stop_the_page(app: SphinxTestApp) -> None:
    app.build()
    # an unknown kind falls back to neutral; a missing region leaves a visible placeholder
    page = html(app, "bad-example")
    examples = page.select("div.doccode-code-example")
    assert [e["class"][1] for e in examples] == ["doccode-kind-neutral", "doccode-kind-better"]
    assert "not found" in text(examples[1].select_one(".doccode-missing"))
    # a link to an unknown label shows the label as text
    refs = html(app, "bad-refs")
    assert "missing-label" in text(refs.select_one("div.doccode-tldr"))
    # the page that lost the duplicate label still renders, and links go to the first one
    assert text(html(app, "dup-b").select_one("h1")) == "Pattern: Second page with the label"
    assert text(refs.select_one("a.reference.internal[href^='no-tldr']")) == (
        "Anti-pattern: A page without a summary")


@pytest.mark.sphinx("html", testroot="patterns-warnings", freshenv=True,
                    confoverrides={"suppress_warnings": ["doccode.tldr", "doccode.pattern-ref"]})
def test_subtypes_can_be_suppressed(app: SphinxTestApp) -> None:
    app.build()
    kinds = {w.kind for w in warnings_of(app)}
    assert "doccode.tldr" not in kinds
    assert "doccode.pattern-ref" not in kinds
    assert {"doccode.no-example", "doccode.duplicate-label", "doccode.kind"} <= kinds
