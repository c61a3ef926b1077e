"""Corpus → Markdown pages for the website (Jinja2 templates), with no MkDocs import.

Every text that comes from a claim file is untrusted. The templates autoescape everything;
inline Markdown fields go through :func:`argmap.markup.render_inline` and are placed inside
raw HTML blocks, which Python-Markdown passes through untouched. Page titles and tags, which
themes print without escaping, go through :func:`safe_title`. Maps on pages are
:mod:`argmap.website.mapblocks`; the records pages share are :mod:`argmap.website.records`.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup

from argmap.core.acceptance import Summary, summary
from argmap.core.analysis import Analysis
from argmap.core.cite import format_item
from argmap.core.markup import plain_text, render_inline, safe_link
from argmap.core.model import Claim, Corpus, Relation
from argmap.core.semantics import Labelling
from argmap.website.mapblocks import MapBlocks
from argmap.website.names import script_lang
from argmap.website.records import Index, MapBlock, SiteOptions, Urls, map_label, safe_title, valid_id
from argmap.website.standing import Standing, standing
from argmap.website.templating import environment, fragment_names, front_matter, replace_fragments, use_template_cache

#: How many entries of a group of relations show before the rest fold into "N more".
FOLDED = 3
#: How many evidence entries a claim page shows before the rest fold into "N more evidence items".
FOLDED_EVIDENCE = 5

_EVIDENCE_ORDER = {"attacks": 0, "undercuts": 1, "qualifies": 2, "contrasts": 3, "supports": 4}

class PageRenderer(MapBlocks):
    """Renders every generated page of one corpus. ``maps`` maps keys such as ``claim:<id>``."""

    def __init__(self, corpus: Corpus, analysis: Analysis, *, maps: Mapping[str, MapBlock] | None = None,
                 labels: Mapping[str, str] | None = None, options: SiteOptions = SiteOptions(),
                 problems: Iterable[str] = (), downloads: Iterable[tuple[str, str, str]] = (),
                 labelling: Labelling | None = None, semantics: Summary | None = None) -> None:
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
        #: The grounded labelling and the summary under every semantics: given (from the build
        #: cache, :mod:`argmap.labelcache`) or worked out when first needed.
        self._labelling: Labelling | None = labelling
        self._semantics: Summary | None = semantics

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

    def render(self, template: str, page: str, **ctx: Any) -> str:
        return environment().get_template(template).render(
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
        if self._semantics is None:
            self._semantics = summary(self.corpus)
        return self._semantics

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
        claim by: its text, id, former ids, label, kind and basis, section, locator and note, its
        actors, dimension and level under every name the vocabulary gives, with the page's tags.
        Relations and evidence are left to the pages that own them (the other claims' pages, the
        evidence and sources pages), so a word finds the claim that says it."""
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
            dimension = self.names("dimensions", c.dimension) if c.dimension else ""
            level = self.names("levels", c.level) if c.level else ""
            parts = [plain_text(c.text), c.label, f"{c.kind.value} {c.basis.value}",
                     f"Section: {plain_text(section.title) if section else c.section}", locator,
                     " ".join(c.aliases), plain_text(c.note), f"Actors: {actors}" if actors else "",
                     f"Dimension: {dimension}" if dimension else "", f"Level: {level}" if level else ""]
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
                out[src] = environment().get_template("redirect.html.j2").render(target=target, cid=cid)
        return out

    # -- fragments for hand-written pages ----------------------------------------------------

    def fragment(self, name: str, page: str) -> str:
        """The HTML that replaces ``<!-- argmap:NAME -->`` in a hand-written page."""
        if name.startswith("map "):
            return str(self.map_html(name[4:].strip().replace(" ", ":"), page))
        if name in ("paper", "counts", "problems", "sections"):
            return self.render(f"fragment-{name}.html.j2", page)
        return ""


__all__ = ["FOLDED", "FOLDED_EVIDENCE", "MapBlock", "PageRenderer", "SiteOptions", "Urls", "fragment_names",
           "map_label", "replace_fragments", "safe_title", "use_template_cache", "valid_id"]
