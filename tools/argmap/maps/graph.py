"""Views of a corpus as map graphs: what is drawn, with no DOT syntax.

A :class:`MapGraph` holds nodes, edges, clusters and a legend. Every view is a pure function of
the corpus and returns its parts sorted, so the same claims give the same graph and an unrelated
edit does not reshuffle a map. Renderers (:mod:`argmap.maps.dot`) decide how it looks.

Views: ``overview``, ``section``, ``claim``, ``comparison`` and ``full``
(see :func:`build_view`); :func:`views_for` lists every map the website needs.
"""

from __future__ import annotations

import functools
import logging
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from argmap.core.markup import plain_text
from argmap.core.model import Corpus, Coverage, RelationType

log = logging.getLogger(__name__)

VIEWS = ("overview", "section", "claim", "comparison", "full")
#: Views that need a target id, and what kind of id it is.
TARGETS = {"section": "section", "claim": "claim", "comparison": "comparison"}
DEFAULT_MAX_NODES = 60
DEFAULT_DEPTH = 2
#: Above this many nodes a graph is laid out in large-graph mode (faster, rougher).
LARGE_GRAPH = 400
#: Claim kinds shown on the overview, most important first.
OVERVIEW_KINDS = ("thesis", "claim", "counterclaim")


class ViewError(ValueError):
    """A view was asked for that cannot be built (unknown view, missing or unknown target)."""


@dataclass(frozen=True, slots=True)
class MapNode:
    """One thing drawn. ``kind``: claim, argument, evidence, junction, topic, more, subject, row, verdict, empty."""

    id: str
    kind: str
    label: str                    # full plain text; renderers wrap and shorten it
    tooltip: str = ""
    link: str = ""                # path below the site root, such as ``claims/c-x/``; "" for none
    subkind: str = ""             # claim kind, evidence provenance, verdict
    basis: str = ""               # stated | reconstructed
    actors: tuple[str, ...] = ()
    cluster: str = ""
    faded: bool = False           # a neighbour from elsewhere, drawn pale
    focus: bool = False           # the claim a claim map is about


@dataclass(frozen=True, slots=True)
class MapEdge:
    """One line. ``kind``: a relation type, or premise (premise → argument junction), or link (to a junction)."""

    id: str
    source: str
    target: str
    kind: str
    tooltip: str = ""
    basis: str = ""
    faded: bool = False
    arrow: bool = True            # False for the first half of a relation drawn through a junction


@dataclass(frozen=True, slots=True)
class MapCluster:
    id: str
    label: str
    link: str = ""
    faded: bool = False


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One line of the legend: ``group`` node, edge or actor; ``key`` the style it explains."""

    group: str
    key: str
    label: str
    colour: str = ""
    mark: str = ""      # an actor's short name, printed before the labels of its nodes (a cue besides colour)


@dataclass(frozen=True, slots=True)
class MapGraph:
    name: str                                     # file-safe and unique per map: overview, claim-c-x ...
    view: str
    target: str | None
    title: str
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    clusters: tuple[MapCluster, ...] = ()
    legend: tuple[LegendEntry, ...] = ()
    grid: tuple[tuple[str, ...], ...] = ()        # rows of node ids drawn as aligned rows and columns
    rankdir: str = "BT"
    large: bool = False
    colours: tuple[tuple[str, str], ...] = ()     # actor id → colour, for the actors this map shows
    stacked: bool = False                         # clusters one under another, in the order given
    legend_per_row: int = 0                       # legend entries to a line; 0: 3 under a map, 2 alone

    def node(self, node_id: str) -> MapNode | None:
        return next((n for n in self.nodes if n.id == node_id), None)


def map_name(view: str, target: str | None) -> str:
    """The map's name: ``overview``, ``full``, ``section-<id>``, ``claim-<id>``, ``comparison-<id>``."""
    return f"{view}-{target}" if target else view


def views_for(corpus: Corpus) -> list[tuple[str, str | None]]:
    """Every map the website needs: the overview, each section, each claim, each comparison."""
    out: list[tuple[str, str | None]] = [("overview", None)]
    out += [("section", s.id) for s in corpus.section_order()]
    out += [("claim", cid) for cid in sorted(corpus.claims)]
    out += [("comparison", cid) for cid in sorted(corpus.comparisons)]
    return out


# ---------------------------------------------------------------------------------------
# A text alternative for each map


