"""A bibliography entry from CSL-JSON or BibTeX, as the CSL-YAML fields of a ``sources.yml`` entry.

* CSL-JSON is what a DOI resolves to with ``Accept: application/vnd.citationstyles.csl+json``
  (``curl -LH "Accept: application/vnd.citationstyles.csl+json" https://doi.org/<DOI>``); argmap
  reads it from a file or standard input and never goes to the network itself.
* BibTeX is parsed with bibtexparser (v2), LaTeX accents decoded with pylatexenc.

Only the fields of the format's ``source`` object are kept (:mod:`argmap.core.schema`); what is
left out is named, so that nothing is dropped without saying so. Markup in titles (Crossref
writes ``<i>…</i>``) is reduced to its text.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

from argmap.core.schema import CSL_TYPES, OBJECTS
from argmap.core.validate import slugify

SOURCE_FIELDS = OBJECTS["source"].fields
NAME_FIELDS = tuple(OBJECTS["name"].fields)
DATE_FIELDS = ("issued", "accessed")
NAME_LISTS = ("author", "editor")

#: BibTeX entry type → CSL type (unknown types become ``document``).
BIBTEX_TYPES = {
    "article": "article-journal", "book": "book", "booklet": "pamphlet", "inbook": "chapter",
    "incollection": "chapter", "inproceedings": "paper-conference", "conference": "paper-conference",
    "manual": "book", "mastersthesis": "thesis", "phdthesis": "thesis", "thesis": "thesis",
    "proceedings": "book", "techreport": "report", "report": "report", "unpublished": "manuscript",
    "online": "webpage", "www": "webpage", "electronic": "webpage", "dataset": "dataset",
    "software": "software", "misc": "document", "collection": "book", "periodical": "periodical",
}
#: BibTeX field → CSL field, where the meaning is the same whatever the entry type.
BIBTEX_FIELDS = {
    "title": "title", "booktitle": "container-title", "journal": "container-title",
    "journaltitle": "container-title", "series": "collection-title", "publisher": "publisher",
    "address": "publisher-place", "location": "publisher-place", "volume": "volume", "pages": "page",
    "edition": "edition", "url": "URL", "doi": "DOI", "isbn": "ISBN", "issn": "ISSN",
    "language": "language", "note": "note", "type": "genre", "howpublished": "medium",
    "institution": "publisher", "school": "publisher", "organization": "publisher",
}
#: BibTeX fields that say nothing a reader of the map needs; left out without a note.
BIBTEX_QUIET = frozenset(("abstract", "keywords", "file", "owner", "timestamp", "mendeley-tags", "annote"))
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                      "nov", "dec"), 1)}


class BibError(ValueError):
    """The entry cannot be read; the message says why."""


@dataclass
class Entry:
    """The CSL fields of one entry, the key it came with, and what was left out."""

    csl: dict[str, Any]
    key: str = ""
    dropped: list[str] = field(default_factory=list)


def plain_text(value: Any) -> str:
    """One line of text: markup tags removed, entities decoded, white space collapsed."""
    s = html.unescape(re.sub(r"<[^>]*>", "", str(value)))
    return " ".join(s.split())


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _name(raw: Any) -> dict[str, str] | None:
    if not isinstance(raw, dict):
        return None
    out = {k: plain_text(raw[k]) for k in NAME_FIELDS if isinstance(raw.get(k), (str, int)) and str(raw[k]).strip()}
    return out or None


def _date(raw: Any) -> Any:
    if isinstance(raw, str) and raw.strip():
        return raw.strip()
    if not isinstance(raw, dict):
        return None
    parts = raw.get("date-parts")
    if isinstance(parts, list) and parts and all(isinstance(p, list) for p in parts):
        clean = [[int(n) for n in p if str(n).strip().isdigit()] for p in parts]
        clean = [p for p in clean if p]
        if clean:
            return {"date-parts": clean}
    for key in ("literal", "raw"):
        if isinstance(raw.get(key), str):
            return {key: raw[key]}
    return None


def from_csl_json(text: str) -> Entry:
    """The entry of a CSL-JSON document (one item, or a list holding one)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BibError(f"the CSL-JSON is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") \
            from exc
    if isinstance(data, list):
        if len(data) != 1:
            raise BibError(f"the CSL-JSON holds {len(data)} items; give one entry at a time")
        data = data[0]
    if not isinstance(data, dict):
        raise BibError("the CSL-JSON is not an object with fields such as 'type' and 'title'")
    csl: dict[str, Any] = {}
    dropped: list[str] = []
    for key, raw in data.items():
        f = SOURCE_FIELDS.get(key)
        if f is None or key in ("id", "uncertain"):
            if key != "id":
                dropped.append(key)
            continue
        if key in NAME_LISTS:
            names = [n for n in (_name(r) for r in (raw if isinstance(raw, list) else [])) if n]
            if names:
                csl[key] = names
        elif key in DATE_FIELDS:
            date = _date(raw)
            if date is not None:
                csl[key] = date
        else:
            if key in ("ISSN", "ISBN") and isinstance(raw, list):
                raw = ", ".join(str(v) for v in raw)  # Crossref lists the print and online numbers
            value = _first(raw)
            if isinstance(value, (str, int, float)) and str(value).strip():
                csl[key] = plain_text(value)
    return Entry(csl, str(data.get("id", "")), sorted(dropped))


