"""CSL items formatted in a short Chicago-like style, as safe HTML.

Every field is escaped; only ``<em>`` for titles of books and journals is added, and a URL
becomes a link only when it is http(s).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from argmap.core.markup import safe_link

_CONTAINER_TYPES = frozenset({"chapter", "article-journal", "article-newspaper", "article-magazine",
                              "paper-conference", "entry-encyclopedia", "entry-dictionary", "post-weblog"})


def _name(person: Any, *, inverted: bool = True) -> str:
    """'Doe, Jane' (``inverted``, as the first name of a list) or 'Jane Doe'; a literal as it is."""
    if isinstance(person, Mapping):
        if person.get("literal"):
            return str(person["literal"])
        family, given = str(person.get("family", "")).strip(), str(person.get("given", "")).strip()
        if family and given:
            return f"{family}, {given}" if inverted else f"{given} {family}"
        return family or given
    return str(person)


def _people(csl: Mapping[str, Any]) -> list[Any]:
    people = csl.get("author") or csl.get("editor") or []
    return people if isinstance(people, list) else [people]


def authors(csl: Mapping[str, Any]) -> str:
    """The creators as a bibliography names them: 'Doe, Jane'; 'Doe, Jane, and Max Roe';
    'Doe and Roe' (family names only); 'Doe, Jane, Max Roe, and Ann Poe'; the editors with '(ed.)'."""
    people = [p for p in _people(csl) if _name(p)]
    if not people:
        return ""
    names = [_name(p, inverted=i == 0) for i, p in enumerate(people)]
    if len(names) == 1:
        text = names[0]
    elif len(names) == 2:
        # "Doe, Jane, and Max Roe": the comma that closes the inverted first name; else "Doe and Roe".
        text = f"{names[0]}{',' if ',' in names[0] else ''} and {names[1]}"
    else:
        text = ", ".join(names[:-1]) + ", and " + names[-1]
    if not csl.get("author") and csl.get("editor"):
        text += " (ed.)" if len(names) == 1 else " (eds.)"
    return text


def first_creator(csl: Mapping[str, Any]) -> str:
    """The first creator's family name (or literal name), '' when there is none: how a short
    citation names a source ('Doe 2015')."""
    for p in _people(csl):
        if isinstance(p, Mapping):
            name = str(p.get("literal") or p.get("family") or p.get("given") or "").strip()
        else:
            name = str(p).strip()
        if name:
            return name
    return ""


def sort_key(csl: Mapping[str, Any]) -> tuple[str, str, str]:
    """Where an entry goes in the bibliography: by its first creator (as printed), else by its
    title (an opening article or bracket ignored), then the date, then the title."""
    title = str(csl.get("title", "")).strip()
    bare = re.sub(r"^[\[(“\"'‘]+", "", title)
    bare = re.sub(r"^(the|a|an)\s+", "", bare, flags=re.IGNORECASE)
    who = _name(next((p for p in _people(csl) if _name(p)), ""))
    return ((who or bare).casefold(), _date_key(csl), bare.casefold())


def _date_key(csl: Mapping[str, Any]) -> str:
    issued = csl.get("issued")
    if isinstance(issued, Mapping):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list):
            return "-".join(f"{int(x):04d}" if str(x).lstrip("-").isdigit() else str(x) for x in parts[0])
        return str(issued.get("literal") or issued.get("raw") or "")
    return str(issued or "")


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
    title = str(csl.get("title", "")).strip()
    container = str(csl.get("container-title", "")).strip()
    kind = str(csl.get("type", ""))
    heading = Markup("")
    if title:
        if kind in _CONTAINER_TYPES or (not container and kind in ("report", "webpage", "article")):
            heading = Markup("“{}”").format(title.rstrip(".")) + flag("title") + Markup(".")
        else:
            heading = Markup("<em>{}</em>").format(title.rstrip(".")) + flag("title") + Markup(".")
    when = year(csl)
    # 'n.d.' carries its own full stop: never 'n.d..'
    dated = escape(when) + flag("issued") + (Markup("") if when.endswith(".") else Markup("."))
    if who:
        parts.append(escape(who.rstrip(".")) + flag("author") + Markup("."))
        parts.append(dated)
        if title:
            parts.append(heading)
    else:  # no creator: the title leads (and is what the entry is sorted by), as in Chicago
        if title:
            parts.append(heading)
        parts.append(dated)
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
