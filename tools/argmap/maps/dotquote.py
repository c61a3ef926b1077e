"""The graphviz package's quoting, remembered, for the DOT of a site's thousands of maps.

The same ids, labels, colours and styles recur across the maps, and quoting each again (the
package's ``quote`` is a regular expression test behind a decorator) was half the time of
writing the DOT. :class:`Digraph` is a ``graphviz.Digraph``, its subgraphs too, that quotes
through :func:`_quote`: the same DOT, byte for byte (a test compares the two).
"""

from __future__ import annotations

import functools
from typing import Any, cast

import graphviz


@functools.lru_cache(maxsize=1 << 17, typed=True)  # typed: a nohtml string quotes unlike a plain one
def _quote(identifier: str) -> str:
    """``graphviz.quoting.quote``, remembered."""
    return cast(str, graphviz.quoting.quote(identifier))


@functools.lru_cache(maxsize=1 << 17, typed=True)
def _quote_edge(identifier: str) -> str:
    return cast(str, graphviz.quoting.quote_edge(identifier))


def _a_list(label: str | None = None, kwargs: dict[str, Any] | None = None, attributes: Any = None) -> str:
    """``graphviz.quoting.a_list`` for the plain dicts the maps pass, through :func:`_quote`."""
    result = [f"label={_quote(label)}"] if label is not None else []
    if kwargs:
        result += [f"{_quote(k)}={_quote(v)}" for k, v in sorted(kwargs.items()) if v is not None]
    if attributes:
        result += [f"{_quote(k)}={_quote(v)}" for k, v in sorted(dict(attributes).items()) if v is not None]
    return " ".join(result)


def _attr_list(label: str | None = None, kwargs: dict[str, Any] | None = None, attributes: Any = None) -> str:
    content = _a_list(label, kwargs, attributes)
    return f" [{content}]" if content else ""


class Digraph(graphviz.Digraph):
    """A ``graphviz.Digraph`` (its subgraphs too) that quotes through :func:`_quote`: the same DOT."""

    _quote = staticmethod(_quote)
    _quote_edge = staticmethod(_quote_edge)
    _a_list = staticmethod(_a_list)
    _attr_list = staticmethod(_attr_list)
