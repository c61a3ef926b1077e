"""The claim-file format: every object, every field, its type and its one-line meaning.

This table is the single definition of the format. The loader validates against it
(:mod:`argmap.core.validate`, including which fields are required and the diagnostic a missing
one gets), the cross-file checks follow each field's declared references
(:mod:`argmap.core.checks`), ``argmap schema`` turns it into a JSON Schema for editors, and a
test checks that ``docs/reference/claim-format.md`` documents every field in it. The enums are
the model's (:mod:`argmap.core.model`); the value lists here derive from them.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from argmap.core.model import Basis, ClaimKind, Coverage, EvidenceKind, Provenance, RelationType, Verdict

#: Lowercase letters and digits in words joined by single hyphens, at most 80 characters.
ID_PATTERN = r"^(?=[a-z0-9-]{1,80}$)[a-z0-9]+(?:-[a-z0-9]+)*$"  # as JSON Schema (ECMA-262) writes it
ID_RE = re.compile(ID_PATTERN.replace("$", r"\Z"))  # Python's $ would also match before a final newline
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


def values(kind: type[enum.StrEnum]) -> tuple[str, ...]:
    """An enum's values in their declared order."""
    return tuple(member.value for member in kind)


CLAIM_KINDS = values(ClaimKind)
BASES = values(Basis)
COVERAGES = values(Coverage)
RELATION_TYPES = values(RelationType)
#: The types an argument can have: linked premises support, attack jointly or undercut jointly.
ARGUMENT_TYPES = (RelationType.SUPPORTS.value, RelationType.ATTACKS.value, RelationType.UNDERCUTS.value)
EVIDENCE_KINDS = values(EvidenceKind)
PROVENANCES = values(Provenance)
VERDICTS = values(Verdict)
#: Named semantics for labels (argmap.core.acceptance); `grounded` is the default.
SEMANTICS = ("grounded", "complete", "preferred", "stable", "carneades")
#: Carneades' weighing functions: how an argument's weight follows from its premises' labels.
WEIGHINGS = ("linked", "convergent", "cumulative", "factorized")
#: Carneades' proof standards for issues.
STANDARDS = ("preponderance", "clear-and-convincing", "beyond-reasonable-doubt", "dialectical-validity")
CSL_TYPES = (
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
    "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review",
    "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
)


@dataclass(frozen=True)
class Missing:
    """What a required field's absence is reported as, when not the generic AM014: its code, a
    message (``{what}`` is "claim 'c-x'" or "this claim") and a hint."""

    code: str
    message: str
    hint: str


@dataclass(frozen=True)
class Field:
    """One field of an object.

    ``type`` is one of: id, ref, refs (one id or a list), text (safe inline Markdown),
    string (one line of plain text), enum, date, url, pages, colour, list, object,
    link (a relation: an id or a mapping), cells, csl-date, string-map, bool (true or false),
    number (a decimal from 0 to 1).
    """

    type: str
    doc: str
    required: bool = False
    enum: tuple[str, ...] = ()
    ref: tuple[str, ...] = ()
    item: Field | None = None
    obj: str = ""
    missing: Missing | None = None  # required fields only: a diagnostic of its own when absent

    @property
    def refs(self) -> tuple[str, ...]:
        """The kinds of object this field's value refers to (for a list of refs, its items')."""
        return self.item.ref if self.type == "list" and self.item is not None else self.ref


@dataclass(frozen=True)
class Obj:
    name: str
    doc: str
    fields: dict[str, Field] = field(default_factory=dict)
    id_kind: str = ""  # the namespace its ``id`` lives in, when it has one


def _list(item: Field, doc: str, required: bool = False) -> Field:
    return Field("list", doc, required, item=item)


def _refs(kinds: tuple[str, ...], doc: str, required: bool = False) -> Field:
    return _list(Field("ref", "", ref=kinds), doc, required)


def _links(doc: str, kinds: tuple[str, ...] = ("claim",)) -> Field:
    return _list(Field("link", "", ref=kinds, obj="link"), doc)


