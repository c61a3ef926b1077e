"""Structured evaluation in the sense of Carneades (CAES: Gordon, Prakken and Walton 2007;
Gordon and Walton 2016), over the claims, arguments, relations and issues of a corpus.

What becomes what (documented in ``docs/reference/acceptability.md``):

* every claim is a *statement*; ``assumed: true`` makes it an assumption, and every evidence
  item is one (a fact with a source);
* every argument is a *pro argument* for its conclusion, weighed by its ``weighing`` and
  ``weight``; every ``supports`` relation is a linked argument with one premise;
* an ``attacks`` relation from S to T is an argument from S for the *contrary* of T, a
  statement that joins T's issue (or, when T is at no issue, makes one with T);
* an ``undercuts`` relation from U to an argument or relation makes U its *undercutter*: the
  argument is undercut when some undercutter is ``in``, not undercut when all are ``out``;
* ``qualifies`` and ``contrasts`` do not take part.

The labelling, from "everything undecided":

1. an assumption is ``in``; a statement that is neither assumed nor the conclusion of an argument
   is ``out``, and so is a position of an issue with an assumed position, itself not assumed;
2. an argument is *settled* when it is undercut, or when it is not undercut and none of its
   premises is undecided; its weight is 0 when undercut, else its weighing's value times its
   weight;
3. a statement at no issue is ``in`` when one of its arguments is settled with a weight above 0,
   and ``out`` when all of them are settled with weight 0 (so with no argument at all);
4. an issue whose positions' arguments are all settled is resolved by its proof standard: the
   position whose best argument outweighs the best of every other position (as the standard
   demands) is ``in``, all the others ``out``.

Rules 3 and 4 are applied until nothing changes; what is left is ``undecided``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from argmap.core.model import Corpus, RelationType

IN, OUT, UNDECIDED = "in", "out", "undecided"
ALPHA, BETA = 0.5, 0.3  # clear and convincing: margin above ALPHA; beyond doubt: con below BETA
CONTRARY = "¬"  # prefix of the contrary of an attacked claim (never part of an id)


@dataclass(frozen=True)
class CArgument:
    id: str
    premises: tuple[str, ...]
    conclusion: str
    weighing: str = "linked"
    weight: float = 1.0
    undercutters: tuple[str, ...] = ()


@dataclass(frozen=True)
class CIssue:
    id: str
    positions: tuple[str, ...]
    standard: str = "preponderance"


@dataclass(frozen=True)
class Graph:
    statements: tuple[str, ...]
    assumed: frozenset[str]
    arguments: tuple[CArgument, ...]
    issues: tuple[CIssue, ...]


@dataclass(frozen=True)
class Evaluation:
    """Statement labels, argument weights (of settled arguments) and the issue each position is at."""

    labels: Mapping[str, str]
    weights: Mapping[str, float]
    undercut: Mapping[str, str]
    issue_of: Mapping[str, str] = field(default_factory=dict)


def graph_of(corpus: Corpus) -> Graph:
    """The Carneades argument graph of a corpus (see the module docstring)."""
    statements = list(corpus.claims) + list(corpus.evidence)
    assumed = {c.id for c in corpus.claims.values() if c.assumed} | set(corpus.evidence)
    undercutters: dict[str, list[str]] = {}
    for rel in corpus.relations.values():
        if rel.type is RelationType.UNDERCUTS:
            undercutters.setdefault(rel.target, []).append(rel.source)
    issues = {i.id: list(i.positions) for i in corpus.issues.values()}
    standard = {i.id: i.standard for i in corpus.issues.values()}
    at_issue = {p: iid for iid, ps in issues.items() for p in ps}

    def contrary_of(target: str) -> str:
        """The statement an attack on ``target`` argues for; it joins ``target``'s issue."""
        contrary = CONTRARY + target
        if contrary not in statements:
            statements.append(contrary)
            iid = at_issue.get(target)
            if iid is None:
                iid = at_issue[target] = CONTRARY + target
                issues[iid] = [target]
                standard[iid] = "preponderance"
            issues[iid].append(contrary)
            at_issue[contrary] = iid
        return contrary

    args: list[CArgument] = []
    for a in corpus.arguments.values():
        if a.conclusion not in corpus.claims or a.type is RelationType.UNDERCUTS:
            continue  # a joint undercut has no Carneades form (an undercutter is one statement)
        conclusion = contrary_of(a.conclusion) if a.type is RelationType.ATTACKS else a.conclusion
        args.append(CArgument(a.id, tuple(a.premises), conclusion, a.weighing, a.weight,
                              tuple(sorted(undercutters.get(a.id, ())))))
    for rel in corpus.relations.values():
        if rel.target not in corpus.claims:
            continue
        if rel.type is RelationType.SUPPORTS:
            args.append(CArgument(rel.id, (rel.source,), rel.target,
                                  undercutters=tuple(sorted(undercutters.get(rel.id, ())))))
        elif rel.type is RelationType.ATTACKS:
            args.append(CArgument(rel.id, (rel.source,), contrary_of(rel.target),
                                  undercutters=tuple(sorted(undercutters.get(rel.id, ())))))
    return Graph(tuple(statements), frozenset(assumed), tuple(args),
                 tuple(CIssue(iid, tuple(ps), standard[iid]) for iid, ps in issues.items()))


