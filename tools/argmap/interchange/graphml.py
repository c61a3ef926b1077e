"""GraphML for yEd and Gephi, written by networkx (which escapes all text by XML's rules).

Text attributes hold what the claim's Markdown shows (:func:`argmap.interchange.plaintext.visible_text`),
never HTML entities: GraphML readers show attribute values as they are.

Nodes: claims, evidence items and arguments (premises → argument → conclusion), plus an
``inference`` node for every relation that something undercuts (source → inference → target),
because GraphML edges cannot be the end of another edge. Every other relation is an edge.

Node data: ``label`` (Gephi shows it), ``kind`` (claim, evidence, argument, inference),
``claim_kind``, ``basis``, ``section``, ``text``, ``acceptability`` (grounded label).
Edge data: ``type`` (supports, attacks, undercuts, qualifies, contrasts, rephrases, premise, conclusion),
``basis``, ``relation`` (the relation id), ``because``.
"""

from __future__ import annotations

import re
from typing import Any

import networkx as nx

from argmap.core.model import Corpus
from argmap.core.semantics import Labelling, label_all
from argmap.interchange.plaintext import visible_text

#: Characters that XML 1.0 cannot hold at all, even escaped.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NODE_KEYS = ("label", "kind", "claim_kind", "basis", "section", "text", "acceptability", "argument_type")
_EDGE_KEYS = ("type", "basis", "relation", "because")


def _clean(value: str) -> str:
    return _XML_BAD.sub("\ufffd", str(value))


def _short(text: str, limit: int = 80) -> str:
    s = visible_text(text)
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def to_graph(corpus: Corpus, labelling: Labelling | None = None) -> nx.MultiDiGraph:
    """The corpus as a networkx multigraph with string attributes only (for GraphML);
    ``labelling``: the corpus' grounded labelling when known (else it is worked out here)."""
    labels = label_all(corpus) if labelling is None else labelling
    undercut = {r.target for r in corpus.relations.values() if r.type.value == "undercuts"}
    undercut |= {a.conclusion for a in corpus.arguments.values() if a.type.value == "undercuts"}
    g = nx.MultiDiGraph(name=_clean(visible_text(corpus.paper.title)) if corpus.paper else "argmap")

    def node(nid: str, **data: str) -> None:
        g.add_node(str(nid), **{k: _clean(data.get(k, "")) for k in _NODE_KEYS})

    def edge(a: str, b: str, key: str, **data: str) -> None:
        g.add_edge(str(a), str(b), key=str(key), **{k: _clean(data.get(k, "")) for k in _EDGE_KEYS})

    for cid in sorted(corpus.claims):
        c = corpus.claims[cid]
        node(cid, label=visible_text(c.label) or _short(c.text), kind="claim", claim_kind=c.kind.value,
             basis=c.basis.value, section=c.section, text=visible_text(c.text), acceptability=labels.claims[cid])
    for eid in sorted(corpus.evidence):
        e = corpus.evidence[eid]
        node(eid, label=visible_text(e.label) or _short(e.summary), kind="evidence", basis="", section=e.section,
             text=visible_text(e.summary), acceptability=labels.evidence[eid])
    for aid in sorted(corpus.arguments):
        a = corpus.arguments[aid]
        node(aid, label=visible_text(a.label) or aid, kind="argument", basis=a.basis.value, section=a.section,
             text=visible_text(a.because), acceptability=labels.inferences[aid], argument_type=a.type.value)
        for p in a.premises:
            edge(p, aid, f"{aid}:premise:{p}", type="premise", basis=a.basis.value, relation=aid)
        # A joint attack or undercut: the attackers meet at the argument node, which attacks the target.
        edge(aid, a.conclusion, f"{aid}:conclusion", type="conclusion" if a.type.value == "supports" else a.type.value,
             basis=a.basis.value, relation=aid)
    for rid in sorted(corpus.relations):
        r = corpus.relations[rid]
        data = {"type": r.type.value, "basis": r.basis.value, "relation": rid, "because": visible_text(r.because)}
        if rid in undercut:
            node(rid, label=r.type.value, kind="inference", basis=r.basis.value, section=r.section,
                 text=visible_text(r.because), acceptability=labels.inferences[rid])
            edge(r.source, rid, f"{rid}:from", **data)
            edge(rid, r.target, f"{rid}:to", **data)
        else:
            edge(r.source, r.target, rid, **data)
    for n in list(g.nodes):  # a reference to an unknown id (a corpus with errors)
        if not g.nodes[n]:
            node(n, label=n, kind="unknown")
    return g


def to_graphml(corpus: Corpus, labelling: Labelling | None = None) -> str:
    """GraphML text (UTF-8, with an XML declaration), identical for identical corpora."""
    lines: list[Any] = list(nx.generate_graphml(to_graph(corpus, labelling), encoding="utf-8", prettyprint=True))
    text = "\n".join(lines)
    if not text.startswith("<?xml"):
        text = '<?xml version="1.0" encoding="UTF-8"?>\n' + text
    return text + "\n"
