"""Corpus → the one HTML document that WeasyPrint turns into the PDF.

Everything the template shows is prepared here as plain records; the Jinja2 templates under
``templates/print/`` autoescape everything, and every text field from a claim file goes
through :func:`argmap.markup.render_inline` (escaped, safe links only). Anchors inside the
document are ``claim-<id>``, ``evidence-<id>``, ``argument-<id>``, ``section-<id>``,
``source-<id>`` and ``comparison-<id>``; ids match ``[a-z0-9-]`` so they are safe as HTML ids.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from argmap import __version__
from argmap.core.acceptance import Status, Summary, summary
from argmap.core.analysis import counts, evidence_map, section_coverage
from argmap.core.cite import authors, first_creator, format_item, sort_key, year
from argmap.core.markup import plain_text, render_inline
from argmap.core.model import Claim, Corpus, Relation, Source
from argmap.maps.graph import claim_label
from argmap.pdf.identity import identity
from argmap.pdf.records import (
    BLANK,
    IN_VERB,
    OUT_VERB,
    PREFIX,
    READER_WORDS,
    Cite,
    ClaimView,
    Link,
    MapFigure,
    PageSlots,
    PrintDocument,
    PrintOptions,
    Ref,
    SectionView,
)


class _Builder:
    def __init__(self, corpus: Corpus, slots: PageSlots | None = None) -> None:
        self.c = corpus
        self.slots = slots
        self.ev = evidence_map(corpus)
        self.numbers: dict[str, int] = {}   # source id → its number in the bibliography
        self._ids: re.Pattern[str] | None = None
        self.by_target: dict[str, list[Relation]] = {}
        self.by_source: dict[str, list[Relation]] = {}
        for r in corpus.relations.values():
            self.by_target.setdefault(r.target, []).append(r)
            self.by_source.setdefault(r.source, []).append(r)

    # -- references ----------------------------------------------------------------------

    def href(self, ident: str) -> str:
        ident = self.c.aliases.get(ident, ident)
        kind = self.c.kind_of(ident)
        return f"#{PREFIX[kind]}-{ident}" if kind in PREFIX else ""

    def ref(self, ident: str) -> Ref:
        ident = self.c.aliases.get(ident, ident)
        rel = self.c.relations.get(ident)
        if rel is not None:  # a relation is shown as the step between its two ends
            return Ref(self.href(rel.source), f"the step {rel.source} {OUT_VERB[rel.type.value]} {rel.target}")
        src = self.c.sources.get(ident)
        if src is not None:  # "Doe 2015", like a citation, found in the alphabetical bibliography
            who = first_creator(src.csl) or plain_text(src.title)
            return Ref(self.href(ident), f"{who} {year(src.csl)}", page=False)
        kind = self.c.kind_of(ident)
        if kind in PREFIX:
            return Ref(self.href(ident), f"{kind} {ident}")
        return Ref("", ident, known=False)

    def inline(self, text: str) -> Markup:
        if not text:
            return Markup("")
        html = self.keep_ids(Markup(render_inline(text, self.href)))
        return self.slots.after_claim_links(html) if self.slots is not None else html

    def keep_ids(self, html: Markup) -> Markup:
        """``html`` with every id of the corpus named in its text kept whole on one line
        (``<span class="tid">``), so that no line ends at one of its hyphens."""
        if self._ids is None:
            names = sorted((k for k in (*self.c.claims, *self.c.evidence, *self.c.sources, *self.c.arguments,
                                        *self.c.sections) if "-" in k), key=lambda k: (-len(k), k))
            self._ids = re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, names)) + r")(?![\w/-])") \
                if names else re.compile(r"(?!x)x")
        parts = re.split(r"(<[^>]*>)", str(html))
        depth = 0   # inside a link: its text is already kept whole
        for i, part in enumerate(parts):
            if part.startswith("<"):
                depth += 1 if part.startswith("<a ") else -1 if part == "</a>" else 0
            elif depth == 0 and part:
                parts[i] = self._ids.sub(r'<span class="tid">\1</span>', part)
        return Markup("".join(parts))

    def because(self, text: str) -> Markup:
        return self.inline(text)

    def notices(self, node: str) -> Markup:
        """The notices of an evidence item's sources, escaped (empty for anything else)."""
        return Markup(" ").join(Markup('<span class="notice">{}</span>').format(n) for n in self.c.notices(node))

    def noticed(self, node: str, because: Markup) -> Markup:
        """``because`` led by ``node``'s notices, so a reference to the item says where it is from."""
        head = self.notices(node)
        return head + Markup(" ") + because if head and because else head or because

    # -- claims --------------------------------------------------------------------------

    def links_of(self, cid: str) -> tuple[list[Link], list[Link], list[Link]]:
        outgoing = [Link(OUT_VERB[r.type.value], (self.ref(r.target),), self.because(r.because))
                    for r in self.by_source.get(cid, [])]
        incoming: list[Link] = []
        evidence: list[Link] = []
        for r in self.by_target.get(cid, []):
            link = Link(IN_VERB[r.type.value], (self.ref(r.source),), self.noticed(r.source, self.because(r.because)))
            (evidence if r.source in self.c.evidence else incoming).append(link)
            for u in self.by_target.get(r.id, []):  # the step into this claim is undercut
                incoming.append(Link("undercut by", (self.ref(u.source),), self.inline(
                    f"(the step from {r.source}) {u.because}".strip())))
        related = {r.source for r in self.by_target.get(cid, [])}
        for eid in self.ev.get(cid, ()):
            if eid not in related:
                evidence.append(Link("evidence", (self.ref(eid),), self.noticed(eid, Markup(""))))
        for a in self.c.arguments.values():
            if cid in a.premises:
                outgoing.append(Link("is a premise of", (self.ref(a.id),), Markup("→ ") + a.conclusion))
            if a.conclusion == cid:
                incoming.append(Link("concluded by", (self.ref(a.id), *tuple(self.ref(p) for p in a.premises)),
                                     self.because(a.because)))
                for u in self.by_target.get(a.id, []):
                    incoming.append(Link("undercut by", (self.ref(u.source),), self.because(u.because)))
        return outgoing, incoming, evidence

    def claim_view(self, claim: Claim) -> ClaimView:
        vocab = self.c.vocabulary
        facets: list[tuple[str, str]] = []
        if claim.actors:
            facets.append(("actors", ", ".join(vocab.actors[a].label if a in vocab.actors else a
                                                for a in claim.actors)))
        if claim.dimension:
            term = vocab.dimensions.get(claim.dimension)
            facets.append(("dimension", term.label if term else claim.dimension))
        if claim.level:
            term = vocab.levels.get(claim.level)
            facets.append(("level", term.label if term else claim.level))
        if claim.tags:
            facets.append(("tags", ", ".join(claim.tags)))
        if claim.aliases:
            facets.append(("formerly", ", ".join(claim.aliases)))
        locator = Markup("")
        if claim.locator is not None:
            loc = claim.locator
            rest = ", ".join(x for x in (str(loc), loc.note) if x)
            where = Markup('<span class="tid">{}</span>').format(loc.source) if loc.source else Markup("")
            locator = where + (Markup(", ") if where and rest else Markup("")) + rest
        outgoing, incoming, evidence = self.links_of(claim.id)
        head = plain_text(claim.label or claim.text)
        status, why = self.why(claim.id)
        return ClaimView(claim, f"claim-{claim.id}", self.inline(claim.text), self.inline(claim.note), locator,
                         facets, outgoing, incoming, evidence,
                         bookmark=f"{claim.id} · {head[:60]}{'…' if len(head) > 60 else ''}", status=status, why=why)

    def why(self, cid: str) -> tuple[Status | None, list[Link]]:
        """The claim's status under the chosen semantics, and the inferences that decide it."""
        found: Summary | None = getattr(self, "_semantics", None)
        if found is None:
            found = self._semantics = summary(self.c)
        status = found.statuses.get(cid)
        if status is None:
            return None, []
        carried = "carried by" if status.semantics == "carneades" else "supported by"
        beaten = "defeated by" if status.label == "out" else "contested by"
        def link(verb: str, x: str) -> Link:  # an item from a source with a notice says so here too
            rel = self.c.relations.get(x)
            return Link(verb, (self.ref(x),), self.noticed(rel.source if rel else x, Markup("")))

        return status, [link(verb, x) for verb, items in
                        ((carried, status.carried_by), (beaten, status.defeated_by), ("attack fails:", status.failed))
                        for x in items]

    # -- sections, evidence, comparisons --------------------------------------------------

    def sections(self, maps: dict[str, MapFigure]) -> list[SectionView]:
        cov = {s.section: s for s in section_coverage(self.c, self.ev)}
        out = []
        for s in self.c.section_order():
            args = [(a, self.because(a.because), [self.ref(p) for p in a.premises], self.ref(a.conclusion))
                    for a in self.c.arguments.values() if a.section == s.id]
            out.append(SectionView(
                s.id, f"section-{s.id}", s.title, cov.get(s.id), s.pages, self.inline(s.summary),
                [self.claim_view(c) for c in self.c.claims_in(s.id)], args,
                [(t.id, t.title) for t in s.topics], maps.get(f"section-{s.id}"),
            ))
        return out

    def timeline(self) -> list[dict[str, object]]:
        items = sorted(self.c.evidence.values(), key=lambda e: (e.date, e.id))
        out = []
        for e in items:
            bears = [Link(OUT_VERB[r.type.value], (self.ref(r.target),), self.because(r.because))
                     for r in self.by_source.get(e.id, [])]
            linked = {r.target for r in self.by_source.get(e.id, [])}
            listed = sorted(cid for cid, c in self.c.claims.items() if e.id in c.evidence and cid not in linked)
            bears += [Link("listed by", (self.ref(cid),)) for cid in listed]
            url = e.url if e.url.startswith(("http://", "https://")) else ""
            cited = {str(self.c.sources[s].csl.get("URL", "")) for s in e.sources if s in self.c.sources}
            out.append({"e": e, "anchor": f"evidence-{e.id}", "summary": self.inline(e.summary),
                        "note": self.inline(e.note), "notice": " ".join(self.c.notices(e.id)),
                        "sources": [self.citation(s) for s in e.sources],
                        "links": bears, "url": url if url not in cited else ""})
        return out

    def comparisons(self, maps: dict[str, MapFigure]) -> list[dict[str, object]]:
        out = []
        actors = self.c.vocabulary.actors
        for comp in self.c.comparisons.values():
            subjects = [(s, actors[s].label if s in actors else s) for s in comp.subjects]
            rows = []
            for row in comp.rows:
                cells = dict(row.cells)
                row_cells = []
                for subj, _ in subjects:
                    cid = cells.get(subj, "")
                    claim = self.c.claims.get(self.c.aliases.get(cid, cid))
                    row_cells.append((self.ref(cid), self.inline(claim.text)) if claim else None)
                dim = self.c.vocabulary.dimensions.get(row.dimension)
                rows.append({"row": row, "cells": row_cells, "because": self.because(row.because),
                             "dimension": dim.label if dim else row.dimension})
            out.append({"comp": comp, "anchor": f"comparison-{comp.id}", "subjects": subjects, "rows": rows,
                        "summary": self.inline(comp.summary), "map": maps.get(f"comparison-{comp.id}")})
        return out

    def bibliography_order(self) -> list[str]:
        """Source ids in bibliography order: by first creator, else title (:func:`sort_key`)."""
        return sorted(self.c.sources, key=lambda k: (sort_key(self.c.sources[k].csl), k))

    def bibliography(self) -> list[tuple[str, Markup]]:
        def entry(s: Source) -> Markup:
            notice = Markup(' <span class="notice">{}</span>').format(s.notice) if s.notice else Markup("")
            return format_item(s.csl, s.uncertain) + notice

        return [(f"source-{sid}", entry(self.c.sources[sid])) for sid in self.bibliography_order()]

    def citation(self, sid: str) -> Cite:
        """A source cited whole, as its bibliography entry, with the entry's number and a link to it."""
        sid = self.c.aliases.get(sid, sid)
        src = self.c.sources.get(sid)
        if src is None:
            return Cite(Ref("", sid, known=False), Markup(""), 0)
        if not self.numbers:
            self.numbers = {k: i + 1 for i, k in enumerate(self.bibliography_order())}
        return Cite(Ref(f"#source-{sid}", f"[{self.numbers[sid]}]"), format_item(src.csl, src.uncertain),
                    self.numbers[sid])

    def index(self) -> list[tuple[str, Ref, str]]:
        """Every claim by id, by former id (alias) and by label (what its map nodes show)."""
        entries = [(cid, Ref(f"#claim-{cid}", cid), "") for cid in self.c.claims]
        entries += [(alias, Ref(f"#claim-{target}", target), "alias")
                    for alias, target in self.c.aliases.items() if target in self.c.claims]
        entries += [(plain_text(c.label), Ref(f"#claim-{cid}", cid), "label")
                    for cid, c in self.c.claims.items() if c.label]
        return sorted(entries, key=lambda t: (t[0].casefold(), t[0], t[2]))

    def map_key(self, fig: MapFigure) -> list[Ref]:
        """The claims a map shows, by their labels as its nodes show them, each with its page."""
        return [Ref(f"#claim-{cid}", plain_text(self.c.claims[cid].label or claim_label(self.c, cid)))
                for cid in fig.nodes if cid in self.c.claims]


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("argmap.pdf", "templates"), undefined=StrictUndefined,
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return env


