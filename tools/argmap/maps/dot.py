"""MapGraph → DOT source, through the ``graphviz`` package.

Text from claim files is never spliced into DOT: labels are wrapped, then escaped with
:func:`graphviz.escape` (which also stops ``<…>`` being read as an HTML-like label), and node
names are synthetic ids made of ``[A-Za-z0-9_-]`` only. Styles are chosen so that kinds and
relations differ in shape, line style and arrowhead as well as colour (no red/green pairs), so
maps stay readable for colour-blind readers and in greyscale print.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any, cast

import graphviz

from argmap.maps.dotquote import Digraph
from argmap.maps.graph import LegendEntry, MapEdge, MapGraph, MapNode
from argmap.maps.labels import clean, wrap

DEFAULT_URL_PREFIX = "@@ROOT@@"
FONT = "Helvetica,Arial,sans-serif"
FADED_FILL, FADED_LINE, FADED_TEXT = "#f4f4f4", "#c0c0c0", "#8a8a8a"

#: Claim kind → (shape, style, fill). Rounded boxes for claims, square ones for premises ...
CLAIM_STYLE: dict[str, tuple[str, str, str]] = {
    "thesis": ("box", "rounded,filled,bold", "#f9dfa6"),
    "claim": ("box", "rounded,filled", "#cfe3f3"),
    "premise": ("box", "filled", "#eaf2f8"),
    "counterclaim": ("box", "filled,diagonals", "#ead3e3"),
    "method": ("box3d", "filled", "#e8e8e8"),
    "scope": ("box", "filled", "#f5f5f5"),
}
#: Edge kind → (line style, arrowhead, colour, pen width). Each differs in style, head and colour.
EDGE_STYLE: dict[str, tuple[str, str, str, str]] = {
    "supports": ("solid", "normal", "#0072b2", "1.4"),
    "attacks": ("dashed", "tee", "#d55e00", "2"),
    "undercuts": ("dotted", "box", "#cc79a7", "2.2"),
    "qualifies": ("tapered", "odiamond", "#e69f00", "3"),
    "contrasts": ("dotted", "odot", "#555555", "1"),
    "rephrases": ("bold", "onormal", "#009e73", "1.2"),
    "premise": ("solid", "none", "#333333", "1.2"),
}
#: Directions in which an edge runs from the lower node (evidence, premise) to the upper (its
#: conclusion): bottom to top, or left to right (print's section maps).
UPWARD = ("BT", "LR")
#: Node kinds whose border takes their (first coloured) actor's colour, and whose label its short name.
ACTOR_BORDER = ("claim", "evidence", "subject", "topic")
VERDICT_FILL = {"diverge": "#f9dfa6", "converge": "#cfe3f3", "partial": "#e8e8e8", "open": "#ffffff"}
WRAP = {"claim": (26, 4), "evidence": (24, 3), "topic": (24, 3), "argument": (16, 2), "cluster": (44, 2),
        "subject": (20, 2), "row": (20, 3), "verdict": (14, 1), "empty": (14, 1), "more": (24, 2), "legend": (44, 2)}
BACKSLASH = "\u29f5"
_UNSAFE = re.compile(r"[^A-Za-z0-9-]")


def safe_id(text: str) -> str:
    """A DOT/SVG/CSS-safe id: ``[A-Za-z0-9-]`` kept, anything else as ``_hex_`` (so it stays unique)."""
    return _UNSAFE.sub(lambda m: f"_{ord(m.group()):x}_", text)


def _amp(text: str) -> str:
    """Graphviz decodes HTML entities in labels (and keeps them in SVG tooltips): write ``&`` as ``&amp;``."""
    return text.replace("&", "&amp;")


@functools.lru_cache(maxsize=1 << 16)  # a claim's label is written into every map that shows it
def text_label(text: str, kind: str) -> str:
    """Wrapped, escaped label text (``\\n`` between lines), safe to hand to the graphviz package."""
    width, lines = WRAP.get(kind, (26, 4))
    return cast(str, graphviz.nohtml("\\n".join(graphviz.escape(_amp(line)) for line in wrap(text, width, lines))))


@functools.lru_cache(maxsize=1 << 16)
def esc(text: str) -> str:
    """Escape plain text for a tooltip.

    Control and format characters go (as in labels), ``&`` becomes ``&amp;``, and a backslash is
    drawn as U+29F5 (⧵): Graphviz 2.43 expands escape sequences in tooltips twice, so no
    escaping of ``\\`` survives every version.
    """
    return cast(str, graphviz.nohtml(_amp(clean(text)).replace("\\", BACKSLASH)))


def esc_url(url: str) -> str:
    return cast(str, graphviz.escape(url))


def to_dot(graph: MapGraph, *, url_prefix: str | None = DEFAULT_URL_PREFIX, id_prefix: str = "",
           legend: bool = True) -> str:
    """DOT source for ``graph``. ``url_prefix`` None draws no links; ``id_prefix`` keeps SVG ids unique per page."""
    return _Writer(graph, url_prefix, safe_id(id_prefix) if id_prefix else "", legend).write()


class _Writer:
    def __init__(self, graph: MapGraph, url_prefix: str | None, prefix: str, legend: bool) -> None:
        self.g = graph
        self.url_prefix = url_prefix
        self.p = prefix
        self.legend = legend
        self.colours = dict(graph.colours)
        self.marks = {e.key: e.mark for e in graph.legend if e.group == "actor" and e.mark}
        self.n_invis = 0
        self.below = ""  # the lowest anchor of a stacked map: the legend goes under it

    def write(self) -> str:
        g = self.g
        dot = Digraph(name=safe_id(g.name))
        attrs: dict[str, str] = {
            "rankdir": g.rankdir, "fontname": FONT, "fontsize": "12", "nodesep": "0.3", "ranksep": "0.45",
            "id": f"{self.p}graph", "class": f"am-map am-view-{g.view}",
            "newrank": "true", "outputorder": "edgesfirst", "bgcolor": "transparent",
        }
        if not g.nodes:  # a legend on its own: its lines close together
            attrs.update(ranksep="0.12", nodesep="0.2")
        if g.large:
            # Large-graph mode: bound network-simplex and crossing-minimisation work, straight lines,
            # and no section clusters (clusters multiply dot's work and trip its ranking on big graphs).
            attrs.update({"nslimit": "2", "nslimit1": "2", "mclimit": "0.3", "searchsize": "20",
                          "remincross": "false", "splines": "line"})
            del attrs["newrank"]
        dot.attr("graph", **attrs)
        dot.attr("node", fontname=FONT, fontsize="11", margin="0.12,0.06")
        dot.attr("edge", fontname=FONT, fontsize="10")
        by_cluster: dict[str, list[MapNode]] = {}
        for n in g.nodes:
            by_cluster.setdefault(n.cluster, []).append(n)
        in_grid = {nid for row in g.grid for nid in row}
        clusters = () if g.large else g.clusters
        drawn = [(c, [n for n in by_cluster.get(c.id, []) if n.id not in in_grid]) for c in clusters]
        drawn = [(c, members) for c, members in drawn if members]
        # Stacking costs Graphviz 4-5x the layout time of side-by-side sections: not in large-graph mode.
        stack = g.stacked and not g.large and len(drawn) > 1
        home = {n.id: n.cluster for n in g.nodes}
        inner: dict[str, list[MapEdge]] = {}
        for e in g.edges:
            if home.get(e.source) and home.get(e.source) == home.get(e.target):
                inner.setdefault(home[e.source], []).append(e)
        for c, members in drawn:
            with dot.subgraph(name=f"cluster_{safe_id(c.id)}") as sub:
                cattrs = {"label": text_label(c.label, "cluster"), "id": f"{self.p}c-{safe_id(c.id)}",
                          "class": "am-cluster" + (" am-faded" if c.faded else ""), "style": "rounded,filled",
                          "fillcolor": "#fafafa" if c.faded else "#f3f3f3",
                          "color": FADED_LINE if c.faded else "#aaaaaa",
                          "fontcolor": FADED_TEXT if c.faded else "#222222", "tooltip": esc(c.label),
                          "labelloc": "b" if g.rankdir == "BT" else "t"}
                cattrs.update(self._url(c.link))
                sub.attr(**cattrs)
                for n in members:
                    self._node(sub, n)
                pairs = [self._pairs(safe_id(e.source), safe_id(e.target)) for e in inner.get(c.id, [])]
                pairs += self._rows(sub, members, pairs)
                if stack:
                    self._anchors(sub, c.id, members, pairs)
        if stack:
            # Sections one under another in reading order (an invisible edge from each to the next).
            for (a, _), (b, _) in itertools.pairwise(drawn):
                self._up(dot, f"{safe_id(b.id)}.top", f"{safe_id(a.id)}.bottom")
            self.below = f"{safe_id(drawn[-1][0].id)}.bottom"
        nodes = {n.id: n for n in g.nodes}
        for n in by_cluster.get("", []) + [n for n in g.nodes if n.cluster and n.cluster not in
                                            {c.id for c in clusters}]:
            if n.id not in in_grid:
                self._node(dot, n)
        self._grid(dot, nodes)
        for e in g.edges:
            # In a map of stacked sections only a section's own lines shape its layout; lines between
            # sections follow the stacking instead of fighting it.
            free = stack and home.get(e.source) != home.get(e.target)
            self._edge(dot, e, free=free)
        if self.legend and g.legend:
            # A legend on its own (printed under its map): two entries a line unless the map says.
            self._legend(dot, per_row=g.legend_per_row or (3 if g.nodes else 2))
        return cast(str, dot.source)

    # layout helpers ----------------------------------------------------------------------
    def _up(self, parent: graphviz.Digraph, lower: str, upper: str) -> None:
        """An invisible edge that puts ``upper`` above ``lower`` whichever way the map runs."""
        tail, head = (lower, upper) if self.g.rankdir in UPWARD else (upper, lower)
        self._invis(parent, tail, head)

    def _invis(self, parent: graphviz.Digraph, tail: str, head: str, **attrs: str) -> None:
        """A layout-only edge, with an id of its own so no Graphviz default id (edge12) can clash."""
        self.n_invis += 1
        parent.edge(tail, head, style="invis", id=f"{self.p}i{self.n_invis}", **attrs)

    def _pairs(self, a: str, b: str) -> tuple[str, str]:
        """(lower, upper) for an edge from ``a`` to ``b`` in this map's direction."""
        return (a, b) if self.g.rankdir in UPWARD else (b, a)

    def _rows(self, sub: graphviz.Digraph, members: list[MapNode], inner: list[tuple[str, str]],
              width: int = 4) -> list[tuple[str, str]]:
        """Nodes with no line to another node of their cluster, in rows of ``width`` (not one endless rank).

        Returns the (lower, upper) pairs it added, as DOT names.
        """
        linked = {x for pair in inner for x in pair}
        loose = [n for n in members if safe_id(n.id) not in linked]
        loose.sort(key=lambda n: (n.kind in ("more", "topic"), n.id))
        added = []
        for a, b in zip(loose, loose[width:], strict=False):
            self._up(sub, safe_id(b.id), safe_id(a.id))
            added.append((safe_id(b.id), safe_id(a.id)))
        return added

    def _anchors(self, sub: graphviz.Digraph, cluster: str, members: list[MapNode],
                 inner: list[tuple[str, str]]) -> None:
        """Invisible top and bottom nodes that hold a cluster in its own band of ranks.

        Only the highest and lowest members are tied to them (the rest follow through the
        cluster's own edges), which keeps big maps cheap to lay out.
        """
        top, bottom = f"{safe_id(cluster)}.top", f"{safe_id(cluster)}.bottom"
        for name in (top, bottom):
            sub.node(name, label="", shape="point", style="invis", width="0", height="0", id=f"{self.p}{name}")
        has_upper = {lower for lower, _ in inner}
        has_lower = {upper for _, upper in inner}
        for n in members:
            name = safe_id(n.id)
            if name not in has_upper:
                self._up(sub, name, top)
            if name not in has_lower:
                self._up(sub, bottom, name)

    # pieces ------------------------------------------------------------------------------
    def _url(self, link: str) -> dict[str, str]:
        if self.url_prefix is None or not link:
            return {}
        return {"URL": esc_url(self.url_prefix + link), "target": "_top"}

    def _node(self, parent: graphviz.Digraph, n: MapNode, *, name: str = "", nid: str = "") -> None:
        attrs = node_style(n, self.colours)
        attrs["id"] = nid or f"{self.p}n-{safe_id(n.id)}"
        if n.kind != "junction":
            attrs["label"] = text_label(self._marked(n), n.kind)
        attrs["tooltip"] = esc(n.tooltip or n.label)
        attrs.update(self._url(n.link))
        parent.node(name or safe_id(n.id), **attrs)

    def _marked(self, n: MapNode) -> str:
        """The node's label, after the short name of the actor whose colour its border takes
        ("ROK: ..."): the cue that tells the actors apart in greyscale."""
        if n.kind not in ACTOR_BORDER or n.kind == "subject" or not n.label:
            return n.label
        actor = next((a for a in n.actors if a in self.colours), "")
        mark = self.marks.get(actor, "")
        if not mark or n.label.casefold().startswith(mark.casefold()):  # "Japan: ..." says it already
            return n.label
        return f"{mark}: {n.label}"

    def _edge(self, parent: graphviz.Digraph, e: MapEdge, *, free: bool = False) -> None:
        style, head, colour, pen = EDGE_STYLE.get(e.kind, EDGE_STYLE["supports"])
        classes = ["am-edge", f"am-{e.kind}"]
        if e.basis == "reconstructed":
            classes.append("am-reconstructed")
        if e.faded:
            classes.append("am-faded")
            colour = FADED_LINE
        attrs: dict[str, Any] = {"id": f"{self.p}e-{safe_id(e.id)}", "class": " ".join(classes), "style": style,
                                 "arrowhead": head if e.arrow else "none", "color": colour, "penwidth": pen,
                                 "tooltip": esc(e.tooltip or e.kind)}
        if free:
            attrs["constraint"] = "false"
        if e.kind == "contrasts":
            attrs.update({"dir": "both", "arrowtail": "odot" if e.arrow else "none"})
        parent.edge(safe_id(e.source), safe_id(e.target), **attrs)

    def _grid(self, dot: graphviz.Digraph, nodes: dict[str, MapNode]) -> None:
        """Rows of a grid share a rank, in column order; columns are held straight by heavy invisible edges."""
        rows = self.g.grid
        for i, row in enumerate(rows):
            with dot.subgraph(name=f"row{i}") as sub:
                sub.attr(rank="same")
                for nid in row:
                    self._node(sub, nodes[nid])
                for a, b in itertools.pairwise(row):
                    self._invis(sub, safe_id(a), safe_id(b), weight="5")
        for upper, lower in itertools.pairwise(rows):
            for a, b in zip(upper, lower, strict=False):
                self._invis(dot, safe_id(a), safe_id(b), weight="20")

    def _legend(self, dot: graphviz.Digraph, per_row: int = 3) -> None:
        """The legend: a sample of each style the map uses with its meaning, ``per_row`` to a line."""
        entries = self.g.legend
        with dot.subgraph(name="cluster_legend") as sub:
            sub.attr(label="Legend", id=f"{self.p}legend", **{"class": "am-legend"}, style="rounded", color="#aaaaaa",
                     labelloc="b" if self.g.rankdir == "BT" else "t", tooltip="Legend",
                     fontcolor="#222222", fontsize="11")
            firsts: list[str] = []
            for start in range(0, len(entries), per_row):
                with sub.subgraph(name=f"legendrow{start}") as row:
                    row.attr(rank="same")
                    prev = ""
                    for i in range(start, min(start + per_row, len(entries))):
                        entry, base = entries[i], f"legend{i}"
                        self._legend_sample(row, entry, base)
                        row.node(f"{base}t", label=text_label(entry.label, "legend"), shape="plaintext", fontsize="10",
                                 id=f"{self.p}{base}t", **{"class": "am-legend-text"})
                        if prev:
                            self._invis(row, prev, f"{base}s")
                        self._invis(row, f"{base}s2" if entry.group == "edge" else f"{base}s", f"{base}t")
                        prev = f"{base}t"
                firsts.append(f"legend{start}s")
            for upper, lower in itertools.pairwise(firsts):
                self._up(sub, lower, upper)
        if self.below:
            self._up(dot, firsts[0], self.below)

    def _legend_sample(self, row: graphviz.Digraph, entry: LegendEntry, base: str) -> None:
        ident = {"class": "am-legend-sample"}
        if entry.group == "edge":
            row.node(f"{base}s", label="", shape="point", width="0.06", id=f"{self.p}{base}s", **ident)
            row.node(f"{base}s2", label="", shape="point", width="0.06", id=f"{self.p}{base}s2", **ident)
            style, head, colour, pen = EDGE_STYLE[entry.key]
            extra = {"dir": "both", "arrowtail": "odot"} if entry.key == "contrasts" else {}
            row.edge(f"{base}s", f"{base}s2", style=style, arrowhead=head, color=colour, penwidth=pen, minlen="2",
                     id=f"{self.p}{base}e", **{"class": f"am-edge am-{entry.key}"}, **extra)
            return
        kind, _, sub = entry.key.partition(":")
        if entry.group == "actor":
            sample = MapNode(base, "claim", "", subkind="claim", basis="stated", actors=(entry.key,))
        elif kind == "claim":
            sample = MapNode(base, "claim", "", subkind=sub, basis="stated")
        elif kind == "basis":
            sample = MapNode(base, "claim", "", subkind="claim", basis="reconstructed")
        elif kind == "faded":
            sample = MapNode(base, "claim", "", subkind="claim", basis="stated", faded=True)
        else:
            sample = MapNode(base, kind, "", subkind=sub)
        attrs = node_style(sample, self.colours)
        attrs.update({"label": entry.mark or "", "width": "0.45", "height": "0.25", "id": f"{self.p}{base}s",
                      "class": "am-legend-sample"})
        if entry.mark:
            attrs["fontsize"] = "9"
        if sample.kind in ("argument",):
            attrs.update({"width": "0.25", "height": "0.25"})
        row.node(f"{base}s", **attrs)


