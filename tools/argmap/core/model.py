"""The typed model: frozen records for everything a claim file can hold. No I/O, no rendering."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from argmap.core.diagnostics import NOWHERE, Location


class Ref(str):
    """A value as written in a claim file: a plain ``str`` that also knows where it was written.

    The location may be given as a ``(path, yaml mark)`` pair; it is turned into a
    :class:`Location` only when asked for, which keeps loading fast.
    """

    _loc: Any

    def __new__(cls, value: str, loc: Any = NOWHERE) -> Ref:
        self = super().__new__(cls, value)
        self._loc = loc
        return self

    @property
    def loc(self) -> Location:
        loc = self._loc
        if type(loc) is not Location:
            path, mark = loc
            loc = self._loc = Location(path, mark.line + 1, mark.column + 1)
        return loc

    def __reduce__(self) -> tuple[Any, ...]:
        return (Ref, (str(self), self.loc))


class ClaimKind(enum.StrEnum):
    THESIS = "thesis"
    CLAIM = "claim"
    PREMISE = "premise"
    COUNTERCLAIM = "counterclaim"
    METHOD = "method"
    SCOPE = "scope"


class Basis(enum.StrEnum):
    STATED = "stated"
    RECONSTRUCTED = "reconstructed"


class Coverage(enum.StrEnum):
    COMPLETE = "complete"
    PARTIAL = "partial"
    NOT_ENCODED = "not-encoded"


class RelationType(enum.StrEnum):
    SUPPORTS = "supports"
    ATTACKS = "attacks"
    UNDERCUTS = "undercuts"
    QUALIFIES = "qualifies"
    CONTRASTS = "contrasts"
    REPHRASES = "rephrases"


class EvidenceKind(enum.StrEnum):
    SURVEY = "survey"
    STATISTIC = "statistic"
    EVENT = "event"
    DOCUMENT = "document"
    TESTIMONY = "testimony"
    ANALYSIS = "analysis"


class Provenance(enum.StrEnum):
    PAPER = "paper"
    CONTEXT = "context"


class Verdict(enum.StrEnum):
    DIVERGE = "diverge"
    CONVERGE = "converge"
    PARTIAL = "partial"
    OPEN = "open"


@dataclass(frozen=True, slots=True)
class Locator:
    source: str
    pages: str = ""
    note: str = ""

    def __str__(self) -> str:
        return f"p. {self.pages}" if self.pages else ""


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    title: str
    section: str
    actors: tuple[str, ...] = ()
    dimension: str = ""
    note: str = ""
    loc: Location = NOWHERE


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    coverage: Coverage
    pages: str = ""
    summary: str = ""
    topics: tuple[Topic, ...] = ()
    path: str = ""
    loc: Location = NOWHERE


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    text: str
    kind: ClaimKind
    basis: Basis
    section: str
    label: str = ""
    locator: Locator | None = None
    actors: tuple[str, ...] = ()
    dimension: str = ""
    level: str = ""
    tags: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    note: str = ""
    loc: Location = NOWHERE
    assumed: bool = False  # Carneades: accepted without an argument
    #: The text in other languages: language tag → text (``text`` is in the paper's language).
    translations: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Relation:
    """A directed relation from a claim or evidence item to a claim, relation or argument."""

    id: str
    type: RelationType
    source: str
    target: str
    basis: Basis
    section: str
    because: str = ""
    explicit_id: bool = False  # the id was written in a claim file, so others may cite it
    loc: Location = NOWHERE


@dataclass(frozen=True, slots=True)
class Argument:
    id: str
    premises: tuple[str, ...]
    conclusion: str
    basis: Basis
    section: str
    label: str = ""
    because: str = ""
    locator: Locator | None = None
    note: str = ""
    loc: Location = NOWHERE
    weighing: str = "linked"  # Carneades weighing function (schema.WEIGHINGS)
    weight: float = 1.0  # Carneades: the weight when the weighing gives full weight
    #: How the premises together bear on the conclusion: ``supports`` (linked premises),
    #: ``attacks`` (a joint attack on a claim) or ``undercuts`` (a joint undercut of a relation or
    #: argument). A joint attack or undercut holds only if every premise holds.
    type: RelationType = RelationType.SUPPORTS
    #: The argumentation scheme, such as ``example`` (support by example); empty when unnamed.
    scheme: str = ""


@dataclass(frozen=True, slots=True)
class Issue:
    """Claims that answer one question; at most one of them is ``in`` under Carneades semantics."""

    id: str
    positions: tuple[str, ...]
    standard: str = "preponderance"  # schema.STANDARDS
    title: str = ""
    section: str = ""
    loc: Location = NOWHERE


@dataclass(frozen=True, slots=True)
class LabelTest:
    """Expected labels under one semantics (a ``tests:`` entry): claim id → label, in file order."""

    semantics: str
    expected: tuple[tuple[str, str, Location], ...]  # (claim id, label, where it is written)
    loc: Location = NOWHERE


@dataclass(frozen=True, slots=True)
class Evidence:
    id: str
    kind: EvidenceKind
    provenance: Provenance
    date: str
    summary: str
    section: str
    label: str = ""
    date_note: str = ""
    actors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    locator: str = ""
    url: str = ""
    tags: tuple[str, ...] = ()
    note: str = ""
    loc: Location = NOWHERE


@dataclass(frozen=True, slots=True)
class Source:
    """A CSL-YAML item. ``csl`` keeps every field as written, for formatting and export."""

    id: str
    type: str
    title: str
    csl: Mapping[str, Any] = field(default_factory=dict)
    uncertain: Mapping[str, str] = field(default_factory=dict)
    notice: str = ""  # shown wherever the source, or evidence drawn from it, appears
    loc: Location = NOWHERE


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    label: str
    colour: str = ""
    alt_labels: tuple[str, ...] = ()
    description: str = ""
    loc: Location = NOWHERE


@dataclass(frozen=True, slots=True)
class Term:
    """A dimension or level of the vocabulary. ``alt_labels``: its other names (other languages,
    synonyms such as the words a reader searches by), published on the pages and searchable."""

    id: str
    label: str
    description: str = ""
    loc: Location = NOWHERE
    alt_labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Vocabulary:
    actors: Mapping[str, Actor] = field(default_factory=dict)
    dimensions: Mapping[str, Term] = field(default_factory=dict)
    levels: Mapping[str, Term] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    label: str
    verdict: Verdict
    cells: tuple[tuple[str, str], ...]  # (subject actor id, claim id), in subject order
    dimension: str = ""
    because: str = ""
    loc: Location = NOWHERE


@dataclass(frozen=True, slots=True)
class Comparison:
    id: str
    title: str
    subjects: tuple[str, ...]
    rows: tuple[Row, ...]
    summary: str = ""
    loc: Location = NOWHERE


@dataclass(frozen=True, slots=True)
class Paper:
    source: str
    title: str
    thesis: tuple[str, ...]
    sections: tuple[str, ...]
    summary: str = ""
    coverage: str = ""
    loc: Location = NOWHERE
    semantics: str = "grounded"  # the semantics whose labels the site shows
    maintainers: tuple[str, ...] = ()   # who maintains the map (not the paper's authors)
    licence: str = ""                   # the map's licence
    map_url: str = ""                   # where the map is published


@dataclass(frozen=True)
class Corpus:
    """Everything loaded from a claims directory, indexed by id. Iteration orders are stable."""

    root: str
    paper: Paper | None
    sections: Mapping[str, Section]
    claims: Mapping[str, Claim]
    arguments: Mapping[str, Argument]
    relations: Mapping[str, Relation]
    evidence: Mapping[str, Evidence]
    sources: Mapping[str, Source]
    vocabulary: Vocabulary
    comparisons: Mapping[str, Comparison]
    aliases: Mapping[str, str]  # alias → current id
    files: tuple[str, ...] = ()
    issues: Mapping[str, Issue] = field(default_factory=dict)
    tests: tuple[LabelTest, ...] = ()

    def section_order(self) -> list[Section]:
        """Sections in the paper's reading order, then any the paper file does not list."""
        order = list(self.paper.sections) if self.paper else []
        seen = [self.sections[s] for s in order if s in self.sections]
        rest = [s for k, s in self.sections.items() if k not in set(order)]
        return seen + rest

    def claims_in(self, section: str) -> list[Claim]:
        return [c for c in self.claims.values() if c.section == section]

    def evidence_in(self, section: str) -> list[Evidence]:
        return [e for e in self.evidence.values() if e.section == section]

    def relations_from(self, node: str) -> Iterator[Relation]:
        return (r for r in self.relations.values() if r.source == node)

    def relations_to(self, node: str) -> Iterator[Relation]:
        return (r for r in self.relations.values() if r.target == node)

    def notices(self, evidence_id: str) -> tuple[str, ...]:
        """The notices of an evidence item's sources (each once, in source order)."""
        e = self.evidence.get(evidence_id)
        found = (self.sources[s].notice for s in (e.sources if e else ()) if s in self.sources)
        return tuple(dict.fromkeys(n for n in found if n))

    def kind_of(self, node_id: str) -> str:
        for kind, table in (("claim", self.claims), ("evidence", self.evidence),
                            ("argument", self.arguments), ("relation", self.relations),
                            ("section", self.sections), ("source", self.sources),
                            ("comparison", self.comparisons), ("issue", self.issues)):
            if node_id in table:
                return kind
        return ""


def iter_text_fields(corpus: Corpus) -> Iterable[tuple[str, str]]:
    """(field name, text) for every free-text field of the corpus, for link checks and search."""
    for c in corpus.claims.values():
        yield "text", c.text
        if c.note:
            yield "note", c.note
        for translated in c.translations.values():
            yield "translations", translated
    for e in corpus.evidence.values():
        yield "summary", e.summary
        if e.note:
            yield "note", e.note
    for r in corpus.relations.values():
        if r.because:
            yield "because", r.because
    for a in corpus.arguments.values():
        if a.because:
            yield "because", a.because
        if a.note:
            yield "note", a.note
    for s in corpus.sections.values():
        if s.summary:
            yield "summary", s.summary
        for t in s.topics:
            if t.note:
                yield "note", t.note
    for comp in corpus.comparisons.values():
        if comp.summary:
            yield "summary", comp.summary
        for row in comp.rows:
            if row.because:
                yield "because", row.because
    if corpus.paper is not None:
        for name, value in (("summary", corpus.paper.summary), ("coverage", corpus.paper.coverage)):
            if value:
                yield name, value
