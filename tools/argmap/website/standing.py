"""A claim's acceptability label in readers' words: who defeats it, who carries it, and whether
the paper itself states a claim that only contributors' material challenges.

The labels come from :mod:`argmap.core.semantics` (a :class:`~argmap.core.semantics.Labelling`);
:func:`standing` only reads them, so another semantics can be plugged in by handing it another
labelling with the same fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from argmap.core.model import Corpus, Relation, RelationType
from argmap.core.semantics import IN, OUT, Labelling

DEFEATING = (RelationType.ATTACKS, RelationType.UNDERCUTS)


@dataclass(frozen=True)
class Standing:
    label: str                              # "in" | "out" | "undecided"
    defeaters: tuple[Relation, ...]         # attacks and undercuts on it that stand (label in)
    answered: tuple[Relation, ...]          # attacks and undercuts on it that are themselves defeated
    open_attacks: tuple[Relation, ...]      # attacks neither standing nor defeated (undecided)
    carriers: tuple[Relation, ...]          # supports into it whose step stands
    challenged_by_contributors: bool        # stated by the paper; every defeater is contributors' material


def contributed(corpus: Corpus, rel: Relation) -> bool:
    """True when a relation is contributors' material: reconstructed, or from context evidence or a
    reconstructed claim."""
    if rel.basis.value == "reconstructed":
        return True
    if rel.source in corpus.evidence:
        return corpus.evidence[rel.source].provenance.value == "context"
    src = corpus.claims.get(rel.source)
    return src is not None and src.basis.value == "reconstructed"


def standing(corpus: Corpus, labelling: Labelling, cid: str, incoming: list[Relation]) -> Standing | None:
    """How claim ``cid`` stands, from ``labelling``; ``incoming`` are the relations aimed at it."""
    label = labelling.claims.get(cid)
    if label is None:
        return None
    inf = labelling.inferences
    attacks = [r for r in incoming if r.type in DEFEATING]
    defeaters = tuple(r for r in attacks if inf.get(r.id) == IN)
    answered = tuple(r for r in attacks if inf.get(r.id) == OUT)
    open_attacks = tuple(r for r in attacks if inf.get(r.id) not in (IN, OUT))
    carriers = tuple(r for r in incoming if r.type is RelationType.SUPPORTS and inf.get(r.id) == IN)
    claim = corpus.claims[cid]
    challenged = (label == OUT and claim.basis.value == "stated" and bool(defeaters)
                  and all(contributed(corpus, r) for r in defeaters))
    return Standing(label, defeaters, answered, open_attacks, carriers, challenged)