def _premise_fraction(arg: CArgument, labels: Mapping[str, str], issue_premises: int) -> float:
    if not arg.premises:
        return 1.0
    n_in = sum(1 for p in arg.premises if labels.get(p) == IN)
    if arg.weighing == "convergent":
        return 1.0 if n_in else 0.0
    if arg.weighing == "cumulative":
        return n_in / len(arg.premises)
    if arg.weighing == "factorized":
        if any(labels.get(p) == OUT for p in arg.premises):
            return 0.0
        return n_in / max(issue_premises, len(set(arg.premises)))
    return 1.0 if n_in == len(arg.premises) else 0.0


def _beats(standard: str, w1: float, w2: float) -> bool:
    if standard == "dialectical-validity":
        return w1 > 0 and w2 == 0
    if standard == "clear-and-convincing":
        return w1 > w2 and w1 - w2 > ALPHA
    if standard == "beyond-reasonable-doubt":
        return w1 > w2 and w1 - w2 > ALPHA and w2 < BETA
    return w1 > w2


def evaluate(graph: Graph) -> Evaluation:
    """The Carneades labelling of ``graph`` (the least fixed point of the rules above)."""
    labels: dict[str, str] = {}
    by_conclusion: dict[str, list[CArgument]] = {s: [] for s in graph.statements}
    for arg in graph.arguments:
        by_conclusion.setdefault(arg.conclusion, []).append(arg)
    issue_of = {p: i for i in graph.issues for p in i.positions}
    premises_at: dict[str, int] = {
        i.id: len({p for pos in i.positions for a in by_conclusion.get(pos, ()) for p in a.premises})
        for i in graph.issues
    }
    for s in graph.statements:
        if s in graph.assumed:
            labels[s] = IN
        elif not by_conclusion.get(s):
            labels[s] = OUT
    for with_assumption in graph.issues:
        if any(p in graph.assumed for p in with_assumption.positions):
            for p in with_assumption.positions:
                labels.setdefault(p, OUT)
    weights: dict[str, float] = {}
    undercut: dict[str, str] = {}

    def settle(arg: CArgument) -> float | None:
        """The weight of a settled argument; None while it is not settled."""
        if arg.id in weights:
            return weights[arg.id]
        u = [labels.get(x, UNDECIDED) for x in arg.undercutters]
        state = IN if IN in u else OUT if all(x == OUT for x in u) else UNDECIDED
        if state == IN:
            weights[arg.id], undercut[arg.id] = 0.0, IN
        elif state == OUT and all(labels.get(p, UNDECIDED) != UNDECIDED for p in arg.premises):
            at = issue_of.get(arg.conclusion)
            n = premises_at[at.id] if at is not None else len(set(arg.premises))
            weights[arg.id] = round(_premise_fraction(arg, labels, n) * arg.weight, 9)
            undercut[arg.id] = OUT
        return weights.get(arg.id)

    changed = True
    while changed:
        changed = False
        for s in graph.statements:
            if s in labels:
                continue
            issue = issue_of.get(s)
            if issue is None:
                ws = [settle(a) for a in by_conclusion.get(s, ())]
                if any(w is not None and w > 0 for w in ws):
                    labels[s] = IN
                elif all(w is not None for w in ws):
                    labels[s] = OUT
                else:
                    continue
                changed = True
                continue
            best: dict[str, float] = {}
            ready = True
            for pos in issue.positions:
                ws = [settle(a) for a in by_conclusion.get(pos, ())]
                if any(w is None for w in ws):
                    ready = False
                    break
                best[pos] = max((w for w in ws if w is not None), default=0.0)
            if not ready:
                continue
            winner = next((p for p in issue.positions if best[p] > 0 and all(
                _beats(issue.standard, best[p], best[q]) for q in issue.positions if q != p)), None)
            for pos in issue.positions:
                labels[pos] = IN if pos == winner else OUT
            changed = True
    full = {s: labels.get(s, UNDECIDED) for s in graph.statements}
    return Evaluation(full, weights, undercut, {p: i.id for p, i in issue_of.items()})


def carneades_labels(corpus: Corpus) -> dict[str, str]:
    """Claim id → label under Carneades semantics, sorted by id."""
    ev = evaluate(graph_of(corpus))
    return {cid: ev.labels[cid] for cid in sorted(corpus.claims)}
