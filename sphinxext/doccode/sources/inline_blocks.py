"""Inline test blocks of a page (``testcode``, ``testoutput``, ``doctest``, ...): model and parser.

Pure Python: no Sphinx, no docutils, no Ray. A light parser reads the
directive syntax of ``sphinx.ext.doctest`` in reST (``.. testcode::``) and in
MyST (```` ```{testcode} ````), with exact line numbers, so that the builder
and the pytest plugin see the same blocks. Literal blocks that merely *show*
such a directive (``.. code-block:: rst``, ``::`` paragraphs, other fences)
are skipped.
"""

from __future__ import annotations

import doctest
import re
import textwrap
from dataclasses import asdict, dataclass, field
from typing import Any

KINDS = ("testsetup", "testcleanup", "testcode", "testoutput", "doctest")
DEFAULT_GROUP = "default"
ALL_GROUPS = "*"
#: Ray's pytest-sphinx fork: show sample output without comparing it
MOCK = doctest.register_optionflag("MOCK")
#: suffixes of pages whose inline blocks can run
PAGE_SUFFIXES = (".rst", ".md", ".txt")

_NAMES = "|".join(KINDS)
RST_DIRECTIVE_RE = re.compile(
    rf"^(?P<indent>[ \t]*)\.\.[ \t]+(?P<name>{_NAMES})::[ \t]*(?P<arg>.*?)\s*$"
)
RST_LITERAL_RE = re.compile(r"^(?P<indent>[ \t]*)(?:\.\.[ \t]+(?:code-block|code|sourcecode|"
                            r"parsed-literal)::.*|(?!\.\.[ \t]).*::)[ \t]*$")
MYST_FENCE_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*?)\s*$")
MYST_DIRECTIVE_RE = re.compile(rf"^\{{(?P<name>{_NAMES})\}}[ \t]*(?P<arg>.*)$")
OPTION_RE = re.compile(r"^[ \t]*:(?P<name>[\w-]+):[ \t]*(?P<value>.*?)\s*$")


@dataclass(frozen=True)
class InlineBlock:
    """One directive of a page: where it is, what it holds, how it is checked."""

    kind: str  # one of KINDS
    line: int  # 1-based line of the directive
    first_line: int  # 1-based line of the first line of ``code`` in the page
    code: str  # the directive's content, dedented
    groups: tuple[str, ...] = (DEFAULT_GROUP,)
    options: tuple[str, ...] = ()  # doctest flags, e.g. ("+ELLIPSIS", "-NORMALIZE_WHITESPACE")
    hide: bool = False
    skipif: str | None = None
    trim_flags: bool = False

    @property
    def last_line(self) -> int:
        return self.first_line + max(0, len(self.code.splitlines()) - 1)

    def flags(self, base: int = 0) -> int:
        """``base`` with the block's ``+FLAG`` / ``-FLAG`` options applied (unknown: ignored)."""
        value = base
        for option in self.options:
            flag = doctest.OPTIONFLAGS_BY_NAME.get(option[1:], 0)
            value = value | flag if option.startswith("+") else value & ~flag
        return value

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["groups"], data["options"] = list(self.groups), list(self.options)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InlineBlock:
        return cls(**{**data, "groups": tuple(data["groups"]), "options": tuple(data["options"])})


@dataclass
class TestCase:
    """A ``testcode`` with the ``testoutput`` that follows it, or one ``doctest``."""

    code: InlineBlock
    output: InlineBlock | None = None

    @property
    def last_line(self) -> int:
        return (self.output or self.code).last_line


@dataclass
class BlockGroup:
    """What runs in one namespace: setup first, then the tests in page order, cleanup last."""

    name: str
    setup: list[InlineBlock] = field(default_factory=list)
    tests: list[TestCase] = field(default_factory=list)
    cleanup: list[InlineBlock] = field(default_factory=list)


def block_name(block: InlineBlock, group: str) -> str:
    """The result name of ``block`` in ``group``: ``testcode-L12``, ``testcode-L12[fast]``."""
    suffix = "" if group == DEFAULT_GROUP else f"[{group}]"
    return f"{block.kind}-L{block.line}{suffix}"