def _latex(s: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text

    return plain_text(LatexNodes2Text().latex_to_text(s))


def _bib_name(parts: Any) -> dict[str, str]:
    first, von, last, jr = (" ".join(getattr(parts, k)) for k in ("first", "von", "last", "jr"))
    if not first and not von and not jr and last.startswith("{") and last.endswith("}"):
        return {"literal": _latex(last)}  # {Korea Economic Institute}: one name, not split
    out = {"family": _latex(last), "given": _latex(first), "non-dropping-particle": _latex(von),
           "suffix": _latex(jr)}
    return {k: v for k, v in out.items() if v}


def _bib_date(fields: dict[str, Any]) -> dict[str, Any] | None:
    year = str(fields.get("year", "")).strip()
    if not year and "date" in fields:  # biblatex: date = {2015-07-14}
        m = re.match(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", str(fields["date"]))
        if m:
            return {"date-parts": [[int(g) for g in m.groups() if g]]}
    if not year.isdigit():
        return None
    parts = [int(year)]
    month = str(fields.get("month", "")).strip().lower()[:3]
    number = int(month) if month.isdigit() else _MONTHS.get(month, 0)
    if 1 <= number <= 12:
        parts.append(number)
        day = str(fields.get("day", "")).strip()
        if day.isdigit():
            parts.append(int(day))
    return {"date-parts": [parts]}


def from_bibtex(text: str) -> Entry:
    """The entry of a BibTeX (or biblatex) text holding one entry."""
    from bibtexparser import middlewares as mw
    from bibtexparser.entrypoint import parse_string

    library = parse_string(text, append_middleware=[
        mw.SeparateCoAuthors(), mw.SplitNameParts(), mw.LatexDecodingMiddleware(),
    ])
    if library.failed_blocks:
        block = library.failed_blocks[0]
        line = getattr(block, "start_line", None)
        where = f" (line {line + 1})" if isinstance(line, int) else ""
        raise BibError(f"the BibTeX entry cannot be read{where}: {getattr(block, 'error', 'syntax error')}")
    if len(library.entries) != 1:
        raise BibError(f"the BibTeX holds {len(library.entries)} entries; give exactly one")
    entry = library.entries[0]
    fields = {f.key.lower(): f.value for f in entry.fields}
    etype = entry.entry_type.lower()
    csl: dict[str, Any] = {"type": BIBTEX_TYPES.get(etype, "document")}
    dropped: list[str] = []
    for key, value in fields.items():
        if key in NAME_LISTS:
            names = [_bib_name(p) for p in value] if isinstance(value, list) else []
            if names:
                csl[key] = names
            continue
        target = BIBTEX_FIELDS.get(key)
        if key == "number":
            target = "issue" if etype == "article" else "number"
        if key == "urldate":
            m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", str(value).strip())
            if m:
                csl["accessed"] = {"date-parts": [[int(g) for g in m.groups()]]}
                continue
        if target is None:
            if key not in ("year", "month", "day", "date", "urldate") and key not in BIBTEX_QUIET:
                dropped.append(key)
            continue
        s = plain_text(value)
        if target == "page":
            s = re.sub(r"\s*[–—-]+\s*", "-", s)
        if target == "DOI":
            s = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", s, flags=re.IGNORECASE)
        if s and target not in csl:
            csl[target] = s
    date = _bib_date(fields)
    if date is not None:
        csl["issued"] = date
    return Entry(csl, entry.key, sorted(dropped))


def default_id(entry: Entry) -> str:
    """An id for the entry: its key as a slug, or family-year-first-title-word."""
    key = slugify(entry.key)
    if key and not re.fullmatch(r"[0-9a-f-]{20,}|https?-.*", key):  # not a DOI-like or URL-like key
        return key
    names = entry.csl.get("author") or entry.csl.get("editor") or []
    who = names[0].get("family") or names[0].get("literal", "") if names else ""
    issued = entry.csl.get("issued")
    year = ""
    if isinstance(issued, dict) and issued.get("date-parts"):
        year = str(issued["date-parts"][0][0])
    words = [w for w in re.findall(r"[A-Za-z0-9]+", str(entry.csl.get("title", ""))) if len(w) > 3][:2]
    return slugify("-".join(p for p in (who, year, *words) if p)) or "source"


def check_type(entry: Entry) -> None:
    t = entry.csl.get("type", "")
    if t not in CSL_TYPES:
        raise BibError(f"the entry's type {t!r} is not a CSL type; use one of: {', '.join(CSL_TYPES)}")
    if not str(entry.csl.get("title", "")).strip():
        raise BibError("the entry has no title")
