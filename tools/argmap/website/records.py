"""The plain records and small rules the site's pages share: options, rendered map blocks, page
URLs, the lookups a page needs, and safe titles and ids."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from argmap.core.markup import plain_text
from argmap.core.model import Argument, Corpus, Relation
from argmap.core.schema import ID_RE

# Characters a theme could read as markup, mapped to harmless look-alikes.
_TITLE_TABLE = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”", "'": "’", "`": "ˋ", "\\": "＼",
                              "{": "｛", "}": "｝"})

#: What a map is called for screen readers (the figure's aria-label), by its view.
MAP_LABELS = {"overview": "Argument map: overview of the paper", "section": "Argument map of section {}",
              "claim": "Argument map around claim {}", "comparison": "Comparison map {}"}


def map_label(key: str) -> str:
    """The label of the map ``overview``, ``section:<id>``, ``claim:<id>`` or ``comparison:<id>``."""
    view, _, target = key.partition(":")
    return MAP_LABELS.get(view, "Argument map {}").format(target)


def safe_title(text: str) -> str:
    """Text for titles, nav entries and tags: no character that HTML or Jinja could act on."""
    return " ".join(plain_text(text).translate(_TITLE_TABLE).split())[:200]


def valid_id(ident: str) -> bool:
    return bool(ID_RE.match(ident))


@dataclass(frozen=True)
class SiteOptions:
    dir_urls: bool = True
    edit_base: str = ""          # repo_url + edit_uri, e.g. https://github.com/o/r/edit/main/
    repo_root: str = ""          # the folder claim-file paths are made relative to for edit links
    defer_svg: bool = False      # leave maps' SVG out of the Markdown; fill_maps() puts it in the HTML
    index_claims: bool = False   # claim pages leave the theme's search; search_entries() indexes them


@dataclass(frozen=True)
class MapBlock:
    """A rendered map: SVG text and its text outline as safe HTML (links start with @@ROOT@@), and
    its canvas' attributes (:func:`argmap.website.mapframe.canvas_attrs`), worked out once when
    the map is drawn ("" when they were not: pages then work them out)."""

    svg: str
    outline: str
    label: str
    attrs: str = ""


class Urls:
    """Where each generated page lands, and relative links between pages (work from file:// too)."""

    def __init__(self, dir_urls: bool) -> None:
        self.dir_urls = dir_urls

    def url(self, src: str) -> str:
        stem = src[:-3] if src.endswith(".md") else src
        if stem == "index" or stem.endswith("/index"):
            base = stem[: -len("index")]
            return base if self.dir_urls else base + "index.html"
        return stem + "/" if self.dir_urls else stem + ".html"

    def root(self, src: str) -> str:
        return "../" * self.url(src).count("/")

    def href(self, from_src: str, to_src: str, anchor: str = "") -> str:
        target = self.url(to_src)
        if self.dir_urls and not target:
            target = "./" if not self.root(from_src) else ""
        return self.root(from_src) + target + (f"#{anchor}" if anchor else "")


@dataclass
class Index:
    """Lookups the pages need, built once so a claim page costs the same in any corpus size."""

    by_source: dict[str, list[Relation]] = field(default_factory=lambda: defaultdict(list))
    by_target: dict[str, list[Relation]] = field(default_factory=lambda: defaultdict(list))
    premise_of: dict[str, list[Argument]] = field(default_factory=lambda: defaultdict(list))
    conclusion_of: dict[str, list[Argument]] = field(default_factory=lambda: defaultdict(list))
    cited_by: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def build(cls, corpus: Corpus) -> Index:
        ix = cls()
        for r in corpus.relations.values():
            ix.by_source[r.source].append(r)
            ix.by_target[r.target].append(r)
        for a in corpus.arguments.values():
            for p in a.premises:
                ix.premise_of[p].append(a)
            ix.conclusion_of[a.conclusion].append(a)
        for c in corpus.claims.values():
            if c.locator and c.locator.source:
                ix.cited_by[c.locator.source].append(c.id)
        for e in corpus.evidence.values():
            for s in e.sources:
                ix.cited_by[s].append(e.id)
        return ix
