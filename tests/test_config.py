"""``doccode_*`` values: defaults, command-line strings, and bad values reported by key."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sphinxext.doccode import paths
from sphinxext.doccode.pages import run_plan
from tests.sphinx_helpers import copy_root
from tests.sphinx_warnings import of_kind, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx("html", testroot="include", freshenv=True)
def test_defaults(app: SphinxTestApp) -> None:
    config = app.config
    assert config.doccode_dirs == []
    assert config.doccode_ray_address is None
    assert config.doccode_ray_resources == {}  # the machine's CPUs, as ray.init()
    assert config.doccode_object_store_memory == 1 << 30
    assert config.doccode_timeout == 300.0
    assert config.doccode_jobs == "auto"
    assert config.doccode_memory_budget is None  # half of the machine's memory
    assert config.doccode_cache == "auto"
    assert config.doccode_cache_dir is None
    assert of_kind(app, "doccode.config") == []
    root = paths.project_root(app.srcdir)
    assert root == Path(app.srcdir).resolve().parent
    assert paths.cache_dir(config, app.confdir, app.srcdir) == root / ".doccode_cache"


@pytest.mark.sphinx(
    "html",
    testroot="include",
    freshenv=True,
    confoverrides={
        # what ``-D name=value`` and ``-D name.key=value`` hand over: strings
        "doccode_timeout": "600",
        "doccode_jobs": "4",
        "doccode_memory_budget": "2147483648",
        "doccode_ray_resources.CPU": "4",
        "doccode_dirs": "doc_code",
        "doccode_cache_dir": "../cache",
    },
)
def test_command_line_strings_are_converted(app: SphinxTestApp) -> None:
    config = app.config
    assert config.doccode_timeout == 600.0
    assert config.doccode_jobs == 4
    assert config.doccode_memory_budget == 2 << 30
    assert run_plan.run_options(config, app.confdir, app.srcdir).memory_budget == 2 << 30
    assert config.doccode_ray_resources == {"CPU": 4.0}
    assert config.doccode_dirs == ["doc_code"]
    expected = (Path(app.confdir) / "../cache").resolve()
    assert paths.cache_dir(config, app.confdir, app.srcdir) == expected
    assert warnings_of(app) == []


@pytest.mark.sphinx(
    "html",
    testroot="include",
    freshenv=True,
    confoverrides={
        "doccode_jobs": 0,
        "doccode_memory_budget": -1,
        "doccode_timeout": -5,
        "doccode_cache": "sometimes",
        "doccode_ray_resources": {"CPU": -1},
        "doccode_dirs": ["no_such_folder"],
        "doccode_ray_address": 42,
    },
)
def test_bad_values_warn_by_key_and_fall_back_to_defaults(app: SphinxTestApp) -> None:
    warnings = of_kind(app, "doccode.config")
    text = "\n".join(w.message for w in warnings)
    for key in ("doccode_jobs", "doccode_timeout", "doccode_cache", "doccode_ray_resources",
                "doccode_ray_address", "doccode_memory_budget", "no_such_folder"):
        assert key in text
    assert len(warnings) == 7
    assert all(w.path == "" for w in warnings)  # overrides have no place in conf.py
    config = app.config
    defaults = (config.doccode_jobs, config.doccode_timeout, config.doccode_cache)
    assert defaults == ("auto", 300, "auto")
    assert config.doccode_ray_resources == {} and config.doccode_memory_budget is None
    assert config.doccode_dirs == [] and config.doccode_ray_address is None
    # Sphinx's own type check does not repeat them
    assert [w for w in warnings_of(app) if w.kind != "doccode.config"] == []


def test_a_bad_value_in_conf_py_is_located_at_its_line(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = copy_root("validation", tmp_path)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + 'doccode_cache = "never"\n')
    line = len(conf.read_text().splitlines())
    app = make_app("html", srcdir=srcdir, builddir=tmp_path / "_build")
    [warning] = of_kind(app, "doccode.config")
    assert (warning.path, warning.line) == (str(conf), line)
    assert "doccode_cache" in warning.message and "'never'" in warning.message


def test_a_cache_dir_that_is_a_file_falls_back_to_the_default(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = copy_root("validation", tmp_path)
    (tmp_path / "not_a_folder").write_text("")
    app = make_app(
        "html", srcdir=srcdir, builddir=tmp_path / "_build",
        confoverrides={"doccode_cache_dir": "../not_a_folder"},
    )
    [warning] = of_kind(app, "doccode.config")
    assert "'../not_a_folder' is a file" in warning.message
    assert app.config.doccode_cache_dir is None


@pytest.mark.sphinx("html", testroot="include", freshenv=True,
                    confoverrides={"doccode_jobs": "many"})
def test_jobs_is_auto_or_a_whole_number(app: SphinxTestApp) -> None:
    [warning] = of_kind(app, "doccode.config")
    assert "doccode_jobs" in warning.message and "'auto'" in warning.message
    assert app.config.doccode_jobs == "auto"
