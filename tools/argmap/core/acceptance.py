"""Labels under every named semantics, and why each claim has its label.

``grounded`` is argmap's labelling (:mod:`argmap.core.semantics`); ``complete``, ``preferred``
and ``stable`` are the sceptical labellings of the same framework written as a Dung framework
(:mod:`argmap.core.dung`); ``carneades`` is the structured evaluation of
:mod:`argmap.core.carneades`.

The Dung framework of a corpus: one argument per claim, evidence item, relation and argument;
each ``attacks`` and ``undercuts`` relation attacks its target; and each dependence of an
inference on what it starts from (a relation on its source, an argument on each premise) is an
auxiliary argument ``!x`` ("x is not accepted") that ``x`` attacks and that attacks the
inference. ``!x`` is ``in`` exactly when ``x`` is ``out``, so the complete labellings of this
framework are the labellings argmap's rules allow, and its grounded labelling is argmap's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from argmap.core import dung
from argmap.core.carneades import evaluate, graph_of
from argmap.core.model import Corpus, RelationType
from argmap.core.schema import SEMANTICS
from argmap.core.semantics import DEFEATING, IN, OUT, UNDECIDED, Labelling, label_all

__all__ = ["SEMANTICS", "Status", "claim_labels", "framework", "labelling", "statuses"]
NOT = "!"  # prefix of the auxiliary "not accepted" arguments ('!' never occurs in ids)


def framework(corpus: Corpus) -> dung.Framework:
    """The Dung framework of ``corpus`` (see the module docstring)."""
    nodes = set(corpus.claims) | set(corpus.evidence) | set(corpus.relations) | set(corpus.arguments)
    attacks: set[tuple[str, str]] = set()
    depends: list[tuple[str, str]] = [(aid, p) for aid, a in corpus.arguments.items() for p in a.premises]
    depends += [(rid, r.source) for rid, r in corpus.relations.items()]
    aux: set[str] = set()
    for node, dep in depends:
        if dep in nodes:
            aux.add(NOT + dep)
            attacks.add((dep, NOT + dep))
            attacks.add((NOT + dep, node))
    for rid, rel in corpus.relations.items():
        if rel.type in DEFEATING and rel.target in nodes:
            attacks.add((rid, rel.target))
    for aid, arg in corpus.arguments.items():  # a joint attack or undercut: the argument attacks
        if arg.type in DEFEATING and arg.conclusion in nodes:
            attacks.add((aid, arg.conclusion))
    return dung.Framework.of(nodes | aux, attacks)


def _split(corpus: Corpus, labels: Mapping[str, str]) -> Labelling:
    return Labelling(
        claims={k: labels[k] for k in sorted(corpus.claims)},
        evidence={k: labels[k] for k in sorted(corpus.evidence)},
        inferences={k: labels[k] for k in sorted(set(corpus.relations) | set(corpus.arguments))},
    )


def labelling(corpus: Corpus, semantics: str = "grounded") -> Labelling:
    """Labels of every claim, evidence item, relation and argument under ``semantics``."""
    if semantics == "grounded":
        return label_all(corpus)
    if semantics == "carneades":
        ev = evaluate(graph_of(corpus))
        labels = dict(ev.labels)
        for aid in list(corpus.arguments) + list(corpus.relations):
            w = ev.weights.get(aid)
            labels[aid] = UNDECIDED if w is None else IN if w > 0 else OUT
        return _split(corpus, labels)
    if semantics not in SEMANTICS:
        raise ValueError(f"unknown semantics {semantics!r}; use one of {', '.join(SEMANTICS)}")
    return _split(corpus, dung.labelling(framework(corpus), semantics).labels)


def claim_labels(corpus: Corpus, semantics: str = "grounded") -> dict[str, str]:
    """Claim id → ``in`` | ``out`` | ``undecided`` under ``semantics``, sorted by id."""
    return dict(labelling(corpus, semantics).claims)


@dataclass(frozen=True, slots=True)
class Status:
    """A claim's label under one semantics and why: the inferences that carry it (supports and
    arguments that hold) and those that defeat it (attacks and undercuts that hold, or under
    Carneades the arguments for a rival position that won)."""

    semantics: str
    label: str
    carried_by: tuple[str, ...] = ()
    defeated_by: tuple[str, ...] = ()
    assumed: bool = False
    failed: tuple[str, ...] = ()  # attacks on an ``in`` claim that do not hold


def statuses(corpus: Corpus, semantics: str = "grounded",
             lab: Labelling | None = None) -> dict[str, Status]:
    """Claim id → :class:`Status` under ``semantics`` (``lab``: its labelling, when known)."""
    lab = labelling(corpus, semantics) if lab is None else lab
    inf = lab.inferences
    pro: dict[str, list[str]] = {c: [] for c in corpus.claims}
    con: dict[str, list[str]] = {c: [] for c in corpus.claims}
    for rid, rel in corpus.relations.items():
        if rel.target in pro:
            if rel.type is RelationType.SUPPORTS:
                pro[rel.target].append(rid)
            elif rel.type is RelationType.ATTACKS:
                con[rel.target].append(rid)
    for aid, arg in corpus.arguments.items():
        if arg.conclusion in pro:
            (con if arg.type is RelationType.ATTACKS else pro)[arg.conclusion].append(aid)
    if semantics == "carneades":
        for issue in corpus.issues.values():
            for p in issue.positions:
                if p in con:
                    con[p].extend(x for q in issue.positions if q != p and q in pro for x in pro[q])
    out: dict[str, Status] = {}
    for cid, label in lab.claims.items():
        holding = IN if label != UNDECIDED else UNDECIDED
        carried = tuple(sorted(x for x in pro[cid] if inf.get(x) == IN))
        defeated = tuple(sorted(x for x in con[cid] if inf.get(x) == holding))
        assumed = semantics == "carneades" and corpus.claims[cid].assumed
        failed = tuple(sorted(x for x in con[cid] if inf.get(x) == OUT)) if label == IN else ()
        out[cid] = Status(semantics, label, carried if label != OUT else (), defeated if label != IN else (), assumed,
                          failed)
    return out


@dataclass(frozen=True)
class Summary:
    """What the site and the PDF show: each claim's status under the chosen semantics, label
    counts under every semantics, and the claims whose label differs between semantics."""

    chosen: str
    statuses: Mapping[str, Status]
    counts: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # semantics → ((label, n), ...)
    differing: tuple[tuple[str, tuple[str, ...]], ...]  # claim id → its label under each semantics
    names: tuple[str, ...] = SEMANTICS


def summary(corpus: Corpus, chosen: str | None = None, names: tuple[str, ...] = SEMANTICS) -> Summary:
    """The :class:`Summary` of ``corpus``; ``chosen`` defaults to the paper's ``semantics``."""
    if chosen is None:
        chosen = corpus.paper.semantics if corpus.paper is not None else "grounded"
    if chosen not in SEMANTICS:  # only a model built by hand can hold another name
        chosen = "grounded"
    per = {name: labelling(corpus, name) for name in names}
    counts = tuple((name, tuple((label, n) for label, n in per[name].counts().items())) for name in names)
    differing = tuple((cid, tuple(per[n].claims[cid] for n in names)) for cid in sorted(corpus.claims)
                      if len({per[n].claims[cid] for n in names}) > 1)
    lab = per[chosen] if chosen in per else labelling(corpus, chosen)
    return Summary(chosen, statuses(corpus, chosen, lab), counts, differing, names)
