"""The plain records the print document is made of (claims, sections, references, maps, page-number
boxes), and the words it prints for the format's terms. :mod:`argmap.pdf.printdoc` fills them in."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from markupsafe import Markup

from argmap.core.acceptance import Status
from argmap.core.analysis import SectionCoverage
from argmap.core.model import Argument, Claim
from argmap.pdf.pagenumbers import PLACEHOLDER

#: How relations read from the source's side and from the target's side.
OUT_VERB = {"supports": "supports", "attacks": "attacks", "undercuts": "undercuts",
            "qualifies": "qualifies", "contrasts": "contrasts with", "rephrases": "rephrases"}
IN_VERB = {"supports": "supported by", "attacks": "attacked by", "undercuts": "undercut by",
           "qualifies": "qualified by", "contrasts": "contrasted with",
           "rephrases": "rephrased by"}
#: A transparent image: the box a map is drawn into after layout, tagged as a figure with alt text.
BLANK = ("data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A//www.w3.org/2000/svg%22%20"
         "width%3D%221%22%20height%3D%221%22/%3E")
#: What readers read for the format's working words (never "basis: stated" or "provenance: context").
READER_WORDS = {"stated": "stated by the paper", "reconstructed": "reconstructed",
                "provenance-paper": "cited by the paper", "provenance-context": "context evidence"}
PREFIX = {"claim": "claim", "evidence": "evidence", "argument": "argument", "section": "section",
          "source": "source", "comparison": "comparison"}


@dataclass(frozen=True)
class MapFigure:
    """A map to print: Graphviz's one-page PDF of it and the size it is printed at.

    The print HTML holds an empty box of that size (id :attr:`slot`); :mod:`argmap.pdf.overlay`
    draws the map into it once WeasyPrint has laid out the pages."""

    key: str            # "overview", "section-<id>", "comparison-<id>"
    title: str
    art: bytes          # a one-page PDF
    width_mm: float = 0.0
    height_mm: float = 0.0
    #: (height, offset from the map's top, width, offset from its left) of each part of a map split
    #: over pages (mm); () is one part.
    parts: tuple[tuple[float, float, float, float], ...] = ()
    landscape: bool = False
    legend: bytes = b""         # the legend, drawn apart and printed under the map
    legend_width_mm: float = 0.0
    legend_height_mm: float = 0.0
    nodes: tuple[str, ...] = ()  # the claims the map shows, in its order (for the key under it)
    full_width_mm: float = 0.0   # the whole map's printed width when it is split into columns
    outline: str = ""            # the map in words (its claims and their ids): the figure's alt text
    legend_text: str = ""        # the legend in words
    note: str = ""               # what the printed map leaves out, printed under it

    @property
    def slot(self) -> str:
        return f"art-{self.key}"

    def slot_of(self, part: int) -> str:
        return self.slot if part == 0 else f"{self.slot}-{part + 1}"

    @property
    def legend_slot(self) -> str:
        return f"legend-{self.key}"

    @property
    def boxes(self) -> tuple[tuple[float, float, float, float], ...]:
        return self.parts or ((self.height_mm, 0.0, self.width_mm, 0.0),)


@dataclass(frozen=True)
class Ref:
    """A printed cross-reference: a link to an anchor and its words ("claim c-x")."""

    href: str
    text: str
    known: bool = True
    page: bool = True    # print the target's page number (sources are found by author in the bibliography)


@dataclass(frozen=True)
class Cite:
    """A source cited whole: its bibliography entry, and a reference to the entry ("[12], p. 55")."""

    ref: Ref
    entry: Markup
    number: int


@dataclass(frozen=True)
class Link:
    verb: str
    refs: tuple[Ref, ...]
    because: Markup = Markup("")


@dataclass
class ClaimView:
    claim: Claim
    anchor: str
    text: Markup
    note: Markup
    locator: Markup
    facets: list[tuple[str, str]]
    outgoing: list[Link] = field(default_factory=list)
    incoming: list[Link] = field(default_factory=list)
    evidence: list[Link] = field(default_factory=list)
    bookmark: str = ""
    status: Status | None = None  # the label under the chosen semantics (argmap.core.acceptance)
    why: list[Link] = field(default_factory=list)  # what carries or defeats it


@dataclass
class SectionView:
    id: str
    anchor: str
    title: str
    coverage: SectionCoverage | None
    pages: str
    summary: Markup
    claims: list[ClaimView]
    arguments: list[tuple[Argument, Markup, list[Ref], Ref]]
    topics: list[tuple[str, str]]
    map: MapFigure | None


@dataclass(frozen=True)
class PrintOptions:
    build_date: dt.date = dt.date(1970, 1, 1)
    created: str = ""        # W3C date-time for the PDF metadata, such as 2024-01-01T00:00:00Z
    #: Cross-references' page numbers as empty boxes this many digits wide, which
    #: :mod:`argmap.pdf.pagenumbers` fills after layout; 0: CSS ``target-counter()`` prints them.
    number_slots: int = 0
    #: The map's version, such as ``"a1b2c3d (2024-05-01)"``: the last commit of the claim files
    #: (:func:`argmap.pdf.identity.map_version`); "" when unknown.
    version: str = ""


class PageSlots:
    """The placeholder after each cross-reference ("00") that becomes its target's page number.

    Called from the templates with the reference's ``href``; remembers which anchor each box
    (``pno-<n>``, numbered in document order) refers to."""

    def __init__(self, digits: int) -> None:
        self.digits = digits
        self.targets: dict[str, str] = {}

    def __call__(self, href: str, end: bool = False) -> Markup:
        """A box for ``href``'s page number; ``end``: the number ends at the box's right edge
        (the contents and the index, where a leader runs up to it)."""
        slot = f"{'pnr' if end else 'pno'}-{len(self.targets) + 1}"
        self.targets[slot] = href.lstrip("#")
        return Markup('<span class="pno" id="{}">{}</span>').format(slot, PLACEHOLDER * self.digits)

    def after_claim_links(self, html: Markup) -> Markup:
        """``html`` (safe inline HTML from :func:`render_inline`) with a numbered box after each link
        to a claim in the document."""
        if not self.digits or "am-claim-link" not in html:
            return html
        def add(m: re.Match[str]) -> str:  # the link is render_inline's own, already escaped HTML
            return str(Markup(m.group(0)) + Markup('<span class="pref">, p.&nbsp;') + self(m.group(1))
                       + Markup("</span>"))
        return Markup(_CLAIM_LINK.sub(add, str(html)))


#: A link to a claim as :func:`argmap.markup.render_inline` writes it (ids are [a-z0-9-]).
_CLAIM_LINK = re.compile(r'<a href="(#claim-[a-z0-9-]+)" class="am-claim-link">.*?</a>')


@dataclass(frozen=True)
class PrintDocument:
    html: str
    slots: dict[str, str]    # box id → the anchor whose page number goes in it
