"""Dung's abstract argumentation frameworks: complete, preferred, stable and grounded extensions.

The extensions are found by clingo (the Potassco answer-set solver) from guess-and-check
encodings written from the textbook definitions (Dung 1995; Baroni, Caminada and Giacomin
2011), in the style ASPARTIX made common:

* a set ``S`` is *conflict-free* when no member attacks another;
* *admissible* when it is conflict-free and every attacker of a member is attacked by ``S``;
* *complete* when it is admissible and holds every argument it defends;
* *stable* when it is conflict-free and attacks every argument outside it;
* *preferred* when it is a subset-maximal complete (equivalently admissible) set, which clingo
  enumerates with its domain heuristic (``--heuristic=Domain --enum-mode=domRec``);
* the *grounded* extension is the least complete one: the intersection of all complete
  extensions, which clingo gives as the cautious consequences of the complete encoding.

Acceptance: an argument is *credulously* accepted when some extension holds it and
*sceptically* accepted when every extension does. Credulous acceptance under preferred equals
credulous acceptance under complete (every admissible set lies in a preferred one), so it is
computed as brave consequences; sceptical preferred acceptance enumerates the preferred
extensions. A framework without a stable extension accepts nothing under stable semantics
(credulously) and, by convention, reports no sceptical labelling either (see
:attr:`Labels.extensions`).

Arguments are passed to the solver as integers, so any string can name an argument.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import clingo

log = logging.getLogger(__name__)

IN, OUT, UNDECIDED = "in", "out", "undecided"
SEMANTICS = ("grounded", "complete", "preferred", "stable")

_GUESS = """
in(X) :- arg(X), not nin(X).
nin(X) :- arg(X), not in(X).
:- in(X), in(Y), att(X,Y).
defeated(X) :- in(Y), att(Y,X).
"""
_ADMISSIBLE = ":- in(X), att(Y,X), not defeated(Y).\n"
_COMPLETE = _ADMISSIBLE + """
undefended(X) :- att(Y,X), not defeated(Y).
:- nin(X), not undefended(X).
"""
_STABLE = ":- nin(X), not defeated(X).\n"
_SHOW = "#show in/1.\n#show defeated/1.\n"
_MAXIMAL = "#heuristic in(X) : arg(X). [1,true]\n"

ENCODINGS: Mapping[str, str] = {
    "admissible": _GUESS + _ADMISSIBLE,
    "complete": _GUESS + _COMPLETE,
    "stable": _GUESS + _STABLE,
    "preferred": _GUESS + _COMPLETE + _MAXIMAL,
}


@dataclass(frozen=True)
class Framework:
    """A finite argumentation framework: argument names and (attacker, attacked) pairs."""

    arguments: tuple[str, ...]
    attacks: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, arguments: Iterable[str], attacks: Iterable[tuple[str, str]]) -> Framework:
        args = tuple(sorted(set(arguments)))
        known = set(args)
        atts = tuple(sorted({(a, b) for a, b in attacks if a in known and b in known}))
        return cls(args, atts)

    def facts(self) -> str:
        index = {a: i for i, a in enumerate(self.arguments)}
        parts = [f"arg({i})." for i in range(len(self.arguments))]
        parts.extend(f"att({index[a]},{index[b]})." for a, b in self.attacks)
        return "\n".join(parts) + "\n"

    def attackers(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {a: [] for a in self.arguments}
        for a, b in self.attacks:
            out[b].append(a)
        return out


@dataclass(frozen=True)
class Labels:
    """A sceptical labelling: ``in`` in every extension, ``out`` (attacked by it) in every one.

    ``extensions`` is how many extensions there are for preferred semantics, 1 for grounded,
    and for complete and stable ``-1`` when some exist (they are not counted) or 0 when none do;
    with none, every argument is ``undecided``.
    """

    labels: Mapping[str, str]
    extensions: int


def _log_solver(code: clingo.MessageCode, message: str) -> None:
    log.debug("clingo: %s", message.strip())


def _control(af: Framework, semantics: str, args: list[str]) -> clingo.Control:
    ctl = clingo.Control(["--warn=none", *args], logger=_log_solver)
    ctl.add("base", [], ENCODINGS[semantics] + _SHOW + af.facts())
    ctl.ground([("base", [])])
    return ctl


def _models(af: Framework, semantics: str, mode: str = "auto", limit: int = 0) -> Iterator[tuple[set[int], set[int]]]:
    """(in, defeated) index sets of each model, or of the consequences for brave/cautious."""
    args = [str(limit)]
    if semantics == "preferred":
        args += ["--heuristic=Domain", "--enum-mode=domRec"]
    elif mode != "auto":
        args.append(f"--enum-mode={mode}")
    ctl = _control(af, semantics, args)
    with ctl.solve(yield_=True) as handle:
        for model in handle:
            ins: set[int] = set()
            defeated: set[int] = set()
            for sym in model.symbols(shown=True):
                (ins if sym.name == "in" else defeated).add(sym.arguments[0].number)
            yield ins, defeated


def extensions(af: Framework, semantics: str, limit: int = 0) -> list[frozenset[str]]:
    """Every extension (at most ``limit`` when it is not 0), each a set of argument names, sorted."""
    if semantics == "grounded":
        return [grounded(af)]
    names = af.arguments
    found = [frozenset(names[i] for i in ins) for ins, _ in _models(af, semantics, limit=limit)]
    return sorted(found, key=lambda s: (len(s), sorted(s)))


def _consequences(af: Framework, semantics: str, mode: str) -> tuple[set[int], set[int]] | None:
    last = None
    for model in _models(af, semantics, mode):
        last = model
    return last


def grounded(af: Framework) -> frozenset[str]:
    """The grounded extension: the cautious consequences of the complete encoding."""
    res = _consequences(af, "complete", "cautious")
    assert res is not None, "every framework has a complete extension"
    return frozenset(af.arguments[i] for i in res[0])


def credulous(af: Framework, semantics: str) -> frozenset[str]:
    """Arguments in at least one extension."""
    if semantics == "grounded":
        return grounded(af)
    mode_semantics = "complete" if semantics == "preferred" else semantics
    res = _consequences(af, mode_semantics, "brave")
    return frozenset() if res is None else frozenset(af.arguments[i] for i in res[0])


def sceptical(af: Framework, semantics: str) -> frozenset[str] | None:
    """Arguments in every extension; ``None`` when there is no extension (only under stable)."""
    res = labelling(af, semantics)
    if res.extensions == 0:
        return None
    return frozenset(a for a, lab in res.labels.items() if lab == IN)


def labelling(af: Framework, semantics: str) -> Labels:
    """The sceptical labelling of ``af`` under ``semantics`` (one of :data:`SEMANTICS`)."""
    if semantics not in SEMANTICS:
        raise ValueError(f"unknown semantics {semantics!r}")
    names = af.arguments
    count = -1
    if semantics == "preferred":
        ins: set[int] | None = None
        outs: set[int] = set()
        found = list(_models(af, "preferred"))
        for m_in, m_out in found:
            if ins is None:
                ins, outs = set(m_in), set(m_out)
            else:
                ins &= m_in
                outs &= m_out
        count = len(found)
        res: tuple[set[int], set[int]] | None = (ins or set(), outs)
    else:
        res = _consequences(af, "stable" if semantics == "stable" else "complete", "cautious")
        if semantics == "grounded":
            count = 1
        if res is None:
            count = 0
    if res is None:
        return Labels({a: UNDECIDED for a in names}, 0)
    r_in, r_out = res
    labels = {a: IN if i in r_in else OUT if i in r_out else UNDECIDED for i, a in enumerate(names)}
    log.debug("%s labelling of %d arguments (%d extensions)", semantics, len(names), count)
    return Labels(labels, count)
