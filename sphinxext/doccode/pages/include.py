"""``.. doc-code:: PATH``: show one region of a doc_code file as a code block.

The region is dedented and nested markers are stripped. The code-building
part (:func:`resolve_region`, :func:`code_block_nodes`,
:func:`build_region_nodes`) is reused by other directives (``code-example``);
see ``.notes/include-api.md``.

Every code block made here carries ``doccode_path``, ``doccode_display_path``
and ``doccode_region`` attributes, so a later transform can find it (for
example to show what the region printed under the code).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.directives.code import container_wrapper
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from sphinxext.doccode import paths
from sphinxext.doccode.pages.doccode_domain import record_reference, region_index
from sphinxext.doccode.pages.region_warnings import warn_missing_region
from sphinxext.doccode.sources.regions import IMPLICIT_REGION, MARKER_RE, RegionIndex
from sphinxext.doccode.sphinx_compat import parse_line_numbers

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.util.typing import OptionSpec

logger = logging.getLogger(__name__)

#: options of ``.. doc-code::``; directives that build on it add their own
CODE_OPTIONS: OptionSpec = {
    "region": directives.unchanged_required,
    "language": directives.unchanged_required,
    "caption": directives.unchanged,
    "emphasize-lines": directives.unchanged_required,
    "linenos": directives.flag,
    "lineno-start": int,
    "force": directives.flag,
    "class": directives.class_option,
    "name": directives.unchanged,
    # show what the region printed under the code (directives/output.py, issue 5)
    "output": directives.flag,
    # the status line under the code, overriding doccode_status (pages/status.py)
    "status": lambda argument: directives.choice(argument, ("on", "off")),
}


@dataclass(frozen=True)
class RegionSource:
    """The code of one region (or a whole file), as a page shows it."""

    path: Path  # absolute path of the doc_code file
    display_path: str  # relative to the project root, POSIX
    region: str  # region name, or IMPLICIT_REGION for the whole file
    text: str  # dedented, nested markers stripped
    first_line: int  # first and last line of the region's body in the file
    last_line: int


def _whole_file(index: RegionIndex) -> str:
    body = [line for line in index.lines if not MARKER_RE.match(line)]
    return "\n".join(body).strip("\n") + "\n"


def resolve_region(
    directive: SphinxDirective, argument: str, region: str | None
) -> RegionSource | str:
    """Find ``region`` of the file ``argument`` (relative to the page, like
    ``literalinclude``), record the reference and note the dependency.

    Returns the source, or a short message for a placeholder after warning
    (with the page location and a hint) when the file or the region is missing.
    """
    rel_filename, filename = directive.env.relfn2path(argument)
    path = Path(filename).resolve()
    display = paths.display_path(path, paths.project_root(directive.env.srcdir))
    index = region_index(path, display) if path.is_file() else None
    if index is None:
        logger.warning(
            "doc_code file %s not found or not readable as UTF-8 (hint: the path is "
            "relative to the page, or absolute from the source dir when it starts with '/')",
            argument,
            location=directive.get_location(),
            type="doccode",
            subtype="file",
        )
        return f"doc_code file {argument} not found"
    directive.env.note_dependency(rel_filename)
    record_reference(directive.env, path, region, directive.lineno)
    if region is None:
        return RegionSource(path, display, IMPLICIT_REGION, _whole_file(index), 1, len(index.lines))
    found = index.get(region)
    if found is None:
        warn_missing_region(directive, index, region, option=":region:")
        return f"region {region} not found in {display}"
    text = index.text(region)
    return RegionSource(path, display, region, text, found.first_line, found.last_line)


def code_block_nodes(directive: SphinxDirective, source: RegionSource) -> list[Node]:
    """A ``literal_block`` for ``source`` honouring the code-block options in
    ``directive.options`` (wrapped in a captioned container when asked)."""
    options = directive.options
    literal = nodes.literal_block(source.text, source.text, source=str(source.path))
    directive.set_source_info(literal)
    literal["language"] = options.get("language", "python")
    literal["force"] = "force" in options
    literal["linenos"] = "linenos" in options or "lineno-start" in options
    literal["classes"] += ["doccode-region", *options.get("class", [])]
    literal["doccode_path"] = str(source.path)
    literal["doccode_display_path"] = source.display_path
    literal["doccode_region"] = source.region
    literal["doccode_output"] = "output" in options
    literal["doccode_status"] = options.get("status")
    highlight_args = literal["highlight_args"] = {}
    if "lineno-start" in options:
        highlight_args["linenostart"] = options["lineno-start"]
    if "emphasize-lines" in options:
        emphasized = _emphasized_lines(directive, options["emphasize-lines"], source.text)
        if emphasized is None:
            return [_placeholder(f"bad :emphasize-lines: {options['emphasize-lines']!r}")]
        highlight_args["hl_lines"] = emphasized
    node: nodes.Element = literal
    if "caption" in options:
        caption = options["caption"] or f"{source.display_path}"
        try:
            node = container_wrapper(directive, literal, caption)
        except ValueError as error:
            logger.warning(
                "%s", error, location=directive.get_location(), type="doccode", subtype="option"
            )
    directive.add_name(node)
    return [node]


def _emphasized_lines(directive: SphinxDirective, spec: str, text: str) -> list[int] | None:
    count = len(text.splitlines())
    try:
        lines = parse_line_numbers(spec, count)
    except ValueError as error:
        logger.warning(
            ":emphasize-lines: %s (hint: use numbers and ranges such as '1,3-5')",
            error,
            location=directive.get_location(),
            type="doccode",
            subtype="option",
        )
        return None
    if any(line >= count for line in lines):
        logger.warning(
            ":emphasize-lines: %r is out of range: the region has %d lines",
            spec,
            count,
            location=directive.get_location(),
            type="doccode",
            subtype="option",
        )
    return [line + 1 for line in lines if line < count]


def _placeholder(message: str) -> nodes.Element:
    # Visible in every output format, so a broken include is noticed on the page too.
    return nodes.warning("", nodes.paragraph(text=message), classes=["doccode-missing"])


def build_region_nodes(directive: SphinxDirective, argument: str) -> list[Node]:
    """The nodes ``.. doc-code::`` produces for file ``argument`` and the
    directive's options: a code block, or a placeholder after a warning."""
    source = resolve_region(directive, argument, directive.options.get("region"))
    if isinstance(source, str):
        return [_placeholder(source)]
    return code_block_nodes(directive, source)


class DocCodeInclude(SphinxDirective):
    """``.. doc-code:: PATH`` with ``:region: NAME`` (no region: the whole file)."""

    has_content = False
    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[OptionSpec] = CODE_OPTIONS

    def run(self) -> list[Node]:
        if not self.state.document.settings.file_insertion_enabled:
            reporter = self.state.document.reporter
            return [reporter.warning("File insertion disabled", line=self.lineno)]
        return build_region_nodes(self, self.arguments[0])


def setup_include(app: Sphinx) -> None:
    app.add_directive("doc-code", DocCodeInclude)
