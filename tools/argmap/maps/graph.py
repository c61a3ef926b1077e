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
