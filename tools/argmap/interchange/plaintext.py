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
