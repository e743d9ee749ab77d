"""The seed page as a reader sees it in headless Chromium (alabaster and furo).

The real seed page (``docs/patterns/return-ray-put.rst``) and its doc_code
file are copied into a tiny project and built; Chromium lays the page out and
a probe script reports what is visible and in which colours. Screenshots go
to pytest's temp dir (never into git).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.patterns import chromium
from tests.sphinx_helpers import ROOTS

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

REPO = Path(__file__).resolve().parents[2]
SEED_PAGE = REPO / "docs" / "patterns" / "return-ray-put.rst"
SEED_CODE = REPO / "doc_code" / "anti_pattern_return_ray_put.py"

pytestmark = pytest.mark.skipif(
    not chromium.available(),
    reason=f"Debian's chromium is not installed (install it with: {chromium.INSTALL_HINT})",
)


@pytest.fixture(params=["alabaster", "furo"])
def seed_html(
    request: pytest.FixtureRequest, tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> tuple[str, Path]:
    """Build the seed page with one theme; return the theme and the page's HTML file."""
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-patterns-seed", project / "docs")
    (project / "docs" / "patterns").mkdir()
    shutil.copy(SEED_PAGE, project / "docs" / "patterns" / SEED_PAGE.name)
    (project / "doc_code").mkdir()
    shutil.copy(SEED_CODE, project / "doc_code" / SEED_CODE.name)
    app = make_app("html", srcdir=project / "docs", confoverrides={"html_theme": request.param})
    app.build()
    return request.param, Path(app.outdir) / "patterns" / "return-ray-put.html"


def is_red(colour: str) -> bool:
    r, g, b, alpha = chromium.rgb(colour)
    return alpha > 0.5 and r > 150 and r > g + 80 and r > b + 80


def is_green(colour: str) -> bool:
    r, g, b, alpha = chromium.rgb(colour)
    return alpha > 0.5 and g > 100 and g > r + 40 and g > b + 20


def assert_visible(box: dict[str, Any] | None, what: str) -> None:
    assert box is not None, f"{what}: not on the page"
    assert box["visible"] and box["on_top"], f"{what}: not visible ({box})"


def test_reader_sees_title_tldr_reasons_and_distinct_code(
    seed_html: tuple[str, Path], tmp_path: Path
) -> None:
    theme, page = seed_html
    seen = chromium.probe(page)

    assert_visible(seen["h1"], "title")
    assert seen["h1"]["text"].startswith("Anti-pattern: Returning ray.put() ObjectRefs")

    tldr = seen["tldr"]
    assert_visible(tldr, "TLDR box")
    assert_visible(seen["tldr_title"], "TLDR heading")
    assert seen["tldr_title"]["text"] == "TLDR"
    assert len(tldr["text"]) > 60  # the summary itself, not an empty box
    assert tldr["border_left_width"] >= 3
    assert chromium.rgb(tldr["background"]) != chromium.rgb(seen["body_background"]), (
        "the TLDR box does not stand out from the page")
    assert seen["tldr"]["top"] < seen["reasons"]["top"]  # the summary comes first

    assert_visible(seen["reasons"], "reasons")
    assert len(seen["reason_items"]) >= 3
    for item in seen["reason_items"]:
        assert_visible(item, "a reason")

    bad = [e for e in seen["examples"] if e["kind"] == "doccode-kind-anti-pattern"]
    better = [e for e in seen["examples"] if e["kind"] == "doccode-kind-better"]
    assert bad and better
    for example in bad + better:
        assert_visible(example["box"], example["kind"])
        assert_visible(example["code"], f"code of {example['kind']}")
        assert_visible(example["label"], f"label of {example['kind']}")
        assert example["box"]["border_left_width"] >= 4
    for example in bad:
        assert example["label"]["text"].endswith("Anti-pattern")
        assert is_red(example["box"]["border_left_color"]), example["box"]
        assert is_red(example["label"]["background"]), example["label"]
    for example in better:
        assert example["label"]["text"].endswith("Better approach")
        assert is_green(example["box"]["border_left_color"]), example["box"]
        assert is_green(example["label"]["background"]), example["label"]
    # the badges carry a mark that does not depend on colour alone
    assert {e["label_before"] for e in bad} != {e["label_before"] for e in better}

    # for a person to look at: pytest's temp dir, never the work tree
    chromium.screenshot(page, tmp_path / f"seed-{theme}.png")
