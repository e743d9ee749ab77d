"""Which doc_code files a build runs, and with which engine options: one place for all builders.

The ``doccode`` builder, execution during other builds (:mod:`.run_during_build`) and
the report page all ask the same question, so they get the same answer.
Pages as units (inline ``testcode`` blocks) join here: their requests go next
to the files', and a block tagged with ``doccode_display_path`` and
``doccode_region`` (its page, its block) gets a status line like any example.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinxext.doccode import paths
from sphinxext.doccode.pages.coverage import with_pages
from sphinxext.doccode.pages.doccode_domain import get_domain, region_index
from sphinxext.doccode.pages.rule_warnings import checked_rules
from sphinxext.doccode.sources.page_regions import page_region_spans

if TYPE_CHECKING:
    import os

    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from sphinxext.doccode.pages.coverage import RegionReference
    from sphinxext.doccode.runner import FileUnit, RunOptions


def files_to_run(
    env: BuildEnvironment, config: Config, confdir: str | os.PathLike[str]
) -> tuple[list[Path], dict[str, list[RegionReference]]]:
    """Every ``*.py`` file a page shows plus every file of ``doccode_dirs`` (sorted,
    absolute), and the pages' references by absolute path."""
    references = get_domain(env).references_by_file()
    referenced = {Path(p) for p in references if p.endswith(".py") and Path(p).is_file()}
    in_dirs = paths.doccode_dir_files(confdir, config.doccode_dirs)
    return sorted(referenced | set(in_dirs)), references


def file_units(
    files: list[Path], root: Path, references: dict[str, list[RegionReference]]
) -> list[FileUnit]:
    """One engine unit per file, named by its display path, with the regions the
    pages delimit in it with their own strings."""
    from sphinxext.doccode.runner import FileUnit

    return [
        FileUnit(path=path, display_path=paths.display_path(path, root),
                    regions=page_regions(path, root, references))
        for path in files
    ]


def page_regions(
    path: Path, root: Path, references: dict[str, list[RegionReference]]
) -> tuple[tuple[str, int, int], ...]:
    """The regions pages delimit in ``path`` with their own strings, for the engine."""
    index = region_index(path, paths.display_path(path, root))
    if index is None:
        return ()
    merged = with_pages(index, references.get(str(path.resolve()), []))
    return tuple(page_region_spans(merged, index))


def run_options(
    config: Config, confdir: str | os.PathLike[str], srcdir: str | os.PathLike[str],
    *, cache_mode: str | None = None,
) -> RunOptions:
    """The engine's options from the ``doccode_*`` values (``cache_mode`` overrides
    :confval:`doccode_cache`)."""
    from sphinxext.doccode.runner import RunOptions

    return RunOptions(
        ray_address=config.doccode_ray_address,
        ray_resources=dict(config.doccode_ray_resources),
        object_store_memory=config.doccode_object_store_memory,
        timeout=float(config.doccode_timeout),
        jobs=config.doccode_jobs,
        memory_budget=config.doccode_memory_budget,
        cache_mode=cache_mode or config.doccode_cache,
        cache_dir=paths.cache_dir(config, confdir, srcdir),
        rules=checked_rules(config),
        tags=tuple(config.doccode_tags),
        skip_tags=tuple(config.doccode_skip_tags),
        fail_unschedulable=config.doccode_fail_unschedulable,
        isolation=config.doccode_isolation,
        select=config.doccode_select,
        changed_since=config.doccode_changed_since,
    )