def outline(graph: MapGraph) -> str:
    """The map as a Markdown nested list: each node, then what it bears on. Shown under every map.

    Node text is plain text escaped for Markdown; links use the same ``@@ROOT@@`` prefix as the
    SVG so the page that inlines a map can resolve both at once.
    """
    nodes = {n.id: n for n in graph.nodes}
    outgoing: dict[str, list[MapEdge]] = {}
    for e in graph.edges:
        outgoing.setdefault(e.source, []).append(e)
    # A relation drawn through a junction reads as one relation from its source to its target.
    through = {e.source: e for e in graph.edges if e.source in nodes and nodes[e.source].kind == "junction"}
    lines = [f"**{md_escape(graph.title)}**", ""]
    clusters = {c.id: c for c in graph.clusters}
    order = [c.id for c in graph.clusters] + [""]
    for cid in order:
        members = [n for n in graph.nodes if n.cluster == cid and n.kind not in ("junction",)]
        if not members:
            continue
        indent = ""
        if cid:
            lines.append(f"- {md_escape(clusters[cid].label)}")
            indent = "  "
        for n in members:
            lines.append(f"{indent}- {_outline_item(n)}")
            for e in sorted(outgoing.get(n.id, []), key=lambda e: (e.kind, e.target)):
                tgt = nodes.get(e.target)
                kind = e.kind
                if tgt is not None and tgt.kind == "junction" and e.target in through and kind != "undercuts":
                    kind = through[e.target].kind
                    tgt = nodes.get(through[e.target].target)
                elif tgt is not None and tgt.kind == "junction":
                    tgt = None
                if tgt is None:
                    target_text = "a relation"
                    if e.kind == "undercuts":
                        target_text = _junction_text(e.target, graph, nodes)
                    lines.append(f"{indent}  - {md_escape(kind)}: {target_text}")
                else:
                    verb = "premise of" if kind == "premise" else kind
                    lines.append(f"{indent}  - {md_escape(verb)}: {md_escape(_short(tgt))}")
    if graph.legend:
        lines += ["", "Legend: " + "; ".join(md_escape(e.label) for e in graph.legend)]
    return "\n".join(lines) + "\n"


def _junction_text(jid: str, graph: MapGraph, nodes: dict[str, MapNode]) -> str:
    ins = [e for e in graph.edges if e.target == jid and e.kind != "undercuts"]
    outs = [e for e in graph.edges if e.source == jid]
    if ins and outs and ins[0].source in nodes and outs[0].target in nodes:
        return (f"the step from {md_escape(_short(nodes[ins[0].source]))} "
                f"to {md_escape(_short(nodes[outs[0].target]))}")
    return "a relation"


def _short(n: MapNode) -> str:
    text = n.label
    return text if len(text) <= 80 else text[:79].rstrip() + "…"


def _outline_item(n: MapNode) -> str:
    what = n.subkind if n.kind == "claim" else n.kind
    if n.kind == "evidence":
        what = f"evidence ({n.subkind})"
    extra = ", reconstructed" if n.basis == "reconstructed" and n.kind == "claim" else ""
    text = md_escape(_short(n))
    if n.link:
        text = f"[{text}](@@ROOT@@{n.link})"
    return f"{md_escape(what)}{extra}: {text}" if what else text


_MD_SPECIAL = set("\\`*_{}[]()<>#+!|~&")


def md_escape(text: str) -> str:
    """Plain text made safe for Markdown and HTML: markup characters backslash-escaped, < > & as entities."""
    out = []
    for ch in " ".join(text.split()):
        if ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch == "&":
            out.append("&amp;")
        elif ch in _MD_SPECIAL:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------------------
# Helpers shared by the views


def claim_label(corpus: Corpus, cid: str) -> str:
    c = corpus.claims[cid]
    return c.label or _plain(c.text)


_plain = functools.lru_cache(maxsize=1 << 16)(plain_text)


def neighbourhood(corpus: Corpus, start: str, depth: int) -> dict[str, int]:
    """Claims and evidence within ``depth`` steps of ``start`` → their distance.

    A step is a relation (either direction), premise ↔ conclusion of an argument, or an undercut
    from its source to either end of the relation or argument it undercuts.
    """
    adj = adjacency(corpus)
    dist = {start: 0}
    queue = deque([start])
    while queue:
        cur = queue.popleft()
        if dist[cur] >= depth:
            continue
        for nxt in sorted(adj.get(cur, ())):
            if nxt not in dist:
                dist[nxt] = dist[cur] + 1
                queue.append(nxt)
    return dist


_ADJ: list[tuple[Corpus, dict[str, set[str]]]] = []


def adjacency(corpus: Corpus) -> dict[str, set[str]]:
    """Undirected steps between claims and evidence; remembered for the last corpus (it is frozen)."""
    if _ADJ and _ADJ[0][0] is corpus:
        return _ADJ[0][1]
    adj: dict[str, set[str]] = {}

    def link(a: str, b: str) -> None:
        if a != b:
            adj.setdefault(a, set()).add(b)
            adj.setdefault(b, set()).add(a)

    for r in corpus.relations.values():
        if r.type is RelationType.UNDERCUTS:
            for end in inference_ends(corpus, r.target):
                link(r.source, end)
        else:
            link(r.source, r.target)
    for a in corpus.arguments.values():
        ends = inference_ends(corpus, a.conclusion) if a.type is RelationType.UNDERCUTS else [a.conclusion]
        for p in a.premises:
            for end in ends:
                link(p, end)
    _ADJ[:] = [(corpus, adj)]
    return adj


def inference_ends(corpus: Corpus, target: str) -> list[str]:
    """The claims and evidence at either end of a relation or argument (what an undercut touches)."""
    rel = corpus.relations.get(target)
    if rel is not None:
        return [rel.source, rel.target]
    arg = corpus.arguments.get(target)
    if arg is not None:
        return [*arg.premises, arg.conclusion]
    return []


def open_sections(corpus: Corpus) -> list[str]:
    """Sections that are announced but not mapped yet."""
    return [s.id for s in corpus.section_order() if s.coverage is Coverage.NOT_ENCODED]


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
