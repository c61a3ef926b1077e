"""The legend of a map: the readers' words for each node and edge style, and the entries for
exactly the styles a map uses."""

from __future__ import annotations

from argmap.core.model import Corpus
from argmap.maps.graph import LegendEntry, MapEdge, MapNode

CLAIM_KIND_LABELS = {
    "thesis": "Thesis", "claim": "Claim", "premise": "Premise", "counterclaim": "Counterclaim",
    "method": "Method", "scope": "Scope",
}
EDGE_LABELS = {
    "supports": "supports", "attacks": "attacks", "undercuts": "undercuts (attacks the step, not the claim)",
    "qualifies": "qualifies (limits or conditions)", "contrasts": "contrasts (set against, no attack)",
    "rephrases": "rephrases (the same claim in other words)",
    "premise": "premise of an argument (linked premises meet at a junction)",
}
NODE_LEGEND = {
    "argument": "Argument: linked premises, needed together",
    "evidence:paper": "Evidence cited by the paper",
    "evidence:context": "Context evidence, added by contributors",
    "basis:reconstructed": "Dashed border: reconstructed (a contributor's reading)",
    "topic": "Not yet mapped (a topic the paper announces)",
    "more": "More in the section map",
    "faded": "Pale: from another section",
}


def legend(nodes: tuple[MapNode, ...], edges: tuple[MapEdge, ...], colours: tuple[tuple[str, str], ...],
           corpus: Corpus) -> tuple[LegendEntry, ...]:
    """Legend entries for exactly the styles these nodes and edges use, in a fixed order."""
    out: list[LegendEntry] = []
    kinds = {n.subkind for n in nodes if n.kind == "claim"}
    out += [LegendEntry("node", f"claim:{k}", CLAIM_KIND_LABELS[k]) for k in CLAIM_KIND_LABELS if k in kinds]
    used = {n.kind for n in nodes}
    used |= {f"evidence:{n.subkind}" for n in nodes if n.kind == "evidence"}
    if any(n.basis == "reconstructed" and n.kind == "claim" for n in nodes):
        used.add("basis:reconstructed")
    if any(n.faded for n in nodes):
        used.add("faded")
    out += [LegendEntry("node", k, v) for k, v in NODE_LEGEND.items() if k in used]
    ekinds = {e.kind for e in edges}
    out += [LegendEntry("edge", k, v) for k, v in EDGE_LABELS.items() if k in ekinds]
    actors = corpus.vocabulary.actors
    for a, colour in colours:
        mark = actor_mark(actors[a].label, actors[a].alt_labels)
        out.append(LegendEntry("actor", a, f"{actors[a].label}: border colour, “{mark}:” before the label",
                               colour, mark))
    return tuple(out)


def actor_mark(label: str, alt_labels: tuple[str, ...] = ()) -> str:
    """An actor's short name, the cue that survives a greyscale print beside its colour: its first
    alternative label written as a capitalised abbreviation (ROK, US, PRC), else its label."""
    for alt in alt_labels:
        if 2 <= len(alt) <= 4 and alt.isascii() and alt.isalpha() and alt.isupper():
            return alt
    return label
