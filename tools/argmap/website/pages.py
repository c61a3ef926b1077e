"""Corpus → Markdown pages for the website (Jinja2 templates), with no MkDocs import.

Every text that comes from a claim file is untrusted. The templates autoescape everything;
inline Markdown fields go through :func:`argmap.markup.render_inline` and are placed inside
raw HTML blocks, which Python-Markdown passes through untouched. Page titles and tags, which
themes print without escaping, go through :func:`safe_title`.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from argmap.core.acceptance import Summary, summary
from argmap.core.analysis import Analysis
from argmap.core.cite import format_item
from argmap.core.markup import plain_text, render_inline, safe_link
from argmap.core.model import Argument, Claim, Corpus, Relation
from argmap.core.schema import ID_RE
from argmap.core.semantics import Labelling
from argmap.website.mapframe import canvas_attrs
from argmap.website.names import script_lang
from argmap.website.standing import Standing, standing

# Characters a theme could read as markup, mapped to harmless look-alikes.
_TITLE_TABLE = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”", "'": "’", "`": "ˋ", "\\": "＼",
                              "{": "｛", "}": "｝"})
_ROOT_LINK = re.compile(r"@@ROOT@@(claims|sections)/([A-Za-z0-9_.~-]+)/")
_ROOT_EVIDENCE = re.compile(r"@@ROOT@@evidence/#")
_ROOT_ANY = re.compile(r"@@ROOT@@")
_STASHED = re.compile(r'<div data-am-stash="(\d+)"></div>')
_PLACEHOLDER = re.compile(r'data-am-map="([a-z]+(?::[a-z0-9-]+)?)"></div>')
_OUTLINE_SLOT = re.compile(r'<div data-am-outline="([a-z]+(?::[a-z0-9-]+)?)"></div>')


#: How many entries of a group of relations show before the rest fold into "N more".
FOLDED = 3
#: How many evidence entries a claim page shows before the rest fold into "N more evidence items".
FOLDED_EVIDENCE = 5

_EVIDENCE_ORDER = {"attacks": 0, "undercuts": 1, "qualifies": 2, "contrasts": 3, "supports": 4}

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
    """A rendered map: SVG text and its text outline as safe HTML (links start with @@ROOT@@)."""

    svg: str
    outline: str
    label: str


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


_ENV: Environment | None = None


def _env() -> Environment:
    global _ENV
    if _ENV is None:
        _ENV = Environment(loader=PackageLoader("argmap.website", "templates"), autoescape=True,
                           undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                           keep_trailing_newline=True)
        _ENV.filters["stash"] = _stash_filter
    return _ENV


def use_template_cache(cache: Any) -> None:
    """Keep the page templates' compiled code in ``cache`` (a Jinja2 bytecode cache, or None)."""
    _env().bytecode_cache = cache


@pass_context
def _stash_filter(ctx: Any, html: str) -> Markup:
    return ctx["r"].stash(ctx["page"])(html)  # type: ignore[no-any-return]


def front_matter(**meta: Any) -> Markup:
    """YAML front matter written by a YAML library (never by string pasting)."""
    return Markup("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n")