OBJECTS: dict[str, Obj] = {}


def _obj(name: str, doc: str, id_kind: str = "", **fields: Field) -> None:
    OBJECTS[name] = Obj(name, doc, {k.replace("_dash_", "-"): v for k, v in fields.items()}, id_kind)


_obj(
    "file", "The top level of a claim file. A file holds one or more of these keys.",
    section=Field("object", "The paper section this file maps; required when the file has claims, arguments, relations or evidence.", obj="section"),
    claims=_list(Field("object", "", obj="claim"), "The claims of this section."),
    arguments=_list(Field("object", "", obj="argument"), "Arguments: linked premises that support a conclusion together."),
    relations=_list(Field("object", "", obj="relation"), "Relations with an id of their own, so that they can be undercut or cited."),
    evidence=_list(Field("object", "", obj="evidence"), "Evidence items: facts, polls, events and documents with their sources."),
    paper=Field("object", "The document being mapped (one file, usually `paper.yml`).", obj="paper"),
    references=_list(Field("object", "", obj="source"), "The bibliography as CSL-YAML (usually `sources.yml`)."),
    vocabulary=Field("object", "The controlled terms of this map (usually `vocabulary.yml`).", obj="vocabulary"),
    comparisons=_list(Field("object", "", obj="comparison"), "Side-by-side comparisons (usually `comparisons.yml`)."),
    issues=_list(Field("object", "", obj="issue"),
                 "Issues: claims that are alternative answers to one question (Carneades positions)."),
    tests=_list(Field("object", "", obj="test"),
                "Expected labels under a named semantics, checked by `argmap check` (AM060)."),
)
_obj(
    "paper", "The document being mapped.",
    source=Field("ref", "The `sources.yml` entry of the paper itself.", True, ref=("source",)),
    title=Field("string", "The paper's title as shown on the site and the PDF cover.", True),
    thesis=_refs(("claim",), "The claim(s) that state the paper's thesis.", True),
    sections=_refs(("section",), "Every section id, in the paper's reading order.", True),
    summary=Field("text", "A short paraphrase of what the paper argues."),
    coverage=Field("text", "What of the paper's text was available to the mappers, and what is mapped."),
    semantics=Field("enum", "The semantics whose labels the site and the PDF show (default `grounded`).",
                    enum=SEMANTICS),
    maintainers=_list(Field("string", ""), "Who maintains this map (people or a group), named on the PDF's cover, in its metadata and in the map's citation."),
    licence=Field("string", "The licence of the map itself (its claim files and outputs), such as `CC BY 4.0`; named on the PDF's cover and in its metadata."),
    map_url=Field("string", "Where the map is published (its website), for the map's citation line on the PDF's cover."),
)
_obj(
    "section", "A part of the paper; one claim file per section.", "section",
    id=Field("id", "Stable id of the section; its page is `/sections/<id>/`.", True),
    title=Field("string", "The section's title (a contributor's label when the paper's heading is unknown).", True),
    pages=Field("pages", "Where in the paper the section is, such as `\"144\"` or `\"145-150\"`."),
    coverage=Field("enum", "How much of the section's text is mapped.", True, enum=COVERAGES),
    summary=Field("text", "What the section is about, in a sentence or two."),
    topics=_list(Field("object", "", obj="topic"), "Topics the paper announces for this section but that are not yet mapped (not claims)."),
)
_obj(
    "topic", "A topic the paper announces but which nobody has mapped yet. Never shown as a claim.", "topic",
    id=Field("id", "Stable id, reserved for the claim that will map it.", True),
    title=Field("string", "What the paper is expected to discuss.", True),
    actors=_refs(("actor",), "Actors the topic concerns (ids from the vocabulary)."),
    dimension=Field("ref", "The dimension (from the vocabulary).", ref=("dimension",)),
    note=Field("text", "Anything a contributor should know before mapping it."),
)
_obj(
    "claim", "A statement: the paper's own (basis: stated) or a contributor's reading (basis: reconstructed).", "claim",
    id=Field("id", "Stable id; the permalink is `/claims/<id>/`.", True),
    text=Field("text", "The claim in a contributor's own words (never copied from the paper).", True),
    label=Field("string", "A short label for maps; the text is shortened when it is absent."),
    kind=Field("enum", "What role the claim plays.", True, enum=CLAIM_KINDS),
    basis=Field("enum", "`stated`: the paper says it at `locator`; `reconstructed`: a contributor's reading.", True, enum=BASES),
    locator=Field("object", "Where the claim comes from.", True, obj="locator", missing=Missing(
        "AM033", "{what} does not say where it comes from",
        "add locator: {source: <paper id>, pages: \"...\"}; a reconstructed claim points at the passage it reads")),
    actors=_refs(("actor",), "Who the claim is about (ids from the vocabulary)."),
    dimension=Field("ref", "Strategic, identity, political ... (an id from the vocabulary).", ref=("dimension",)),
    level=Field("ref", "Elite, public, state ... (an id from the vocabulary).", ref=("level",)),
    tags=_list(Field("string", ""), "Free tags shown on the claim page."),
    supports=_links("Claims this claim supports."),
    attacks=_links("Claims this claim attacks."),
    undercuts=_links("Relations or arguments this claim attacks (the inference, not the conclusion).", ("relation", "argument")),
    qualifies=_links("Claims this claim limits or conditions."),
    contrasts=_links("Claims this claim is set against, without attacking them."),
    rephrases=_links("Claims this claim restates in other words (AIF's MA, \"Default Rephrase\")."),
    evidence=_refs(("evidence",), "Evidence items that support this claim."),
    aliases=_list(Field("id", ""), "Former ids; each keeps a redirect page so old links work."),
    note=Field("text", "A contributor's note shown on the claim page."),
    assumed=Field("bool", "Carneades: the claim is accepted without an argument for it (an assumption)."),
    translations=Field("string-map", "The text in other languages: language tag (such as `de`, `ja`) → text; "
                       "`text` is in the language of the paper's source."),
)
_obj(
    "link", "The long form of a relation written inside a claim or an evidence item.",
    claim=Field("ref", "The target claim (for supports, attacks, qualifies, contrasts, rephrases).", ref=("claim",)),
    relation=Field("ref", "The target relation or argument (for undercuts).", ref=("relation", "argument")),
    because=Field("text", "Why the relation holds, in one line."),
    id=Field("id", "An id for this relation, so that it can be undercut."),
    basis=Field("enum", "Overrides the basis taken from the claim (evidence links are `reconstructed`).", enum=BASES),
)
_obj(
    "locator", "Where in a source a claim comes from.",
    source=Field("ref", "An id from `sources.yml`, usually the paper.", True, ref=("source",)),
    pages=Field("pages", "Page or pages, such as `\"144\"`."),
    note=Field("string", "Paragraph, footnote or other detail."),
)
_obj(
    "argument", "Linked premises that support a conclusion only together.", "argument",
    id=Field("id", "Stable id of the argument.", True),
    label=Field("string", "A short name for maps and pages."),
    premises=_refs(("claim",), "The premises, all needed together; `[]` for an argument without premises.", True),
    conclusion=Field("ref", "The claim they support (or attack); for `type: undercuts`, the relation or "
                     "argument they undercut.", True, ref=("claim", "relation", "argument")),
    type=Field("enum", "How the premises together bear on the conclusion: `supports` (the default), "
               "`attacks` (a joint attack: it holds only if every premise holds) or `undercuts`.",
               enum=ARGUMENT_TYPES),
    scheme=Field("string", "The argumentation scheme, such as `example` (support by example)."),
    basis=Field("enum", "`stated` or `reconstructed`, as for claims.", True, enum=BASES),
    because=Field("text", "The inference in words: why the premises support the conclusion."),
    locator=Field("object", "Where the argument comes from.", obj="locator"),
    note=Field("text", "A contributor's note."),
    weighing=Field("enum", "Carneades: how the premises' labels give the weight (default `linked`).", enum=WEIGHINGS),
    weight=Field("number",
                 "Carneades: the argument's weight, 0 to 1, when its weighing gives full weight (default 1)."),
)
_obj(
    "relation", "A relation with an id of its own.", "relation",
    id=Field("id", "Stable id of the relation.", True),
    **{"from": Field("ref", "The claim or evidence item the relation starts from.", True, ref=("claim", "evidence"))},
    to=Field("ref", "The claim it bears on, or the relation or argument it undercuts.", True, ref=("claim", "relation", "argument")),
    type=Field("enum", "What kind of relation.", True, enum=RELATION_TYPES),
    because=Field("text", "Why the relation holds, in one line."),
    basis=Field("enum", "`stated` or `reconstructed` (default `reconstructed`).", enum=BASES),
)
_obj(
    "evidence", "A fact, poll, event or document, with its source.", "evidence",
    id=Field("id", "Stable id of the evidence item.", True),
    label=Field("string", "A short label for maps and tables."),
    kind=Field("enum", "What sort of evidence it is.", True, enum=EVIDENCE_KINDS),
    provenance=Field("enum", "`paper`: cited by the paper; `context`: added by contributors.", True, enum=PROVENANCES),
    date=Field("date", "When: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (the timeline sorts on it).", True),
    date_note=Field("string", "The date in words when it is a span or uncertain."),
    summary=Field("text", "The fact, paraphrased; figures and dates exactly as the source gives them.", True),
    actors=_refs(("actor",), "Who the evidence is about."),
    source=Field("refs", "The `sources.yml` id, or a list of ids, that the fact comes from.", True, ref=("source",),
                 missing=Missing("AM030", "{what} does not cite a source", "add source: <id of an entry in sources.yml>")),
    locator=Field("string", "Page, table or section within the source."),
    url=Field("url", "The page where the fact can be checked (http or https)."),
    supports=_links("Claims this evidence supports."),
    attacks=_links("Claims this evidence challenges."),
    qualifies=_links("Claims this evidence fits only in part or with a condition."),
    tags=_list(Field("string", ""), "Free tags."),
    note=Field("text", "A contributor's note, such as a caution about the figures."),
)
_obj(
    "source", "A bibliography entry in CSL-YAML (the form Pandoc and Zotero use).", "source",
    id=Field("id", "The citation key.", True),
    type=Field("enum", "The CSL item type.", True, enum=CSL_TYPES),
    title=Field("string", "Title of the work.", True),
    container_dash_title=Field("string", "The journal, book, newspaper or site it appears in."),
    collection_dash_title=Field("string", "The series."),
    author=_list(Field("object", "", obj="name"), "Authors."),
    editor=_list(Field("object", "", obj="name"), "Editors."),
    issued=Field("csl-date", "Date of publication."),
    accessed=Field("csl-date", "When the online copy was read."),
    publisher=Field("string", "Publisher."),
    publisher_dash_place=Field("string", "Where it was published."),
    volume=Field("pages", "Volume."),
    issue=Field("pages", "Issue."),
    page=Field("pages", "Page range."),
    number=Field("pages", "Report or document number."),
    edition=Field("pages", "Edition."),
    URL=Field("url", "Web address (http or https)."),
    DOI=Field("string", "DOI, without the resolver prefix."),
    ISBN=Field("string", "ISBN."),
    ISSN=Field("string", "ISSN."),
    language=Field("string", "Language tag, such as `en`, `ja` or `ko`."),
    genre=Field("string", "Genre, such as `Poll report`."),
    medium=Field("string", "Medium."),
    note=Field("string", "A note shown with the entry, such as 'reported via a news agency'."),
    uncertain=Field("string-map", "argmap extension: field name → why its value is uncertain; shown as flagged."),
    notice=Field("string", "argmap extension: a notice printed wherever the source, or evidence drawn from it, is shown, such as 'From the author's earlier work, not from the paper'."),
)
_obj(
    "name", "A CSL name.",
    family=Field("string", "Family name."),
    given=Field("string", "Given names."),
    literal=Field("string", "A name written as one string, such as an institution."),
    suffix=Field("string", "Suffix, such as Jr."),
    non_dash_dropping_dash_particle=Field("string", "Particle kept with the family name, such as 'van'."),
)
_obj(
    "csl-date", "A CSL date as a mapping (a plain `YYYY-MM-DD` string works too).",
    date_dash_parts=Field("date-parts", "`[[year, month, day]]`, or two such lists for a range."),
    literal=Field("string", "A date in words."),
    raw=Field("string", "A date as written in the source."),
    season=Field("pages", "Season 1-4."),
    circa=Field("string", "Marks the date as approximate."),
)
_obj(
    "vocabulary", "The controlled terms of a map. Nothing about a particular paper is built into argmap.",
    actors=_list(Field("object", "", obj="actor"), "Countries, governments, publics and other actors."),
    dimensions=_list(Field("object", "", obj="term"), "Dimensions of analysis (e.g. strategic, identity)."),
    levels=_list(Field("object", "", obj="term"), "Levels (e.g. elite, public, state)."),
)
_obj(
    "actor", "An actor of the vocabulary.", "actor",
    id=Field("id", "Stable id, used in `actors:` lists.", True),
    label=Field("string", "Name shown to readers.", True),
    colour=Field("colour", "`#rrggbb` used for the actor's tag on maps."),
    alt_labels=_list(Field("string", ""), "Other names, such as the name in the actor's own language; searchable."),
    description=Field("string", "One line about the actor."),
)
_obj(
    "term", "A dimension or level of the vocabulary.", "term",
    id=Field("id", "Stable id.", True),
    label=Field("string", "Name shown to readers.", True),
    alt_labels=_list(Field("string", ""), "Other names, such as the term in another language or the word a reader searches by; shown on the pages and searchable."),
    description=Field("string", "One line about the term."),
)
_obj(
    "comparison", "A side-by-side comparison of subjects (for example Japan and South Korea).", "comparison",
    id=Field("id", "Stable id.", True),
    title=Field("string", "Title shown above the matrix.", True),
    subjects=_refs(("actor",), "The actors compared: the columns.", True),
    summary=Field("text", "What the comparison shows."),
    rows=_list(Field("object", "", obj="row"), "One row per dimension compared.", True),
)
_obj(
    "row", "One dimension of a comparison: a claim per subject and a verdict.", "row",
    id=Field("id", "Stable id of the row.", True),
    label=Field("string", "The dimension compared, such as 'Threat from China'.", True),
    dimension=Field("ref", "The vocabulary dimension it belongs to.", ref=("dimension",)),
    cells=Field("cells", "Subject id → the claim that states that subject's position.", True, ref=("claim",)),
    verdict=Field("enum", "`diverge`, `converge`, `partial`, or `open` when the sources do not settle it.", True, enum=VERDICTS),
    because=Field("text", "Why this verdict, in one line."),
)

_obj(
    "issue", "A question with alternative answers (positions); at most one position is `in` (Carneades).", "issue",
    id=Field("id", "Stable id of the issue.", True),
    positions=_refs(("claim",), "The claims that answer it; a claim is a position of one issue at most.", True),
    standard=Field("enum", "The proof standard a position must meet (default `preponderance`).", enum=STANDARDS),
    title=Field("string", "The question in words."),
)
_obj(
    "test", "Labels the claims must get under one semantics; `argmap check` reports each difference (AM060).",
    semantics=Field("enum", "The semantics the labels are computed under.", True, enum=SEMANTICS),
    **{"in": _refs(("claim",), "Claims expected `in`."),  # type: ignore[arg-type]
       "out": _refs(("claim",), "Claims expected `out`."),
       "undecided": _refs(("claim",), "Claims expected `undecided`.")},
)

#: Namespaces: objects whose ids must be unique across all files. Vocabulary terms have their own.
GLOBAL_KINDS = ("section", "topic", "claim", "argument", "relation", "evidence", "source", "comparison", "row",
                "issue")


def fields_by_object() -> dict[str, list[str]]:
    return {name: list(o.fields) for name, o in OBJECTS.items()}
