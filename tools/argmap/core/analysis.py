"""Pure functions over a Corpus: coverage, contested and unsupported claims, counts.

Nothing here reads files or renders anything; every result is sorted so pages built from it
are deterministic. The Analysis page of the website and its statistics come from here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from argmap.core.model import Basis, ClaimKind, Corpus, Provenance, RelationType

#: Kinds of claim that are not expected to be supported by anything (they frame the paper).
FRAMING_KINDS = frozenset({ClaimKind.METHOD, ClaimKind.SCOPE})


@dataclass(frozen=True, slots=True)
class SectionCoverage:
    section: str
    title: str
    coverage: str
    claims: int
    with_evidence: int
    evidence: int
    topics_open: int

    @property
    def share(self) -> float:
        """Share of the section's claims that have at least one evidence item (0..1)."""
        return self.with_evidence / self.claims if self.claims else 0.0


@dataclass(frozen=True, slots=True)
class Counts:
    claims: int = 0
    arguments: int = 0
    relations: int = 0
    evidence: int = 0
    sources: int = 0
    sections: int = 0
    stated: int = 0
    reconstructed: int = 0
    evidence_paper: int = 0
    evidence_context: int = 0
    by_kind: tuple[tuple[str, int], ...] = ()
    by_relation: tuple[tuple[str, int], ...] = ()
    by_evidence_kind: tuple[tuple[str, int], ...] = ()
    by_coverage: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Analysis:
    counts: Counts
    coverage: tuple[SectionCoverage, ...]
    unsupported: tuple[str, ...]        # claims with neither support nor evidence
    contested: tuple[str, ...]          # claims attacked (by a claim or evidence) or undercut
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)  # claim id → evidence ids


def evidence_map(corpus: Corpus) -> dict[str, tuple[str, ...]]:
    """Claim id → evidence bearing on it (listed on the claim, or a relation from evidence), sorted."""
    out: dict[str, set[str]] = {cid: set(c.evidence) for cid, c in corpus.claims.items()}
    for r in corpus.relations.values():
        if r.source in corpus.evidence and r.target in out:
            out[r.target].add(r.source)
    return {cid: tuple(sorted(ids)) for cid, ids in out.items()}


def supported_claims(corpus: Corpus) -> set[str]:
    """Claims that something supports: a supports relation or an argument concluding in them."""
    out = {r.target for r in corpus.relations.values() if r.type is RelationType.SUPPORTS}
    out.update(a.conclusion for a in corpus.arguments.values() if a.type is RelationType.SUPPORTS)
    return out


def unsupported(corpus: Corpus, ev: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """Claims (other than method and scope statements) with neither support nor evidence."""
    ev = evidence_map(corpus) if ev is None else ev
    supported = supported_claims(corpus)
    return sorted(c.id for c in corpus.claims.values()
                  if c.kind not in FRAMING_KINDS and c.id not in supported and not ev.get(c.id))


def contested(corpus: Corpus) -> list[str]:
    """Claims that are attacked, or whose support is undercut."""
    out: set[str] = set()
    for r in corpus.relations.values():
        if r.type is RelationType.ATTACKS and r.target in corpus.claims:
            out.add(r.target)
        elif r.type is RelationType.UNDERCUTS:
            rel = corpus.relations.get(r.target)
            arg = corpus.arguments.get(r.target)
            if rel is not None and rel.target in corpus.claims:
                out.add(rel.target)
            elif arg is not None and arg.conclusion in corpus.claims:
                out.add(arg.conclusion)
    for a in corpus.arguments.values():  # joint attacks
        if a.type is RelationType.ATTACKS and a.conclusion in corpus.claims:
            out.add(a.conclusion)
    return sorted(out)


def section_coverage(corpus: Corpus, ev: dict[str, tuple[str, ...]] | None = None) -> list[SectionCoverage]:
    """Per section in reading order: claims, how many have evidence, evidence items, open topics."""
    ev = evidence_map(corpus) if ev is None else ev
    claims_by: Counter[str] = Counter(c.section for c in corpus.claims.values())
    with_ev: Counter[str] = Counter(c.section for c in corpus.claims.values() if ev.get(c.id))
    ev_by: Counter[str] = Counter(e.section for e in corpus.evidence.values())
    return [SectionCoverage(s.id, s.title, s.coverage.value, claims_by[s.id], with_ev[s.id], ev_by[s.id],
                            len(s.topics)) for s in corpus.section_order()]


def _sorted_counts(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items()))


def counts(corpus: Corpus) -> Counts:
    claims = list(corpus.claims.values())
    ev = list(corpus.evidence.values())
    return Counts(
        claims=len(claims), arguments=len(corpus.arguments), relations=len(corpus.relations),
        evidence=len(ev), sources=len(corpus.sources), sections=len(corpus.sections),
        stated=sum(1 for c in claims if c.basis is Basis.STATED),
        reconstructed=sum(1 for c in claims if c.basis is Basis.RECONSTRUCTED),
        evidence_paper=sum(1 for e in ev if e.provenance is Provenance.PAPER),
        evidence_context=sum(1 for e in ev if e.provenance is Provenance.CONTEXT),
        by_kind=_sorted_counts(Counter(c.kind.value for c in claims)),
        by_relation=_sorted_counts(Counter(r.type.value for r in corpus.relations.values())),
        by_evidence_kind=_sorted_counts(Counter(e.kind.value for e in ev)),
        by_coverage=_sorted_counts(Counter(s.coverage.value for s in corpus.sections.values())),
    )


def analyse(corpus: Corpus) -> Analysis:
    """Everything the Analysis page and the home page's counts need, in one pass."""
    ev = evidence_map(corpus)
    return Analysis(counts=counts(corpus), coverage=tuple(section_coverage(corpus, ev)),
                    unsupported=tuple(unsupported(corpus, ev)), contested=tuple(contested(corpus)), evidence=ev)
