"""The diff map: what an :class:`~argmap.diff.ArgumentDiff` added, removed and changed, drawn.

Built with the ``graphviz`` package directly rather than as a ``MapGraph``: a diff map needs
node and edge states (added, removed, changed, context) that the map views do not have, and
its nodes come from two corpora. Every state differs in line style, border and a text tag
([+], [−], [~]) as well as in colour (Okabe–Ito blue, vermillion and orange, safe for
colour-blind readers), so the map reads in greyscale too. Node ids are synthetic (``n0``,
``n1`` ... in sorted order) and user text is escaped, so the DOT is deterministic and safe.
"""

from __future__ import annotations

from typing import Any, cast

import graphviz

from argmap.authoring.diff import NOTHING, ArgumentDiff, KindDiff, record
from argmap.maps.labels import wrap

STATES: dict[str, dict[str, str]] = {
    "added": {"tag": "[+] added", "color": "#0072B2", "fillcolor": "#E3EFF9", "style": "filled,bold",
              "penwidth": "2.5"},
    "removed": {"tag": "[−] removed", "color": "#D55E00", "fillcolor": "#FBE9DF", "style": "filled,dashed",
                "penwidth": "1.5"},
    "changed": {"tag": "[~] changed", "color": "#E69F00", "fillcolor": "#FDF3DD", "style": "filled",
                "penwidth": "1.5", "peripheries": "2"},
    "context": {"tag": "", "color": "#888888", "fillcolor": "#FFFFFF", "style": "filled,dotted", "penwidth": "1"},
}
EDGE_STYLE = {"added": "bold", "removed": "dashed", "changed": "solid", "context": "dotted"}
EDGE_TAG = {"added": "+ ", "removed": "− ", "changed": "~ ", "context": ""}


def _node_text(d: ArgumentDiff, ident: str) -> tuple[str, str]:
    """(kind, text) of a claim, evidence item or argument in either corpus."""
    for corpus in (d.new, d.old):
        if corpus is None:
            continue
        if ident in corpus.claims:
            c = corpus.claims[ident]
            return "claim", c.label or c.text
        if ident in corpus.evidence:
            e = corpus.evidence[ident]
            return "evidence", e.label or e.summary
        if ident in corpus.arguments:
            a = corpus.arguments[ident]
            return "argument", a.label or "argument"
        if ident in corpus.relations:
            r = corpus.relations[ident]
            return "relation", f"{r.source} {r.type.value} {r.target}"
        if ident in corpus.sources:
            return "source", corpus.sources[ident].title
    return "claim", ident


def _label(tag: str, ident: str, text: str) -> str:
    lines = ([tag] if tag else []) + [ident] + wrap(text, 28, 4)
    return "\\n".join(graphviz.escape(line) for line in lines)


def _record(d: ArgumentDiff, kd: KindDiff, state: str, ident: str, table: str) -> dict[str, Any] | None:
    """What the diff knows of an object: its record (old ids already translated through renames)."""
    if state == "added":
        return kd.added[ident]
    if state == "removed":
        return kd.removed[ident]
    obj = getattr(d.new, table).get(ident) if d.new is not None else None
    return None if obj is None else record(obj)


def _citing(d: ArgumentDiff, sid: str, state: str) -> list[str]:
    """The evidence items that cite a source, on the side where the source exists."""
    corpus = d.old if state == "removed" else d.new
    if corpus is None:
        return []
    return sorted(e.id for e in corpus.evidence.values() if sid in e.sources)


def build_dot(d: ArgumentDiff) -> str:
    """The diff map as DOT source."""
    states: dict[str, str] = {}
    renamed: dict[str, str] = {}
    for kind in ("claim", "evidence", "argument", "source"):
        kd = d.kinds[kind]
        states.update({i: "added" for i in kd.added})
        states.update({i: "removed" for i in kd.removed})
        states.update({c.id: "changed" for c in kd.changed})
        renamed.update({c.id: c.renamed_from for c in kd.changed if c.renamed_from})
    edges: list[tuple[str, str, str, str]] = []  # (source, target, label, state)
    rel = d.kinds["relation"]
    for state, members in (("added", list(rel.added)), ("removed", list(rel.removed)),
                           ("changed", [c.id for c in rel.changed])):
        for rid in members:
            r = _record(d, rel, state, rid, "relations")
            if r is not None:
                edges.append((r["source"], r["target"], r["type"], state))
    args = d.kinds["argument"]
    for state, members in (("added", list(args.added)), ("removed", list(args.removed)),
                           ("changed", [c.id for c in args.changed])):
        for aid in members:
            a = _record(d, args, state, aid, "arguments")
            if a is not None:
                edges += [(p, aid, "premise", state) for p in a["premises"]]
                edges.append((aid, a["conclusion"], "supports", state))
    sources = d.kinds["source"]
    for state, members in (("added", list(sources.added)), ("removed", list(sources.removed)),
                           ("changed", [c.id for c in sources.changed])):
        for sid in members:
            edges += [(sid, eid, "cited by", "context" if state == "changed" else state)
                      for eid in _citing(d, sid, state)]
    for source, target, _, _ in edges:
        states.setdefault(source, "context")
        states.setdefault(target, "context")

    g = graphviz.Digraph("diff", graph_attr={"rankdir": "BT", "fontname": "Noto Sans", "nodesep": "0.3"},
                         node_attr={"shape": "box", "fontname": "Noto Sans", "fontsize": "10"},
                         edge_attr={"fontname": "Noto Sans", "fontsize": "9"})
    ids = {ident: f"n{i}" for i, ident in enumerate(sorted(states))}
    for ident in sorted(states):
        style = STATES[states[ident]]
        kind, text = _node_text(d, ident)
        attrs = {k: v for k, v in style.items() if k != "tag"}
        attrs["shape"] = {"evidence": "note", "argument": "hexagon", "relation": "ellipse",
                          "source": "folder"}.get(kind, "box")
        tag = f"[~] renamed from {renamed[ident]}" if ident in renamed else style["tag"]
        g.node(ids[ident], _label(tag, ident, text), tooltip=graphviz.escape(f"{kind} {ident}"), **attrs)
    for source, target, label, state in sorted(edges):
        colour = STATES[state]["color"]
        g.edge(ids[source], ids[target], label=graphviz.escape(EDGE_TAG[state] + label), color=colour,
               fontcolor=colour, style=EDGE_STYLE[state], penwidth=STATES[state]["penwidth"])
    if not states:
        g.node("empty", NOTHING, shape="plaintext")
    with g.subgraph(name="cluster_legend") as legend:
        legend.attr(label="Legend", fontsize="10", style="dashed", color="#888888")
        for i, name in enumerate(("added", "removed", "changed", "context")):
            style = STATES[name]
            attrs = {k: v for k, v in style.items() if k != "tag"}
            legend.node(f"legend{i}", graphviz.escape(style["tag"] or "unchanged (context)"), **attrs)
    return cast(str, g.source)


def render_map(d: ArgumentDiff, fmt: str = "svg") -> bytes:
    """The diff map as SVG (or ``dot``/``pdf``/``png``) through argmap's one Graphviz choke point."""
    from argmap.maps.svg import render

    return render(build_dot(d), fmt=fmt, name="diff")