def group_blocks(blocks: list[InlineBlock]) -> list[BlockGroup]:
    """Groups as ``sphinx.ext.doctest`` defines them, in order of first appearance.

    ``*`` adds a setup or cleanup block to every group; a ``testoutput`` belongs
    to the latest ``testcode`` of its group (after a ``doctest`` it belongs to none)."""
    named = [g for b in blocks for g in b.groups if g != ALL_GROUPS]
    groups = {name: BlockGroup(name) for name in dict.fromkeys(named or [DEFAULT_GROUP])}
    for block in blocks:
        targets = list(groups) if ALL_GROUPS in block.groups else list(block.groups)
        for name in targets:
            group = groups[name]
            if block.kind == "testsetup":
                group.setup.append(block)
            elif block.kind == "testcleanup":
                group.cleanup.append(block)
            elif block.kind in ("testcode", "doctest"):
                group.tests.append(TestCase(block))
            elif group.tests and group.tests[-1].code.kind == "testcode":
                group.tests[-1].output = block  # a second one replaces the first, as in Sphinx
    return [g for g in groups.values() if g.setup or g.tests or g.cleanup]


def execution_order(blocks: list[InlineBlock]) -> list[tuple[str, InlineBlock, int]]:
    """(result name, block, last line) of every block that gets a result, in run order."""
    order = []
    for group in group_blocks(blocks):
        order += [(block_name(b, group.name), b, b.last_line) for b in group.setup]
        order += [(block_name(c.code, group.name), c.code, c.last_line) for c in group.tests]
        order += [(block_name(b, group.name), b, b.last_line) for b in group.cleanup]
    return order


def _options(raw: dict[str, str], kind: str, line: int, arg: str) -> dict[str, Any]:
    groups = tuple(g.strip() for g in arg.split(",") if g.strip()) or (DEFAULT_GROUP,)
    flags = tuple(raw.get("options", "").replace(",", " ").split())
    return {
        "kind": kind, "line": line, "groups": groups, "options": flags,
        "hide": "hide" in raw, "skipif": raw.get("skipif"),
        "trim_flags": "trim-doctest-flags" in raw,
    }


def _content(lines: list[str], start: int, stop: int) -> tuple[int, str]:
    """(first line number, dedented text) of ``lines[start:stop]``, blank edges dropped."""
    while start < stop and not lines[start].strip():
        start += 1
    while stop > start and not lines[stop - 1].strip():
        stop -= 1
    return start + 1, textwrap.dedent("\n".join(lines[start:stop]))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def parse_rst(source: str) -> list[InlineBlock]:
    lines = source.splitlines()
    blocks: list[InlineBlock] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        match = RST_DIRECTIVE_RE.match(line)
        own = _indent(line)
        end = index + 1
        while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > own):
            end += 1
        if match is None:
            # a literal block shows code: nothing inside it is a directive
            index = end if RST_LITERAL_RE.match(line) and line.strip() else index + 1
            continue
        raw: dict[str, str] = {}
        body = index + 1
        while body < end and (option := OPTION_RE.match(lines[body])):
            raw[option["name"]] = option["value"]
            body += 1
        first, code = _content(lines, body, end)
        blocks.append(InlineBlock(first_line=first, code=code,
                                  **_options(raw, match["name"], index + 1, match["arg"])))
        index = end
    return blocks


def parse_myst(source: str) -> list[InlineBlock]:
    lines = source.splitlines()
    blocks: list[InlineBlock] = []
    index = 0
    while index < len(lines):
        fence = MYST_FENCE_RE.match(lines[index])
        if fence is None:
            index += 1
            continue
        mark = fence["fence"]
        end = index + 1
        closing = re.compile(rf"^[ \t]*{re.escape(mark[0])}{{{len(mark)},}}[ \t]*$")
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        directive = MYST_DIRECTIVE_RE.match(fence["info"])
        if directive is not None:
            raw: dict[str, str] = {}
            body = index + 1
            if body < end and lines[body].strip() == "---":  # YAML options block
                body += 1
                while body < end and lines[body].strip() != "---":
                    key, _, value = lines[body].partition(":")
                    raw[key.strip()] = value.strip()
                    body += 1
                body += 1
            while body < end and (option := OPTION_RE.match(lines[body])):
                raw[option["name"]] = option["value"]
                body += 1
            first, code = _content(lines, body, end)
            blocks.append(InlineBlock(first_line=first, code=code, **_options(
                raw, directive["name"], index + 1, directive["arg"])))
        index = end + 1
    return blocks


def parse_page(source: str, suffix: str) -> list[InlineBlock]:
    """Every inline block of a page, in page order; ``suffix`` picks reST or MyST."""
    return parse_myst(source) if suffix == ".md" else parse_rst(source)