class PageRenderer:
    """Renders every generated page of one corpus. ``maps`` maps keys such as ``claim:<id>``."""

    def __init__(self, corpus: Corpus, analysis: Analysis, *, maps: Mapping[str, MapBlock] | None = None,
                 labels: Mapping[str, str] | None = None, options: SiteOptions = SiteOptions(),
                 problems: Iterable[str] = (), downloads: Iterable[tuple[str, str, str]] = ()) -> None:
        self.corpus = corpus
        self.analysis = analysis
        self.maps: Mapping[str, MapBlock] = maps if maps is not None else {}
        self.labels = dict(labels or {})
        self.opts = options
        self.urls = Urls(options.dir_urls)
        self.ix = Index.build(corpus)
        self.problems = list(problems)
        self.downloads = list(downloads)
        self._stash: dict[str, list[str]] = {}
        self._cites: dict[str, Markup] = {}
        #: Set by the pipeline for one call of pages(): claim pages from their dependency records.
        self.page_cache: Any = None
        self._labelling: Labelling | None = None

    # -- helpers used by the templates ---------------------------------------------------

    def inline(self, text: str, page: str) -> Markup:
        def claim_href(cid: str) -> str:
            return self.urls.href(page, f"claims/{cid}.md") if cid in self.corpus.claims and valid_id(cid) else ""
        return Markup(render_inline(text or "", claim_href))

    def claim_link(self, cid: str, page: str) -> Markup:
        c = self.corpus.claims.get(cid)
        name = (c.label or plain_text(c.text)) if c else cid
        if c is None or not valid_id(cid):
            return Markup("<span>{}</span>").format(name)
        return Markup('<a href="{}" class="am-claim-link"><code>{}</code> {}</a>').format(
            self.urls.href(page, f"claims/{cid}.md"), cid, name)

    def node_link(self, node: str, page: str, notices: bool = True) -> Markup:
        """A link to any node a relation can touch: claim, evidence, argument or relation.
        An evidence item's link is followed by its sources' notices unless ``notices`` is false."""
        if node in self.corpus.claims:
            return self.claim_link(node, page)
        if node in self.corpus.evidence:
            e = self.corpus.evidence[node]
            return Markup('<a href="{}">evidence <code>{}</code> {}</a>{}').format(
                self.urls.href(page, "evidence.md", node), node, e.label or plain_text(e.summary)[:80],
                self.notices(node) if notices else Markup(""))
        if node in self.corpus.arguments:
            a = self.corpus.arguments[node]
            return Markup("argument <code>{}</code> {}").format(node, a.label)
        if node in self.corpus.relations:
            r = self.corpus.relations[node]
            return Markup("the step {} → {}").format(self.node_link(r.source, page), self.node_link(r.target, page))
        return Markup("<code>{}</code>").format(node)

    def notices(self, evidence_id: str) -> Markup:
        """The notices of an evidence item's sources (such as "from the author's earlier work"),
        escaped, each after a space; empty when its sources have none."""
        return Markup("").join(Markup(' <strong class="am-notice">{}</strong>').format(n)
                               for n in self.corpus.notices(evidence_id))

    def cite(self, source_id: str) -> Markup:
        """The formatted citation of a source (formatted once per build)."""
        if source_id not in self._cites:
            src = self.corpus.sources.get(source_id)
            self._cites[source_id] = (format_item(src.csl, src.uncertain) if src is not None
                                      else Markup("{}").format(source_id))
        return self._cites[source_id]

    @staticmethod
    def is_safe(url: str) -> bool:
        return bool(url) and safe_link(url) and not url.lower().startswith("claim:")

    @staticmethod
    def plain(text: str) -> str:
        return plain_text(text)

    def section_href(self, sid: str, page: str) -> str:
        return self.urls.href(page, f"sections/{sid}.md") if valid_id(sid) else ""

    def vocab(self, table: str, ident: str) -> str:
        entry = getattr(self.corpus.vocabulary, table).get(ident)
        return entry.label if entry is not None else ident

    def other_names(self, table: str, ident: str) -> list[tuple[str, str]]:
        """A vocabulary entry's other names (``alt_labels``: other languages, abbreviations), each
        with the language its script tells (``ko`` for Hangul, ``ja`` for kana, else "")."""
        entry = getattr(self.corpus.vocabulary, table).get(ident)
        names = getattr(entry, "alt_labels", ()) if entry is not None else ()
        return [(n, script_lang(n)) for n in names if n]

    def names(self, table: str, ident: str) -> str:
        """Every name of a vocabulary entry, in every language the vocabulary gives (for search)."""
        return " ".join([self.vocab(table, ident), *(n for n, _ in self.other_names(table, ident))])

    def map_svg(self, key: str, page: str, block: MapBlock | None = None) -> str:
        """The map's SVG with its links made relative to ``page``; "" when there is no such map."""
        block = block or self.maps.get(key)
        return self.resolve_root(block.svg, page) if block is not None else ""

    def map_html(self, key: str, page: str) -> Markup:
        """The figure and its text outline. With ``defer_svg`` both are placeholders that
        :meth:`fill_maps` fills in the finished HTML (Markdown and search never parse them)."""
        if key not in self.maps:
            return Markup("")
        if self.opts.defer_svg:
            figure = _env().get_template("map.html.j2").render(svg=Markup(""), label=map_label(key), key=key,
                                                               attrs="")
            outline = Markup('<div data-am-outline="{}"></div>').format(key)
        else:
            block = self.maps[key]
            svg = self.map_svg(key, page, block)
            figure = _env().get_template("map.html.j2").render(svg=Markup(svg), label=block.label, key="",
                                                               attrs=Markup(canvas_attrs(key, svg)))
            outline = Markup(self.outline_html(key, page, block))
        return Markup(figure) + Markup("\n") + self.stash(page)(outline)

    def outline_html(self, key: str, page: str, block: MapBlock | None = None) -> str:
        """The map's text outline (a list of its nodes and steps), links relative to ``page``."""
        block = block or self.maps.get(key)
        if block is None:
            return ""
        return _env().get_template("outline.html.j2").render(outline=Markup(self.resolve_root(block.outline, page)))

    def fill_maps(self, html: str, page: str) -> str:
        """Put each deferred map's SVG into its placeholder figure and its outline after it.

        Done on the finished page, so neither Python-Markdown nor the search indexer parses them
        (the outline repeats claims that have pages of their own, and search should find those)."""
        blocks: dict[str, MapBlock | None] = {}

        def block(key: str) -> MapBlock | None:
            if key not in blocks:
                blocks[key] = self.maps.get(key)  # each block is read from the cache once per page
            return blocks[key]
        def fill(m: re.Match[str]) -> str:
            svg = self.map_svg(m.group(1), page, block(m.group(1)))
            return m.group(0)[: -len("></div>")] + canvas_attrs(m.group(1), svg) + ">" + svg + "</div>"
        html = _PLACEHOLDER.sub(fill, html)
        return _OUTLINE_SLOT.sub(lambda m: self.outline_html(m.group(1), page, block(m.group(1))), html)

    def stash(self, page: str) -> Callable[[str], Markup]:
        """A Jinja filter: with ``defer_svg`` a block of finished HTML is kept aside and a placeholder
        goes into the Markdown (Python-Markdown need not parse it); :meth:`unstash` puts it back."""
        def keep(html: str) -> Markup:
            if not self.opts.defer_svg:
                return Markup(html)
            blocks = self._stash.setdefault(page, [])
            blocks.append(str(html))
            return Markup('<div data-am-stash="{}"></div>').format(len(blocks) - 1)
        return keep

    def unstash(self, html: str, page: str) -> str:
        blocks = self._stash.get(page, [])
        return _STASHED.sub(lambda m: blocks[int(m.group(1))] if int(m.group(1)) < len(blocks) else "", html)

    def resolve_root(self, text: str, page: str) -> str:
        """Turn the maps' ``@@ROOT@@…`` links into links relative to ``page``."""
        def link(m: re.Match[str]) -> str:
            return self.urls.href(page, f"{m.group(1)}/{m.group(2)}.md")

        text = _ROOT_LINK.sub(link, text)
        text = _ROOT_EVIDENCE.sub(self.urls.href(page, "evidence.md") + "#", text)
        return _ROOT_ANY.sub(self.urls.root(page), text)

    def render(self, template: str, page: str, **ctx: Any) -> str:
        return _env().get_template(template).render(
            r=self, page=page, corpus=self.corpus, a=self.analysis, safe_title=safe_title,
            front_matter=front_matter, **ctx)

    # -- pages -----------------------------------------------------------------------------

    def claim_page(self, claim: Claim) -> str:
        page = f"claims/{claim.id}.md"
        out, inc = self.ix.by_source.get(claim.id, []), self.ix.by_target.get(claim.id, [])
        undercuts = [u for r in (*out, *inc) for u in self.ix.by_target.get(r.id, [])]
        for arg in self.ix.conclusion_of.get(claim.id, []):
            undercuts += self.ix.by_target.get(arg.id, [])
        evidence = [self.corpus.evidence[e] for e in self.analysis.evidence.get(claim.id, ())
                    if e in self.corpus.evidence]
        # Evidence against the claim first (it decides its label), then the rest in the analysis' order.
        kind = {r.source: r.type.value for r in inc if r.source in self.corpus.evidence}
        evidence.sort(key=lambda e: _EVIDENCE_ORDER.get(kind.get(e.id, ""), len(_EVIDENCE_ORDER)))
        meta: dict[str, Any] = {"title": "Claim " + claim.id, "tags": self.claim_tags(claim),
                                "argmap_shared_nav": "claim-map" if f"claim:{claim.id}" in self.maps else "claim"}
        if self.opts.index_claims:
            meta["search"] = {"exclude": True}
        return self.render("claim.md.j2", page, c=claim, out=out, inc=inc, undercuts=undercuts,
                           evidence=evidence, meta=meta, folded=FOLDED, folded_evidence=FOLDED_EVIDENCE,
                           st=self.standing(claim.id, inc),
                           edit_url=self.edit_url(claim), label=self.labels.get(claim.id, ""),
                           status=self.semantics_summary().statuses.get(claim.id),
                           premise_of=self.ix.premise_of.get(claim.id, []),
                           conclusion_of=self.ix.conclusion_of.get(claim.id, []))

    def semantics_summary(self) -> Summary:
        """Labels under every semantics and why (computed once per renderer)."""
        cached: Summary | None = getattr(self, "_semantics", None)
        if cached is None:
            cached = self._semantics = summary(self.corpus)
        return cached
    def standing(self, cid: str, incoming: list[Relation]) -> Standing | None:
        """How the claim stands under the acceptability semantics (None when there are no labels)."""
        if not self.labels:
            return None
        if self._labelling is None:
            from argmap.core.semantics import label_all

            self._labelling = label_all(self.corpus)
        return standing(self.corpus, self._labelling, cid, incoming)

    def claim_tags(self, claim: Claim) -> list[str]:
        """The claim page's tags: actors, dimension, level, kind and free tags, as safe titles."""
        tags = [safe_title(self.vocab("actors", a)) for a in claim.actors]
        tags += [safe_title(self.vocab("dimensions", claim.dimension))] if claim.dimension else []
        tags += [safe_title(self.vocab("levels", claim.level))] if claim.level else []
        tags += [safe_title(claim.kind.value)] + [safe_title(t) for t in claim.tags]
        return sorted(set(t for t in tags if t))

    def search_entries(self) -> list[dict[str, Any]]:
        """One search-index entry per claim page, made from the model rather than by parsing the
        page (the format of Material's ``search_index.json``). It holds what a reader searches a
        claim by: its text, id, former ids, label, kind and basis, section, locator and note, with
        the page's tags. Relations and evidence are left to the pages that own them (the other
        claims' pages, the evidence and sources pages), so a word finds the claim that says it."""
        out: list[dict[str, Any]] = []
        for cid in sorted(self.corpus.claims):
            c = self.corpus.claims[cid]
            if not valid_id(cid):
                continue
            section = self.corpus.sections.get(c.section)
            locator = ""
            if c.locator:
                locator = ", ".join(x for x in (c.locator.source, f"p. {c.locator.pages}" if c.locator.pages else "",
                                                c.locator.note) if x)
            actors = " ".join(self.names("actors", a) for a in c.actors)
            parts = [plain_text(c.text), c.label, f"{c.kind.value} {c.basis.value}",
                     f"Section: {plain_text(section.title) if section else c.section}", locator,
                     " ".join(c.aliases), plain_text(c.note), f"Actors: {actors}" if actors else ""]
            text = " ".join(str(Markup("<p>{}</p>").format(part)) for part in parts if part)
            out.append({"location": self.urls.url(f"claims/{cid}.md"), "title": f"Claim <code>{cid}</code>",
                        "text": text, "tags": self.claim_tags(c)})
        return out

    def edit_url(self, claim: Claim) -> str:
        if not self.opts.edit_base or not claim.loc.path or claim.loc.path.startswith("<"):
            return ""
        path = claim.loc.path
        if self.opts.repo_root:
            path = posixpath.relpath(posixpath.abspath(path), posixpath.abspath(self.opts.repo_root))
        line = f"#L{claim.loc.line}" if claim.loc.line else ""
        url = self.opts.edit_base.rstrip("/") + "/" + path.lstrip("./") + line
        return url if safe_link(url) else ""

    def pages(self) -> dict[str, str]:
        """Every generated Markdown page: source path → text. Sorted, deterministic."""
        out: dict[str, str] = {}
        for s in self.corpus.section_order():
            if valid_id(s.id):
                page = f"sections/{s.id}.md"
                out[page] = self.render("section.md.j2", page, s=s, claims=self.corpus.claims_in(s.id),
                                        cov=next((c for c in self.analysis.coverage if c.section == s.id), None))
        for c in self.corpus.claims.values():
            if valid_id(c.id):
                cache = self.page_cache  # argmap.deps.PageCache: rendered again only when an input changed
                out[f"claims/{c.id}.md"] = cache.claim_page(self, c) if cache is not None else self.claim_page(c)
        ev = sorted(self.corpus.evidence.values(), key=lambda e: (e.kind.value, e.id))
        timeline = sorted(self.corpus.evidence.values(), key=lambda e: (e.date, e.id))
        claims_of: dict[str, list[str]] = defaultdict(list)
        for cid, eids in self.analysis.evidence.items():
            for e in eids:
                claims_of[e].append(cid)
        out["evidence.md"] = self.render("evidence.md.j2", "evidence.md", by_kind=ev, timeline=timeline,
                                         claims_of=claims_of)
        sources = sorted(self.corpus.sources.values(), key=lambda s: (format_item(s.csl).lower(), s.id))
        out["sources.md"] = self.render("sources.md.j2", "sources.md", sources=sources, cite=format_item,
                                        cited_by=self.ix.cited_by)
        out["comparison.md"] = self.render("comparison.md.j2", "comparison.md")
        out["analysis.md"] = self.render("analysis.md.j2", "analysis.md")
        out["downloads.md"] = self.render("downloads.md.j2", "downloads.md", downloads=self.downloads)
        out["tags.md"] = self.render("tags.md.j2", "tags.md")
        return dict(sorted(out.items()))

    def redirects(self) -> dict[str, str]:
        """Alias → HTML of a redirect page (meta refresh and a link; no script)."""
        out: dict[str, str] = {}
        for alias, cid in self.corpus.aliases.items():
            if valid_id(alias) and valid_id(cid) and alias not in self.corpus.claims and cid in self.corpus.claims:
                src = self.urls.url(f"claims/{alias}.md")
                src = src + "index.html" if src.endswith("/") else src
                target = self.urls.href(f"claims/{alias}.md", f"claims/{cid}.md")
                out[src] = _env().get_template("redirect.html.j2").render(target=target, cid=cid)
        return out

    # -- fragments for hand-written pages ----------------------------------------------------

    def fragment(self, name: str, page: str) -> str:
        """The HTML that replaces ``<!-- argmap:NAME -->`` in a hand-written page."""
        if name.startswith("map "):
            return str(self.map_html(name[4:].strip().replace(" ", ":"), page))
        if name in ("paper", "counts", "problems", "sections"):
            return self.render(f"fragment-{name}.html.j2", page)
        return ""


# A marker counts only alone on its line, so one quoted in prose or code is left alone.
_MARKER = re.compile(r"^[ ]{0,3}<!--\s*argmap:([a-z][a-z0-9: _-]*?)\s*-->[ \t]*$", re.MULTILINE)


def fragment_names(text: str) -> list[str]:
    return _MARKER.findall(text)


def replace_fragments(text: str, make: Callable[[str], str]) -> str:
    """Replace each marker line by its fragment, as a raw HTML block set off by blank lines."""
    return _MARKER.sub(lambda m: "\n" + make(m.group(1)).strip() + "\n", text)
