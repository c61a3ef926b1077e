"""CSL items formatted in a short Chicago-like style, as safe HTML.

Every field is escaped; only ``<em>`` for titles of books and journals is added, and a URL
becomes a link only when it is http(s).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from argmap.core.markup import safe_link

_CONTAINER_TYPES = frozenset({"chapter", "article-journal", "article-newspaper", "article-magazine",
                              "paper-conference", "entry-encyclopedia", "entry-dictionary", "post-weblog"})


def _name(person: Any) -> str:
    if isinstance(person, Mapping):
        if person.get("literal"):
            return str(person["literal"])
        family, given = str(person.get("family", "")), str(person.get("given", ""))
        return f"{family}, {given}" if family and given else family or given
    return str(person)


def authors(csl: Mapping[str, Any]) -> str:
    """'Doe, Jane', 'Doe, Jane, and Roe, Max', or the editors with '(ed.)'."""
    people = csl.get("author") or csl.get("editor") or []
    if not isinstance(people, list):
        people = [people]
    names = [_name(p) for p in people if _name(p)]
    if not names:
        return ""
    text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", and " + names[-1]
    if not csl.get("author") and csl.get("editor"):
        text += " (ed.)" if len(names) == 1 else " (eds.)"
    return text


def year(csl: Mapping[str, Any]) -> str:
    """The year of ``issued`` (date-parts, a 'YYYY-MM-DD' string or a literal), or 'n.d.'."""
    issued = csl.get("issued")
    if isinstance(issued, Mapping):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            return str(parts[0][0])
        if issued.get("literal"):
            return str(issued["literal"])
        if issued.get("raw"):
            return str(issued["raw"])[:4]
    elif issued:
        return str(issued)[:4]
    return "n.d."


def format_item(csl: Mapping[str, Any], uncertain: Mapping[str, str] | None = None) -> Markup:
    """One bibliography entry as safe HTML. Fields listed in ``uncertain`` are marked with '(?)'."""
    uncertain = uncertain or {}

    def flag(key: str) -> Markup:
        if key in uncertain:
            return Markup(' <span class="am-uncertain" title="{}">(?)</span>').format(uncertain[key])
        return Markup("")

    parts: list[Markup] = []
    who = authors(csl)
    if who:
        parts.append(escape(who.rstrip(".")) + flag("author") + Markup("."))
    parts.append(escape(year(csl)) + flag("issued") + Markup("."))
    title = str(csl.get("title", "")).strip()
    container = str(csl.get("container-title", "")).strip()
    kind = str(csl.get("type", ""))
    if title:
        if kind in _CONTAINER_TYPES or (not container and kind in ("report", "webpage", "article")):
            parts.append(Markup("“{}”").format(title.rstrip(".")) + flag("title") + Markup("."))
        else:
            parts.append(Markup("<em>{}</em>").format(title.rstrip(".")) + flag("title") + Markup("."))
    if container:
        parts.append(Markup("In <em>{}</em>").format(container) + flag("container-title") + Markup("."))
    tail = [str(csl[k]) for k in ("volume", "issue") if csl.get(k)]
    if csl.get("page"):
        tail.append(f"pp. {csl['page']}" if "-" in str(csl["page"]) else f"p. {csl['page']}")
    if tail:
        parts.append(escape(", ".join(tail)) + flag("page") + Markup("."))
    publisher = ": ".join(str(csl[k]) for k in ("publisher-place", "publisher") if csl.get(k))
    if publisher:
        parts.append(escape(publisher) + flag("publisher") + Markup("."))
    if csl.get("DOI"):
        parts.append(Markup("doi:{}.").format(csl["DOI"]))
    url = str(csl.get("URL", ""))
    if url and safe_link(url):
        parts.append(Markup('<a href="{0}" rel="noopener nofollow">{0}</a>').format(url) + flag("URL"))
    return Markup(" ").join(parts)
