"""Once-per-build checks of the doc_code files: bad markers, orphan regions, unused files.

Runs at Sphinx's consistency-check time (after all pages are read), so every
problem is reported once, at ``file:line``, whatever the builder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

from sphinxext.doccode import paths
from sphinxext.doccode.pages.coverage import (
    RegionReference,
    orphan_regions,
    unused_files,
    with_pages,
)
from sphinxext.doccode.pages.doccode_domain import doccode_dir_paths, get_domain, region_index

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinxext.doccode.sources.regions import MarkerProblem, RegionIndex

logger = logging.getLogger(__name__)


def check_doc_code(app: Sphinx, env: BuildEnvironment) -> None:
    root = paths.project_root(env.srcdir)
    references = get_domain(env).references_by_file()
    dir_files = doccode_dir_paths(app)
    indexes: dict[str, RegionIndex] = {}
    for path in sorted(set(references) | set(dir_files)):
        index = region_index(path, paths.display_path(path, root))
        if index is not None:
            indexes[path] = with_pages(index, references.get(path, ()))

    for path, index in indexes.items():
        for problem in index.problems:
            if _delimited_by_a_page(problem, references.get(path, ())):
                continue
            logger.warning(
                "%s (hint: %s)",
                problem.message,
                problem.hint,
                location=f"{path}:{problem.line}",
                type="doccode",
                subtype="marker",
            )

    for orphan in orphan_regions(indexes, references):
        logger.warning(
            "region %r of %s is not shown on any page (hint: include it with "
            "'.. doc-code:: ... :region: %s' or a literalinclude, or remove its markers)",
            orphan.region.name,
            indexes[orphan.path].path,
            orphan.region.name,
            location=f"{orphan.path}:{orphan.region.start_marker}",
            type="doccode",
            subtype="orphan",
        )

    for path in unused_files(dir_files, references):
        logger.warning(
            "%s runs with doccode_dirs but no page shows it (hint: include its "
            "regions in a page, or move it out of doccode_dirs)",
            paths.display_path(path, root),
            location=f"{path}:1",
            type="doccode",
            subtype="unused-file",
        )


def _delimited_by_a_page(problem: MarkerProblem, references: Sequence[RegionReference]) -> bool:
    """An unclosed start that a page's ``:start-after:`` (alone: to the end of the
    file) delimits is how ``literalinclude`` is meant to be used, not a problem."""
    return problem.kind == "unmatched-start" and any(
        r.span is not None and r.span[0] == problem.line + 1 for r in references
    )


def setup_validation(app: Sphinx) -> None:
    app.connect("env-check-consistency", check_doc_code)
