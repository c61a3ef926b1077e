"""The safe inline-Markdown subset allowed in text fields, and the checks that guard it.

Text fields take *emphasis*, **strong**, `code` and links ``[label](https://…)`` or
``[label](claim:some-id)``. Raw HTML, and links with any other scheme, are rejected by the
checker (AM041, AM040) and never rendered: renderers escape everything and build links only
from targets that :func:`safe_link` accepts.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

#: An HTML tag, comment, declaration or processing instruction: ``<`` then a letter, ``/``, ``!`` or ``?``.
RAW_HTML = re.compile(r"<[/!?]?[A-Za-z!?][^<>]*>|</?[A-Za-z][A-Za-z0-9-]*(\s|/|$)")
#: An inline link's target: ``](target)`` or ``](<target>)``; and a reference definition.
LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)>?[^)]*\)")
LINK_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
SAFE_SCHEMES = ("http://", "https://")
CLAIM_SCHEME = "claim:"


@dataclass(frozen=True, slots=True)
class LinkProblem:
    target: str
    offset: int


def normalise_url(url: str) -> str:
    """What a browser would make of a link target: entities decoded, control characters gone."""
    return _CONTROL.sub("", html.unescape(url)).strip()


def safe_link(url: str) -> bool:
    """True for http(s) URLs and ``claim:<id>`` links; false for everything else."""
    u = normalise_url(url).lower()
    if u.startswith(SAFE_SCHEMES):
        return len(u) > len("https://") and not u.startswith(("http:///", "https:///"))
    return u.startswith(CLAIM_SCHEME)


def find_raw_html(text: str) -> int:
    """Offset of the first raw HTML tag in ``text``, or -1."""
    m = RAW_HTML.search(text)
    return m.start() if m else -1


def link_targets(text: str) -> list[tuple[str, int]]:
    """Every link target written in ``text`` with its offset (inline links and definitions)."""
    out = [(m.group(1), m.start(1)) for m in LINK_TARGET.finditer(text)]
    out += [(m.group(1), m.start(1)) for m in LINK_DEF.finditer(text)]
    return sorted(out, key=lambda t: t[1])


def claim_links(text: str) -> list[str]:
    """The claim ids that ``text`` links to with ``claim:<id>``."""
    return [normalise_url(t)[len(CLAIM_SCHEME):] for t, _ in link_targets(text)
            if normalise_url(t).lower().startswith(CLAIM_SCHEME)]


# ---------------------------------------------------------------------------------------
# Rendering: the subset as HTML, for pages and the PDF


def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "backticks", "link", "escape", "entity", "newline"])
    md.validateLink = safe_link  # type: ignore[method-assign]
    return md


_MD = None


def render_inline(text: str, claim_href: Callable[[str], str] | None = None) -> str:
    """Safe HTML for a text field: escaped, with only emphasis, code and allowed links.

    ``claim_href`` turns a claim id into the URL of its page; without it ``claim:`` links
    become plain text. Any other link target is dropped (its label stays as text).
    """
    global _MD
    if _MD is None:
        _MD = _parser()
    env: dict[str, object] = {}
    tokens = _MD.parseInline(text, env)
    for tok in tokens:
        for child in tok.children or ():
            if child.type == "link_open":
                href = normalise_url(str(child.attrGet("href") or ""))
                if href.lower().startswith(CLAIM_SCHEME):
                    target = href[len(CLAIM_SCHEME):]
                    child.attrSet("href", claim_href(target) if claim_href else "")
                    child.attrSet("class", "am-claim-link")
                else:
                    child.attrSet("rel", "noopener nofollow")
    out = _MD.renderer.render(tokens, _MD.options, env)
    # A claim link without a resolver: keep the label, drop the empty anchor.
    return re.sub(r'<a href="" class="am-claim-link">(.*?)</a>', r"\1", out)


def plain_text(text: str) -> str:
    """The text with Markdown marks removed, for map labels, tooltips and search."""
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    s = re.sub(r"(\*\*|__|\*|_|`)", "", s)
    return " ".join(s.split())
