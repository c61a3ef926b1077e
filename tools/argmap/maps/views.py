"""The views: corpus → MapGraph, one builder per view, and :func:`build_view`, which picks one."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from argmap.core.markup import plain_text as _plain_text
from argmap.core.model import Corpus, Coverage, RelationType
from argmap.maps.graph import (
    DEFAULT_DEPTH,
    DEFAULT_MAX_NODES,
    LARGE_GRAPH,
    OVERVIEW_KINDS,
    TARGETS,
    VIEWS,
    MapCluster,
    MapEdge,
    MapGraph,
    MapNode,
    ViewError,
    claim_label,
    map_name,
    neighbourhood,
)
from argmap.maps.legend import CLAIM_KIND_LABELS, legend

#: Plain text of a text field, remembered: every map of a site asks for the same texts again and again.
plain_text = functools.lru_cache(maxsize=1 << 16)(_plain_text)


_BY_SOURCE: dict[int, tuple[Corpus, dict[str, list[Any]]]] = {}


def _relations_by_source(corpus: Corpus) -> dict[str, list[Any]]:
    """The corpus' relations by their source, made once per corpus (a view used to go through
    every relation of the corpus, which made 5,000 claim maps cost 5,000 times 5,000 steps)."""
    hit = _BY_SOURCE.get(id(corpus))
    if hit is None or hit[0] is not corpus:
        index: dict[str, list[Any]] = {}
        for r in corpus.relations.values():
            index.setdefault(r.source, []).append(r)
        _BY_SOURCE.clear()  # one corpus at a time; the entry keeps it alive, so its id stays its own
        hit = _BY_SOURCE[id(corpus)] = (corpus, index)
    return hit[1]


class _Draw:
    """Collects nodes, edges and clusters for one view; :meth:`finish` sorts them into a MapGraph."""

    def __init__(self, corpus: Corpus) -> None:
        self.c = corpus
        self.nodes: dict[str, MapNode] = {}
        self.edges: dict[str, MapEdge] = {}
        self.clusters: dict[str, MapCluster] = {}

    # nodes ---------------------------------------------------------------------------
    def claim(self, cid: str, *, cluster: str = "", faded: bool = False, focus: bool = False) -> None:
        c = self.c.claims[cid]
        where = f", p. {c.locator.pages}" if c.locator and c.locator.pages else ""
        tip = f"{CLAIM_KIND_LABELS[c.kind.value]} ({c.basis.value}{where}): {plain_text(c.text)}" + self._who(c.actors)
        self.nodes[cid] = MapNode(cid, "claim", claim_label(self.c, cid), tip, f"claims/{cid}/", c.kind.value,
                                  c.basis.value, c.actors, cluster, faded, focus)

    def evidence(self, eid: str, *, cluster: str = "", faded: bool = False) -> None:
        e = self.c.evidence[eid]
        label = e.label or plain_text(e.summary)
        tip = (f"Evidence ({e.provenance.value}, {e.kind.value}, {e.date_note or e.date}): {plain_text(e.summary)}"
               + self._who(e.actors))
        self.nodes[eid] = MapNode(eid, "evidence", label, tip, f"evidence/#{eid}", e.provenance.value, "",
                                  e.actors, cluster, faded)

    def _who(self, actors: tuple[str, ...]) -> str:
        table = self.c.vocabulary.actors
        names = [table[a].label if a in table else a for a in actors]
        return f" [{', '.join(names)}]" if names else ""

    def add(self, node_id: str, *, cluster: str = "", faded: bool = False) -> None:
        if node_id in self.c.claims:
            self.claim(node_id, cluster=cluster, faded=faded)
        elif node_id in self.c.evidence:
            self.evidence(node_id, cluster=cluster, faded=faded)

    def section_cluster(self, sid: str, *, faded: bool = False) -> str:
        s = self.c.sections.get(sid)
        if s is None:
            return ""
        title = f"{s.title} (p. {s.pages})" if s.pages else s.title
        self.clusters[sid] = MapCluster(sid, title, f"sections/{sid}/", faded)
        return sid

    def topics(self, sid: str, *, cluster: str = "") -> None:
        for t in self.c.sections[sid].topics:
            self.nodes[t.id] = MapNode(t.id, "topic", f"Not yet mapped: {t.title}",
                                       f"Not yet mapped: {plain_text(t.title)}. Announced by the paper; no claim yet.",
                                       "", "", "", t.actors, cluster)

    def placeholder(self, nid: str, kind: str, label: str, tip: str, link: str, cluster: str) -> None:
        self.nodes[nid] = MapNode(nid, kind, label, tip, link, cluster=cluster)

    # edges ---------------------------------------------------------------------------
    def arguments(self, *, partial: bool = True) -> None:
        """Arguments whose conclusion is drawn and (all, or with ``partial`` any) premises are drawn."""
        for a in sorted(self.c.arguments.values(), key=lambda a: a.id):
            if a.type is not RelationType.UNDERCUTS:  # joint undercuts are drawn with the relations
                self._argument(a, a.conclusion, partial=partial)

    def _argument(self, a: Any, target: str, *, partial: bool = True) -> None:
        """An argument node where its premises meet (a junction), and its edge to ``target``.

        A joint attack or undercut is drawn like linked premises: the attackers meet at the
        argument node, whose one edge to the target is an attack (or undercut) edge.
        """
        if target not in self.nodes or a.id in self.nodes:
            return
        shown = [p for p in a.premises if p in self.nodes]
        if not shown or (not partial and len(shown) < len(a.premises)):
            return
        faded = self.nodes[target].faded and all(self.nodes[p].faded for p in shown)
        joint = {RelationType.ATTACKS: "joint attack", RelationType.UNDERCUTS: "joint undercut"}.get(a.type, "")
        label = a.label or joint or "argument"
        tip = f"{joint.capitalize() if joint else 'Argument'} ({a.basis.value}): {plain_text(a.label or a.id)}"
        if a.because:
            tip += f" because {plain_text(a.because)}"
        if len(shown) < len(a.premises):
            tip += f" ({len(a.premises) - len(shown)} more premises on the claim page)"
        # An argument sits with its premises: in its own section's cluster when that is drawn.
        cluster = a.section if a.section in self.clusters else self.nodes[target].cluster
        page = a.conclusion if a.conclusion in self.c.claims else a.premises[0]
        self.nodes[a.id] = MapNode(a.id, "argument", label, tip, f"claims/{page}/", "", a.basis.value,
                                   (), cluster, faded)
        for p in shown:
            self._edge(f"{a.id}~premise~{p}", p, a.id, "premise", f"premise of {a.label or a.id}", a.basis.value)
        self._edge(f"{a.id}~conclusion", a.id, target, a.type.value, tip, a.basis.value)

    def relations(self) -> None:
        """Every relation whose ends are drawn; an undercut relation goes through a junction node."""
        by_source = _relations_by_source(self.c)  # only relations from a drawn node can be drawn
        rels = sorted((r for n in list(self.nodes) for r in by_source.get(n, ())), key=lambda r: r.id)
        plain = {r.id: r for r in rels if r.type is not RelationType.UNDERCUTS
                 and r.source in self.nodes and r.target in self.nodes}
        undercuts = [r for r in rels if r.type is RelationType.UNDERCUTS and r.source in self.nodes
                     and (r.target in plain or (r.target in self.nodes and self.nodes[r.target].kind == "argument"))]
        joint = [a for a in sorted(self.c.arguments.values(), key=lambda a: a.id)
                 if a.type is RelationType.UNDERCUTS and (a.conclusion in plain or (
                     a.conclusion in self.nodes and self.nodes[a.conclusion].kind == "argument"))]
        split = {r.target for r in undercuts if r.target in plain}
        split |= {a.conclusion for a in joint if a.conclusion in plain}
        for r in plain.values():
            tip = f"{r.type.value} ({r.basis.value})" + (f": {plain_text(r.because)}" if r.because else "")
            if r.id in split:
                jid = f"{r.id}~junction"
                faded = self.nodes[r.source].faded or self.nodes[r.target].faded
                self.nodes[jid] = MapNode(jid, "junction", "", tip, "", r.type.value, r.basis.value,
                                          cluster=self.nodes[r.target].cluster, faded=faded)
                self._edge(f"{r.id}~in", r.source, jid, r.type.value, tip, r.basis.value, arrow=False)
                self._edge(f"{r.id}~out", jid, r.target, r.type.value, tip, r.basis.value)
            else:
                self._edge(r.id, r.source, r.target, r.type.value, tip, r.basis.value)
        for r in undercuts:
            target = f"{r.target}~junction" if r.target in plain else r.target
            tip = f"undercuts ({r.basis.value})" + (f": {plain_text(r.because)}" if r.because else "")
            self._edge(r.id, r.source, target, "undercuts", tip, r.basis.value)
        for a in joint:
            self._argument(a, f"{a.conclusion}~junction" if a.conclusion in plain else a.conclusion)

    def _edge(self, eid: str, src: str, dst: str, kind: str, tip: str, basis: str, *, arrow: bool = True) -> None:
        faded = self.nodes[src].faded or self.nodes[dst].faded
        self.edges[eid] = MapEdge(eid, src, dst, kind, tip, basis, faded, arrow)

    # result --------------------------------------------------------------------------
    def finish(self, view: str, target: str | None, title: str, *, rankdir: str = "BT", large: bool | None = None,
               grid: tuple[tuple[str, ...], ...] = (), stacked: bool = False) -> MapGraph:
        order = {cid: i for i, cid in enumerate(self.clusters)}
        nodes = tuple(sorted(self.nodes.values(), key=lambda n: (order.get(n.cluster, -1), n.id)))
        edges = tuple(sorted(self.edges.values(), key=lambda e: e.id))
        actors = sorted({a for n in nodes for a in n.actors})
        colours = tuple((a, self.c.vocabulary.actors[a].colour) for a in actors
                        if a in self.c.vocabulary.actors and self.c.vocabulary.actors[a].colour)
        big = len(nodes) > LARGE_GRAPH if large is None else large
        return MapGraph(map_name(view, target), view, target, title, nodes, edges, tuple(self.clusters.values()),
                        legend(nodes, edges, colours, self.c), grid=grid, rankdir=rankdir, large=big,
                        colours=colours, stacked=stacked)


# ---------------------------------------------------------------------------------------
# The views


def overview(corpus: Corpus, target: str | None, *, max_nodes: int = DEFAULT_MAX_NODES, large: bool | None = None,
             **_: Any) -> MapGraph:
    """The thesis and the main claims, grouped by section; the rest is one click away in the section maps."""
    if max_nodes < 1:
        raise ViewError(f"max_nodes must be at least 1 (got {max_nodes})")
    thesis = [t for t in (corpus.paper.thesis if corpus.paper else ()) if t in corpus.claims]
    thesis += sorted(c.id for c in corpus.claims.values() if c.kind.value == "thesis" and c.id not in thesis)
    dist: dict[str, int] = {}
    for t in thesis:
        for cid, steps in neighbourhood(corpus, t, len(corpus.claims) + 1).items():
            dist[cid] = min(steps, dist.get(cid, steps))
    degree: dict[str, int] = {}
    for r in corpus.relations.values():
        for end in (r.source, r.target):
            degree[end] = degree.get(end, 0) + 1
    sec_order = {s.id: i for i, s in enumerate(corpus.section_order())}
    rank = {k: i for i, k in enumerate(OVERVIEW_KINDS)}
    candidates = [c for c in corpus.claims.values() if c.kind.value in rank and c.id not in thesis]
    chain = support_distance(corpus, thesis)
    candidates.sort(key=lambda c: (chain.get(c.id, 1 << 30), dist.get(c.id, 1 << 30), rank[c.kind.value],
                                   -degree.get(c.id, 0),
                                   sec_order.get(c.section, 1 << 30), c.id))
    chosen = (thesis + [c.id for c in candidates])[:max_nodes]
    d = _Draw(corpus)
    for s in corpus.section_order():
        d.section_cluster(s.id)
    for cid in chosen:
        d.claim(cid, cluster=corpus.claims[cid].section if corpus.claims[cid].section in d.clusters else "")
    for s in corpus.section_order():
        hidden = len(corpus.claims_in(s.id)) - sum(1 for cid in chosen if corpus.claims[cid].section == s.id)
        if hidden:
            noun = "claims" if hidden != 1 else "claim"
            d.placeholder(f"{s.id}~more", "more", f"+{hidden} more in this section",
                          f"{hidden} more {noun}: open the map of {plain_text(s.title)}", f"sections/{s.id}/", s.id)
        if s.topics or (s.coverage is Coverage.NOT_ENCODED and not corpus.claims_in(s.id)):
            n = len(s.topics)
            label = f"{n} topic{'s' if n != 1 else ''} not yet mapped" if n else "Not yet mapped"
            d.placeholder(f"{s.id}~topics", "topic", label,
                          f"{plain_text(s.title)}: {label[0].lower() + label[1:]} (announced by the paper)",
                          f"sections/{s.id}/", s.id)
    d.arguments()
    d.relations()
    title = corpus.paper.title if corpus.paper else "Overview"
    return d.finish("overview", None, f"Overview: {title}", large=large, stacked=True)


def support_distance(corpus: Corpus, roots: list[str]) -> dict[str, int]:
    """Claims → how many support steps (relations or arguments) lead from them up to one of ``roots``."""
    backers: dict[str, set[str]] = {}
    for r in corpus.relations.values():
        if r.type is RelationType.SUPPORTS and r.source in corpus.claims:
            backers.setdefault(r.target, set()).add(r.source)
    for a in corpus.arguments.values():
        if a.type is RelationType.SUPPORTS:
            backers.setdefault(a.conclusion, set()).update(a.premises)
    dist = {r: 0 for r in roots}
    frontier = list(roots)
    while frontier:
        nxt = []
        for cur in frontier:
            for b in sorted(backers.get(cur, ())):
                if b not in dist:
                    dist[b] = dist[cur] + 1
                    nxt.append(b)
        frontier = nxt
    return dist


def section(corpus: Corpus, target: str | None, *, large: bool | None = None, outside_evidence: bool = True,
            **_: Any) -> MapGraph:
    """One section's claims and their direct neighbours (the claims and evidence one step away, the
    section's arguments); neighbours from other sections drawn pale. Evidence filed with the
    section but bearing on no claim of it is not drawn (it is on the evidence pages).
    ``outside_evidence=False`` (the PDF) leaves out evidence filed in other sections: the printed
    text lists it under each claim it bears on, and it made the map too big to print legibly."""
    assert target is not None
    sec = corpus.sections[target]
    d = _Draw(corpus)
    d.section_cluster(target)
    own = [c.id for c in corpus.claims_in(target)]
    near: set[str] = set()
    for nid in own:
        near.update(k for k in neighbourhood(corpus, nid, 1) if k not in own)
    for nid in own + [e.id for e in corpus.evidence_in(target) if e.id in near]:
        d.add(nid, cluster=target)
    d.topics(target, cluster=target)
    outside = {k for k in near if k not in d.nodes and (outside_evidence or k not in corpus.evidence)}
    for a in corpus.arguments.values():
        if a.section == target:
            outside.update(k for k in (*a.premises, a.conclusion) if k not in d.nodes)
    for nid in sorted(outside):
        home = corpus.claims[nid].section if nid in corpus.claims else getattr(corpus.evidence.get(nid), "section", "")
        cluster = d.section_cluster(home, faded=True) if home and home not in d.clusters else home
        d.add(nid, cluster=cluster if cluster in d.clusters else "", faded=True)
    d.arguments()
    d.relations()
    return d.finish("section", target, f"Section: {sec.title}", large=large)


def claim(corpus: Corpus, target: str | None, *, depth: int = DEFAULT_DEPTH, large: bool | None = None,
          **_: Any) -> MapGraph:
    """One claim and everything within ``depth`` steps of it."""
    assert target is not None
    if depth < 0:
        raise ViewError(f"depth must be 0 or more (got {depth})")
    d = _Draw(corpus)
    for nid in sorted(neighbourhood(corpus, target, depth)):
        d.add(nid)
    d.claim(target, focus=True)
    d.arguments()
    d.relations()
    return d.finish("claim", target, f"Claim: {claim_label(corpus, target)}", large=large)


def full(corpus: Corpus, target: str | None, *, large: bool | None = None, **_: Any) -> MapGraph:
    """Everything: every claim, argument, evidence item and open topic, grouped by section."""
    d = _Draw(corpus)
    for s in corpus.section_order():
        d.section_cluster(s.id)
        for nid in [c.id for c in corpus.claims_in(s.id)] + [e.id for e in corpus.evidence_in(s.id)]:
            d.add(nid, cluster=s.id)
        d.topics(s.id, cluster=s.id)
    for nid in sorted(set(corpus.claims) | set(corpus.evidence)):
        if nid not in d.nodes:
            d.add(nid)
    d.arguments()
    d.relations()
    title = corpus.paper.title if corpus.paper else "All claims"
    return d.finish("full", None, f"Full map: {title}", large=large, stacked=True)


def comparison(corpus: Corpus, target: str | None, **_: Any) -> MapGraph:
    """Subjects as columns, one row per dimension compared, each row's verdict at its end."""
    assert target is not None
    comp = corpus.comparisons[target]
    actors = corpus.vocabulary.actors
    d = _Draw(corpus)
    header = [f"{comp.id}~dimension"]
    d.placeholder(header[0], "row", "Dimension", "What is compared", "", "")
    for subj in comp.subjects:
        name = actors[subj].label if subj in actors else subj
        nid = f"{comp.id}~subject~{subj}"
        d.nodes[nid] = MapNode(nid, "subject", name, f"Subject: {name}", actors=(subj,))
        header.append(nid)
    header.append(f"{comp.id}~verdict")
    d.placeholder(header[-1], "row", "Verdict", "How the subjects compare on this dimension", "", "")
    grid = [tuple(header)]
    dims = corpus.vocabulary.dimensions
    for row in comp.rows:
        rid = f"{row.id}~label"
        dim = dims[row.dimension].label if row.dimension in dims else row.dimension
        d.placeholder(rid, "row", row.label, f"{plain_text(row.label)}" + (f" ({dim})" if dim else ""), "", "")
        line = [rid]
        cells = dict(row.cells)
        for subj in comp.subjects:
            nid = f"{row.id}~{subj}"
            cid = cells.get(subj)
            if cid is not None and cid in corpus.claims:
                d.claim(cid)
                node = d.nodes.pop(cid)
                d.nodes[nid] = MapNode(nid, "claim", node.label, node.tooltip, node.link, node.subkind, node.basis,
                                       node.actors)
            else:
                d.placeholder(nid, "empty", "(no claim)", "No claim maps this cell yet", "", "")
            line.append(nid)
        vid = f"{row.id}~verdict"
        d.nodes[vid] = MapNode(vid, "verdict", row.verdict.value,
                               f"Verdict: {row.verdict.value}"
                               + (f": {plain_text(row.because)}" if row.because else ""),
                               "", row.verdict.value)
        line.append(vid)
        grid.append(tuple(line))
    return d.finish("comparison", target, f"Comparison: {comp.title}", rankdir="TB", large=False, grid=tuple(grid))


_BUILDERS = {"overview": overview, "section": section, "claim": claim, "full": full,
             "comparison": comparison}


def build_view(corpus: Corpus, view: str, target: str | None = None, **options: Any) -> MapGraph:
    """Build one view. Options: ``max_nodes`` (overview), ``depth`` (claim), ``large`` (force large mode),
    ``outside_evidence`` (section: draw evidence filed in other sections, as the site does)."""
    if view not in VIEWS:
        raise ViewError(f"unknown view {view!r}; expected one of: {', '.join(VIEWS)}")
    if view in TARGETS:
        table: Mapping[str, object] = {"section": corpus.sections, "claim": corpus.claims,
                                 "comparison": corpus.comparisons}[view]
        if not target:
            raise ViewError(f"the {view} view needs a {TARGETS[view]} id")
        target = corpus.aliases.get(target, target) if view == "claim" else target
        if target not in table:
            names = sorted(table)
            known = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "") if names else "none"
            raise ViewError(f"unknown {TARGETS[view]} {target!r} (known: {known})")
    elif target:
        raise ViewError(f"the {view} view takes no id (got {target!r})")
    builder = _BUILDERS[view]
    graph: MapGraph = builder(corpus, target, **options)
    return graph