def paper_citation(corpus: Corpus) -> Markup:
    if corpus.paper is None:
        return Markup("")
    src = corpus.sources.get(corpus.paper.source)
    return format_item(src.csl, src.uncertain) if src else Markup("")


def document_author(corpus: Corpus) -> str:
    """The paper's authors as one line."""
    src = corpus.sources.get(corpus.paper.source) if corpus.paper else None
    return plain_text(authors(src.csl)) if src else ""


def build_html(corpus: Corpus, options: PrintOptions, maps: Sequence[MapFigure] = ()) -> str:
    """The whole print document as one HTML string (deterministic for the same input)."""
    return build_print(corpus, options, maps).html


def build_print(corpus: Corpus, options: PrintOptions, maps: Sequence[MapFigure] = ()) -> PrintDocument:
    """The print document and, with ``options.number_slots``, the page-number boxes it holds."""
    if corpus.paper is None:
        raise ValueError("the corpus has no paper")
    slots = PageSlots(options.number_slots)
    b = _Builder(corpus, slots)
    by_key = {m.key: m for m in maps}
    n = counts(corpus)
    sections = b.sections(by_key)
    ident = identity(corpus, options.version, options.build_date)
    context = {
        "paper": corpus.paper,
        "title": plain_text(corpus.paper.title),
        "author": document_author(corpus),
        "ident": ident,
        "citation": paper_citation(corpus),
        "paper_summary": b.inline(corpus.paper.summary),
        "paper_coverage": b.inline(corpus.paper.coverage),
        "thesis": [b.ref(t) for t in corpus.paper.thesis],
        "counts": n,
        "coverage": [s for s in sections if s.coverage is not None],
        "build_date": options.build_date.isoformat(),
        "created": options.created,
        "version": __version__,
        "overview": by_key.get("overview"),
        "sections": sections,
        "comparisons": b.comparisons(by_key),
        "timeline": b.timeline(),
        "bibliography": b.bibliography(),
        "index": b.index(),
        "maps_missing": not maps,
        "slot": slots,
        "words": READER_WORDS,
        # The empty image a map is laid into (its alt text describes the map), as a data: URL.
        "blank": BLANK,
        "map_key": b.map_key,
    }
    html = _environment().get_template("document.html.j2").render(**context)
    return PrintDocument(html, slots.targets)


__all__ = ["MapFigure", "PageSlots", "PrintDocument", "PrintOptions", "build_html", "build_print", "document_author",
           "paper_citation"]