def node_style(n: MapNode, colours: dict[str, str]) -> dict[str, str]:
    """Graphviz attributes for a node's kind (no label, id or link)."""
    classes = ["am-node", f"am-{n.kind}"]
    fontcolor, line, pen = "#1a1a1a", "#444444", "1"
    if n.kind == "claim":
        shape, style, fill = CLAIM_STYLE.get(n.subkind, CLAIM_STYLE["claim"])
        if n.subkind != "claim":
            classes.append(f"am-{n.subkind}")
        pen = "2.2" if n.subkind == "thesis" else "1.2"
    elif n.kind == "evidence":
        paper = n.subkind == "paper"
        shape, style, fill = ("note", "filled", "#f3e9c6") if paper else ("folder", "filled", "#f7f7f7")
        classes.append(f"am-{n.subkind}")
    elif n.kind == "argument":
        shape, style, fill, fontcolor, line = "ellipse", "filled", "#444444", "#ffffff", "#222222"
    elif n.kind == "junction":
        shape, style, fill = "point", "filled", "#333333"
    elif n.kind == "topic":
        shape, style, fill, fontcolor, line = "box", "rounded,dotted,filled", "#ffffff", "#595959", "#777777"
    elif n.kind == "more":
        shape, style, fill, fontcolor = "plaintext", "", "", "#0b5394"
    elif n.kind == "subject":
        shape, style, fill, pen = "box", "filled,bold", "#ffffff", "2"
    elif n.kind == "row":
        shape, style, fill = "plaintext", "", ""
    elif n.kind == "verdict":
        shape, style, fill = "box", "rounded,filled" + (",dashed" if n.subkind == "open" else ""), \
            VERDICT_FILL.get(n.subkind, "#ffffff")
        classes.append(f"am-verdict-{n.subkind}")
    else:  # empty cell and anything new
        shape, style, fill, fontcolor, line = "box", "dotted", "", "#595959", "#999999"
    if n.basis == "reconstructed" and n.kind in ("claim", "argument"):
        style = ",".join(filter(None, [style, "dashed"]))
        classes.append("am-reconstructed")
    actor = next((colours[a] for a in n.actors if a in colours), "")
    if actor and n.kind in ACTOR_BORDER:
        line, pen = actor, str(max(float(pen), 2.0))
    if n.focus:
        pen = "3.5"
        classes.append("am-focus")
    if n.faded:
        line = FADED_LINE
        if n.kind == "argument":
            fill = "#a8a8a8"  # stays dark enough for its white text
        else:
            fontcolor, fill = FADED_TEXT, FADED_FILL if fill else fill
        classes.append("am-faded")
    attrs = {"shape": shape, "color": line, "fontcolor": fontcolor, "penwidth": pen, "class": " ".join(classes)}
    if style:
        attrs["style"] = style
    if fill:
        attrs["fillcolor"] = fill
    if n.kind == "claim" and n.subkind in ("scope", "thesis"):
        # A double border: thesis (rounded, bold) and scope (square) differ from other claims in greyscale.
        attrs["peripheries"] = "2"
    if n.kind == "junction":
        attrs.update({"width": "0.09", "label": ""})
    if n.kind == "argument":
        attrs.update({"fontsize": "9", "margin": "0.06,0.02"})
    return attrs
