"""Acceptability: grounded semantics over the attack and undercut relations of a corpus.

The framework (documented in ``docs/reference/acceptability.md``):

* Every claim and evidence item is *asserted* (the paper or a contributor puts it forward), so
  it stands unless something defeats it. Supports do not make a claim acceptable, and losing
  its support does not defeat it.
* Every relation and argument is an *inference* with a label of its own. An inference is
  ``in`` when everything it starts from is ``in`` and every undercut aimed at it is ``out``;
  ``out`` when something it starts from is ``out`` or an undercut aimed at it is ``in``.
* An attack (``attacks``) and an undercut (``undercuts``) are inferences that defeat their
  target: a target is ``out`` as soon as one of them is ``in``, and ``in`` only when all of
  them are ``out`` (for relations and arguments, on top of their own condition above).
* A joint attack (an argument with ``type: attacks`` or ``undercuts``) is an inference that
  depends on all its attackers: it defeats its target only when every attacker is ``in``, and
  it is ``undecided`` when none is ``out`` and some are ``undecided``.
* ``qualifies``, ``contrasts`` and ``rephrases`` are not attacks; they do not change labels.

The labelling is the least fixed point reached from "everything undecided", which for a plain
attack graph is Dung's grounded labelling; undercuts and the dependence of an attack on its
attacker follow ASPIC+ (attacking an attacker's premise defeats the attack).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from argmap.core.model import Corpus, RelationType

log = logging.getLogger(__name__)

IN, OUT, UNDECIDED = "in", "out", "undecided"
LABELS = (IN, OUT, UNDECIDED)
DEFEATING = (RelationType.ATTACKS, RelationType.UNDERCUTS)


@dataclass(frozen=True)
class Labelling:
    """Labels of every node: claims, evidence items, relations and arguments (sorted by id)."""

    claims: Mapping[str, str]
    evidence: Mapping[str, str]
    inferences: Mapping[str, str]  # relation and argument ids

    def counts(self) -> dict[str, int]:
        out = {label: 0 for label in LABELS}
        for label in self.claims.values():
            out[label] += 1
        return out


def _framework(corpus: Corpus) -> tuple[dict[str, tuple[str, ...]], dict[str, list[str]]]:
    """(node → what it depends on, node → the defeating inferences aimed at it)."""
    depends: dict[str, tuple[str, ...]] = {}
    defeaters: dict[str, list[str]] = {}
    for cid in corpus.claims:
        depends[cid] = ()
    for eid in corpus.evidence:
        depends[eid] = ()
    for aid, arg in corpus.arguments.items():
        depends[aid] = tuple(arg.premises)
    for rid, rel in corpus.relations.items():
        depends[rid] = (rel.source,)
    for rid, rel in corpus.relations.items():
        if rel.type in DEFEATING and rel.target in depends:
            defeaters.setdefault(rel.target, []).append(rid)
    _joint_defeaters(corpus, depends, defeaters)
    # Dependencies on unknown ids (a corpus with errors) are ignored, never guessed.
    depends = {k: tuple(d for d in v if d in depends) for k, v in depends.items()}
    return depends, defeaters


def _joint_defeaters(corpus: Corpus, depends: Mapping[str, tuple[str, ...]],
                     defeaters: dict[str, list[str]]) -> None:
    """Joint attacks and undercuts (arguments with ``type: attacks|undercuts``) defeat their conclusion.

    Such an argument is an inference that depends on all its premises, like any argument: it is
    ``in`` only when every attacker is ``in`` (and no undercut of it is), ``out`` as soon as one
    attacker is ``out``, and ``undecided`` otherwise. So the target is defeated only when all
    attackers together hold.
    """
    for aid in sorted(corpus.arguments):
        arg = corpus.arguments[aid]
        if arg.type in DEFEATING and arg.conclusion in depends:
            defeaters.setdefault(arg.conclusion, []).append(aid)


def label_all(corpus: Corpus) -> Labelling:
    """The grounded labelling of every claim, evidence item, relation and argument."""
    depends, defeaters = _framework(corpus)
    label: dict[str, str] = {}
    # Who must be revisited when a node gets a label: its dependants and defeat targets.
    watchers: dict[str, set[str]] = {n: set() for n in depends}
    for node, deps in depends.items():
        for d in deps:
            watchers[d].add(node)
    for target, rels in defeaters.items():
        for r in rels:
            watchers[r].add(target)
    queue = sorted(depends)
    queued = set(queue)
    while queue:
        node = queue.pop()
        queued.discard(node)
        if node in label:
            continue
        deps = depends[node]
        attackers = defeaters.get(node, ())
        new = ""
        if any(label.get(d) == OUT for d in deps) or any(label.get(a) == IN for a in attackers):
            new = OUT
        elif all(label.get(d) == IN for d in deps) and all(label.get(a) == OUT for a in attackers):
            new = IN
        if new:
            label[node] = new
            for w in sorted(watchers[node]):
                if w not in label and w not in queued:
                    queue.append(w)
                    queued.add(w)
    full = {n: label.get(n, UNDECIDED) for n in sorted(depends)}
    log.debug("grounded labelling of %d nodes", len(full))
    return Labelling(
        claims={k: full[k] for k in sorted(corpus.claims)},
        evidence={k: full[k] for k in sorted(corpus.evidence)},
        inferences={k: full[k] for k in sorted(set(corpus.relations) | set(corpus.arguments))},
    )


def grounded_labels(corpus: Corpus) -> dict[str, str]:
    """Claim id → ``"in"`` | ``"out"`` | ``"undecided"`` under grounded semantics, sorted by id."""
    return dict(label_all(corpus).claims)
