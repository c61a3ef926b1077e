"""The page templates' Jinja2 environment (compiled once, optionally cached on disk), YAML front
matter, and the ``<!-- argmap:NAME -->`` markers of hand-written pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

_ENV: Environment | None = None


def environment() -> Environment:
    global _ENV
    if _ENV is None:
        _ENV = Environment(loader=PackageLoader("argmap.website", "templates"), autoescape=True,
                           undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                           keep_trailing_newline=True)
        _ENV.filters["stash"] = _stash_filter
    return _ENV


def use_template_cache(cache: Any) -> None:
    """Keep the page templates' compiled code in ``cache`` (a Jinja2 bytecode cache, or None)."""
    environment().bytecode_cache = cache


@pass_context
def _stash_filter(ctx: Any, html: str) -> Markup:
    return ctx["r"].stash(ctx["page"])(html)  # type: ignore[no-any-return]


def front_matter(**meta: Any) -> Markup:
    """YAML front matter written by a YAML library (never by string pasting)."""
    return Markup("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n")


# A marker counts only alone on its line, so one quoted in prose or code is left alone.
_MARKER = re.compile(r"^[ ]{0,3}<!--\s*argmap:([a-z][a-z0-9: _-]*?)\s*-->[ \t]*$", re.MULTILINE)


def fragment_names(text: str) -> list[str]:
    return _MARKER.findall(text)


def replace_fragments(text: str, make: Callable[[str], str]) -> str:
    """Replace each marker line by its fragment, as a raw HTML block set off by blank lines."""
    return _MARKER.sub(lambda m: "\n" + make(m.group(1)).strip() + "\n", text)
