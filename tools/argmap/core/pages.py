"""Page locators: ``144``, ``144-146``, ``"144, 150"``, roman numerals (``xii``, ``iv-vi``).

:func:`parse_pages` reads a locator's pages into ranges, or says what is wrong with them;
:func:`source_range` reads the page range a source gives (CSL ``page``, such as ``143-157``),
so that a locator can be checked against the pages its source actually has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from argmap.core.diagnostics import Diagnostic, Location, diag
from argmap.core.model import Corpus, Ref

_ROMAN = re.compile(r"^(?=[mdclxvi])m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_DASH = re.compile(r"\s*(?:-|–|—)\s*")


@dataclass(frozen=True)
class PageRange:
    first: int
    last: int
    roman: bool  # front matter, numbered apart from the arabic pages

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


class PagesError(ValueError):
    """What is wrong with a pages value, in words for the diagnostic."""


def _roman_value(s: str) -> int:
    total = 0
    for a, b in zip(s, [*s[1:], ""], strict=True):
        v = _ROMAN_VALUES[a]
        total += -v if b and _ROMAN_VALUES[b] > v else v
    return total


def _page(word: str) -> tuple[int, bool]:
    if word.isdigit() and word.isascii():
        n = int(word)
        if n == 0:
            raise PagesError("there is no page 0")
        return n, False
    low = word.lower()
    if (low == word or word.upper() == word) and _ROMAN.match(low):
        return _roman_value(low), True
    raise PagesError(f"{word!r} is not a page number")


def parse_pages(value: str) -> list[PageRange]:
    """The ranges of a pages value; :class:`PagesError` when it is not one."""
    if not value.strip():
        raise PagesError("it is empty")
    out: list[PageRange] = []
    for part in value.split(","):
        part = part.strip()
        if not part:
            raise PagesError("a comma has no page on one side")
        ends = _DASH.split(part)
        if len(ends) > 2:
            raise PagesError(f"{part!r} has more than one dash; write a range as first-last")
        first, roman = _page(ends[0])
        last, roman_last = _page(ends[-1]) if len(ends) == 2 else (first, roman)
        if roman != roman_last:
            raise PagesError(f"{part!r} mixes roman and arabic page numbers")
        if last < first:
            raise PagesError(f"the range {part!r} runs backwards (write it as {ends[-1]}-{ends[0]})")
        out.append(PageRange(first, last, roman))
    return out


def source_range(page: str) -> PageRange | None:
    """A source's own page range when it gives one arabic range (``143-157``); else ``None``."""
    try:
        ranges = parse_pages(page)
    except PagesError:
        return None
    if len(ranges) != 1 or ranges[0].roman or ranges[0].first == ranges[0].last:
        return None
    return ranges[0]


def outside(ranges: list[PageRange], within: PageRange) -> PageRange | None:
    """The first arabic range that is not inside ``within`` (roman front matter is not compared)."""
    for r in ranges:
        if not r.roman and (r.first < within.first or r.last > within.last):
            return r
    return None


def check_ranges(corpus: Corpus) -> list[Diagnostic]:
    """AM035: locator pages (and section pages, against the paper) outside their source's own range."""
    out: list[Diagnostic] = []

    def one(what: str, pages: str, source_id: str, fallback: Location) -> None:
        source = corpus.sources.get(source_id)
        if not pages or source is None:
            return
        within = source_range(str(source.csl.get("page", "")))
        if within is None:
            return
        try:
            bad = outside(parse_pages(pages), within)
        except PagesError:
            return  # reported by the field check (AM015)
        if bad is not None:
            loc = pages.loc if isinstance(pages, Ref) else fallback
            out.append(diag("AM035", f"{what} gives pages {str(pages)!r}, but {source_id!r} has pages {within}", loc,
                            f"check the page number; {source_id!r} runs from page {within.first} to {within.last}"))

    for c in corpus.claims.values():
        if c.locator is not None:
            one(f"claim {c.id!r}", c.locator.pages, c.locator.source, c.loc)
    for a in corpus.arguments.values():
        if a.locator is not None:
            one(f"argument {a.id!r}", a.locator.pages, a.locator.source, a.loc)
    if corpus.paper is not None:
        for s in corpus.sections.values():
            one(f"section {s.id!r}", s.pages, corpus.paper.source, s.loc)
    return out
