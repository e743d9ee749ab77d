"""The pytest front end of the option table (``vocabulary.py``): every option pytest
offers, as ``--doccode-x`` with its ini twin ``doccode_x`` (or the ini key alone), in
one named group; and the value a session uses, parsed as the Sphinx side parses it."""

from __future__ import annotations

from typing import Any

import pytest

from sphinxext.doccode.vocabulary import BY_NAME, OPTIONS

GROUP = ("doccode", "doc_code examples run on Ray (sphinxext-doccode)")


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup(*GROUP)
    for option in OPTIONS:
        form = option.pytest
        if form is None:
            continue
        if not form.flag:
            # pytest's own default for the type (an empty list of paths), or a switch's
            defaults = {"default": option.default} if form.ini_type == "bool" else {}
            parser.addini(option.name, option.help, type=form.ini_type,  # type: ignore[arg-type]
                          **defaults)
            continue
        kwargs: dict[str, Any] = {"action": "store_true"} if form.store_true else {}
        if option.choices:
            kwargs["choices"] = option.choices
        if form.metavar:
            kwargs["metavar"] = form.metavar
        group.addoption(option.flag, dest=option.name, default=None, help=option.help, **kwargs)
        parser.addini(option.name, f"{option.help} (the ini twin of {option.flag})",
                      type=form.ini_type)  # type: ignore[arg-type]


def setting(config: pytest.Config, name: str) -> str | None:
    """Command-line value if given, else the ini twin, else None."""
    value = config.getoption(name)
    if value is None:
        value = config.getini(name) or None
    return None if value is None else str(value)


def parsed(config: pytest.Config, name: str) -> Any:
    """The option's value as the engine uses it: what the user set, parsed, else its pytest
    default, else its default. A bad value is a usage error naming the option."""
    option = BY_NAME[name]
    text = setting(config, name)
    if text is None:
        form = option.pytest
        return form.default if form is not None and form.default is not None \
            else option.default
    try:
        return option.parse(text)
    except ValueError as error:
        raise pytest.UsageError(f"{name}: {error}") from None
