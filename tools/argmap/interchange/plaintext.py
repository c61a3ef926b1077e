"""The text a reader sees in a claim file's inline Markdown, for formats that are not HTML.

Text fields hold argmap's inline-Markdown subset: emphasis marks, code spans, links, backslash
escapes and HTML entities (``&#42;`` for a literal ``*``, as the AIF import writes it). A
plain-text format (Argdown, GraphML) must carry what that Markdown *shows*: marks removed,
escapes and entities resolved, links reduced to their label. Each format then escapes that
text by its own rules only, never by HTML's.

The Markdown is read by markdown-it (the parser the site uses), so "what it shows" is the same
here as on the claim page.
"""

from __future__ import annotations

import html.entities
import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "backticks", "link", "escape", "entity", "newline"])
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # only the label is kept
    return md


def visible_text(text: str) -> str:
    """The characters ``text`` shows when rendered, on one line (runs of white space become one space).

    >>> visible_text("*only* `x` [a](https://e.org) &#42;b&#42; \\\\_c\\\\_ &amp; <")
    'only x a *b* _c_ & <'
    """
    if not text:
        return ""
    if not any(ch in text for ch in "*_`[]\\&"):
        return " ".join(text.split())
    parts: list[str] = []
    for block in _parser().parseInline(text, {}):
        for tok in block.children or ():
            if tok.type in ("text", "code_inline"):
                parts.append(tok.content)
            elif tok.type in ("softbreak", "hardbreak"):
                parts.append(" ")
    return " ".join("".join(parts).split())


_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str) -> str:
    """``text`` with its HTML entities decoded as Markdown reads them, and nothing else changed.

    Markdown (CommonMark) decodes only complete references ending in ``;`` (``&amp;``,
    ``&#42;``, ``&#x2A;``); ``html.unescape`` also decodes legacy prefixes such as ``&not`` in
    ``&notice``, which Markdown shows as written.

    >>> decode_entities("&#42;a&#42; &amp; &notice &bogus; &#x41;")
    '*a* & &notice &bogus; A'
    """
    if "&" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        ref = m.group(1)
        if ref[0] == "#":
            code = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return html.entities.html5.get(ref + ";", m.group(0))

    return _ENTITY.sub(one, text)
