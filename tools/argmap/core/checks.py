"""Cross-file checks: each a small function in one registry, run over the whole corpus.

A check yields :class:`~argmap.diagnostics.Diagnostic` values; none of them raises or stops
the others, so one run shows every problem.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from argmap.core import markup
from argmap.core.diagnostics import Diagnostic, Location, diag
from argmap.core.model import Corpus, Ref, RelationType, iter_text_fields
from argmap.core.validate import did_you_mean

Check = Callable[[Corpus, Mapping[str, Any]], Iterable[Diagnostic]]
REGISTRY: list[Check] = []


def check(fn: Check) -> Check:
    REGISTRY.append(fn)
    return fn


#: Checks that conclude from what is absent; skipped when a file could not be read,
#: since what it would have held is unknown.
NEEDS_ALL_FILES: set[str] = set()


def needs_all_files(fn: Check) -> Check:
    NEEDS_ALL_FILES.add(fn.__name__)
    return fn


def run_all(corpus: Corpus, ids: Mapping[str, Any], *, complete: bool = True) -> list[Diagnostic]:
    """Run every check; with ``complete=False`` (a file could not be read) skip the absence checks."""
    out: list[Diagnostic] = []
    for fn in REGISTRY:
        if complete or fn.__name__ not in NEEDS_ALL_FILES:
            out.extend(fn(corpus, ids))
    return out


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def _loc(value: object, fallback: Location) -> Location:
    return value.loc if isinstance(value, Ref) else fallback


class _Resolver:
    """Looks ids up by kind and words 'unknown reference' diagnostics with a suggestion."""

    def __init__(self, corpus: Corpus, ids: Mapping[str, Any]) -> None:
        self.corpus = corpus
        self.ids = ids
        v = corpus.vocabulary
        self.tables: dict[str, Mapping[str, Any]] = {
            "claim": corpus.claims, "evidence": corpus.evidence, "argument": corpus.arguments,
            "relation": corpus.relations, "section": corpus.sections, "source": corpus.sources,
            "actor": v.actors, "dimension": v.dimensions, "level": v.levels,
        }

    def kind(self, ident: str) -> str:
        for kind in ("claim", "evidence", "argument", "relation", "section", "source"):
            if ident in self.tables[kind]:
                return kind
        reg = self.ids.get(ident)
        return reg.kind if reg is not None else ""

    def unknown(self, field: str, ident: str, kinds: tuple[str, ...], where: Location) -> Diagnostic:
        pool: list[str] = []
        for k in kinds:
            pool.extend(self.tables[k])
        close = did_you_mean(ident, pool)
        what = " or ".join(kinds)
        code = "AM031" if kinds == ("source",) else "AM021"
        file_hint = {"source": "sources.yml", "actor": "vocabulary.yml", "dimension": "vocabulary.yml",
                     "level": "vocabulary.yml"}.get(kinds[0], "a claim file")
        return diag(
            code, f"{field!r} refers to {what} {ident!r}, which is not defined", _loc(ident, where),
            f"did you mean {close!r}?" if close else f"define it in {file_hint}, or correct the id",
        )

    def expect(self, field: str, ident: str, kinds: tuple[str, ...], where: Location) -> Iterator[Diagnostic]:
        if not ident or any(ident in self.tables[k] for k in kinds):
            return
        actual = self.kind(ident)
        if actual and actual not in kinds:
            yield diag("AM025", f"{field!r} expects {_a(' or '.join(kinds))}, but {ident!r} is {_a(actual)}",
                       _loc(ident, where), f"point {field!r} at {_a(kinds[0])}")
            return
        yield self.unknown(field, ident, kinds, where)


@check
def references(corpus: Corpus, ids: Mapping[str, Any]) -> Iterator[Diagnostic]:
    r = _Resolver(corpus, ids)
    if corpus.paper is not None:
        p = corpus.paper
        yield from r.expect("source", p.source, ("source",), p.loc)
        for thesis in p.thesis:
            yield from r.expect("thesis", thesis, ("claim",), p.loc)
        for sid in p.sections:
            yield from r.expect("sections", sid, ("section",), p.loc)
    for sec in corpus.sections.values():
        for t in sec.topics:
            for actor in t.actors:
                yield from r.expect("actors", actor, ("actor",), t.loc)
            yield from r.expect("dimension", t.dimension, ("dimension",), t.loc)
    for c in corpus.claims.values():
        if c.locator is not None:
            yield from r.expect("source", c.locator.source, ("source",), c.loc)
        for actor in c.actors:
            yield from r.expect("actors", actor, ("actor",), c.loc)
        yield from r.expect("dimension", c.dimension, ("dimension",), c.loc)
        yield from r.expect("level", c.level, ("level",), c.loc)
    for arg in corpus.arguments.values():
        for p_id in arg.premises:
            yield from r.expect("premises", p_id, ("claim",), arg.loc)
        yield from r.expect("conclusion", arg.conclusion, ("claim",), arg.loc)
        if arg.locator is not None:
            yield from r.expect("source", arg.locator.source, ("source",), arg.loc)
    for e in corpus.evidence.values():
        for s in e.sources:
            yield from r.expect("source", s, ("source",), e.loc)
        for actor in e.actors:
            yield from r.expect("actors", actor, ("actor",), e.loc)
    for comp in corpus.comparisons.values():
        for s in comp.subjects:
            yield from r.expect("subjects", s, ("actor",), comp.loc)
        for row in comp.rows:
            yield from r.expect("dimension", row.dimension, ("dimension",), row.loc)
            for subject, claim in row.cells:
                if subject not in comp.subjects:
                    yield diag("AM021", f"{subject!r} is not one of the subjects of comparison {comp.id!r}",
                               _loc(subject, row.loc), f"use one of: {', '.join(comp.subjects)}")
                yield from r.expect("cells", claim, ("claim",), row.loc)


@check
def relations(corpus: Corpus, ids: Mapping[str, Any]) -> Iterator[Diagnostic]:
    r = _Resolver(corpus, ids)
    for rel in corpus.relations.values():
        field = rel.type.value
        src_kind = r.kind(rel.source)
        if not src_kind:
            yield r.unknown("from", rel.source, ("claim", "evidence"), rel.loc)
        elif src_kind not in ("claim", "evidence"):
            yield diag("AM025", f"a relation starts from {rel.source!r}, which is {_a(src_kind)}",
                       _loc(rel.source, rel.loc), "relations start from a claim or an evidence item")
        if rel.type is RelationType.UNDERCUTS:
            kind = r.kind(rel.target)
            if not kind:
                yield r.unknown(field, rel.target, ("relation", "argument"), rel.loc)
            elif kind not in ("relation", "argument"):
                yield diag(
                    "AM024", f"{rel.source!r} undercuts {rel.target!r}, which is {_a(kind)}, not a relation",
                    _loc(rel.target, rel.loc),
                    "an undercut attacks an inference: give the relation an id and undercut that id, "
                    "or use 'attacks' to attack the claim itself",
                )
        else:
            yield from r.expect(field, rel.target, ("claim",), rel.loc)


@check
def self_support(corpus: Corpus, ids: Mapping[str, Any]) -> Iterator[Diagnostic]:
    for rel in corpus.relations.values():
        if rel.type is RelationType.SUPPORTS and rel.source == rel.target:
            yield diag("AM022", f"claim {rel.source!r} supports itself", _loc(rel.target, rel.loc),
                       "remove the relation; a claim cannot be its own reason")
    for a in corpus.arguments.values():
        if a.conclusion in a.premises:
            yield diag("AM022", f"argument {a.id!r} has its conclusion {a.conclusion!r} among its premises",
                       _loc(a.conclusion, a.loc), "remove the conclusion from the premises")


@check
def support_cycles(corpus: Corpus, ids: Mapping[str, Any]) -> Iterator[Diagnostic]:
    edges: dict[str, list[tuple[str, Location]]] = defaultdict(list)
    for rel in corpus.relations.values():
        if rel.type is RelationType.SUPPORTS and rel.source in corpus.claims and rel.target in corpus.claims \
                and rel.source != rel.target:
            edges[rel.source].append((rel.target, _loc(rel.target, rel.loc)))
    for a in corpus.arguments.values():
        for p in a.premises:
            if p != a.conclusion and p in corpus.claims and a.conclusion in corpus.claims:
                edges[p].append((a.conclusion, a.loc))
    for component in _strongly_connected(edges):
        members = set(component)
        start = min(component)
        path = _cycle_path(start, members, edges)
        loc = min(where for node in path[:-1] for target, where in edges[node] if target in members)
        yield diag("AM023", "claims support each other in a circle: " + " -> ".join(path), loc,
                   "a support must lead towards a conclusion: remove or reverse one of these relations")


def _strongly_connected(edges: Mapping[str, list[tuple[str, Location]]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; only components with more than one node."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = sorted(t for t, _ in edges.get(node, ()))
            if i < len(targets):
                work.append((node, i + 1))
                t = targets[i]
                if t not in index:
                    work.append((t, 0))
                elif t in on_stack:
                    low[node] = min(low[node], index[t])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return sorted(out)


def _cycle_path(start: str, members: set[str], edges: Mapping[str, list[tuple[str, Location]]]) -> list[str]:
    """A shortest cycle through ``start`` inside one component, as a list ending where it began."""
    prev: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            for t, _ in sorted(edges.get(node, ())):
                if t not in members:
                    continue
                if t == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(prev[path[-1]])
                    return [start] + path[::-1][1:] + [start] if len(path) > 1 else [start, start]
                if t not in prev:
                    prev[t] = node
                    nxt.append(t)
        frontier = nxt
    return [start, start]


@check
@needs_all_files
def unused_sources(corpus: Corpus, ids: Mapping[str, Any]) -> Iterator[Diagnostic]:
    used: set[str] = set()
    if corpus.paper is not None:
        used.add(corpus.paper.source)
    for c in corpus.claims.values():
        if c.locator is not None:
            used.add(c.locator.source)
    for a in corpus.arguments.values():
        if a.locator is not None:
            used.add(a.locator.source)
    for e in corpus.evidence.values():
        used.update(e.sources)
    for s in corpus.sources.values():
        if s.id not in used:
            yield diag("AM032", f"source {s.id!r} is not cited by any claim or evidence", _loc(s.id, s.loc),
                       "cite it from an evidence item's 'source', or remove it from sources.yml")


@check
@needs_all_files
def orphan_evidence(corpus: Corpus, ids: Mapping[str, Any]) -> Iterator[Diagnostic]:
    bearing = {r.source for r in corpus.relations.values()}
    for e in corpus.evidence.values():
        if e.id not in bearing:
            yield diag("AM034", f"evidence {e.id!r} bears on no claim", e.loc,
                       "add supports:, attacks: or qualifies: with the claims it bears on")


@check
def claim_links_in_text(corpus: Corpus, ids: Mapping[str, Any]) -> Iterator[Diagnostic]:
    r = _Resolver(corpus, ids)
    for field, text in iter_text_fields(corpus):
        for target in markup.claim_links(text):
            if target not in corpus.claims and target not in corpus.aliases:
                yield r.unknown(field, Ref(target, _loc(text, Location("?"))), ("claim",), _loc(text, Location("?")))


# Checks kept in modules of their own register themselves on import.
from argmap.core import filenames as _filenames  # noqa: E402,F401
