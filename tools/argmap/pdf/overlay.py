"""Maps into the PDF: Graphviz draws each map as a one-page PDF, laid onto the finished document.

WeasyPrint draws an SVG map by laying out every label as text, which took longer than the rest of
the document. Instead the print HTML reserves an empty box of the map's printed size (see
:func:`fit`), WeasyPrint reports where each box landed (its anchor), and :func:`place_writer` draws the
map's page into that box with pypdf, as vector paths and embedded-font text. The document's
own bytes are kept as they are: the maps come as an incremental update at the end of the file,
which leaves its outline, links, metadata and identifier untouched and is as reproducible as the
document itself.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

#: PDF points per millimetre, and per CSS pixel (WeasyPrint's unit: 96 px per inch).
PT_PER_MM = 72 / 25.4
PT_PER_PX = 0.75


class MapPlacementError(Exception):
    """A map could not be read or placed (said in one sentence)."""


def page_size(art: bytes) -> tuple[float, float]:
    """Width and height in points of the first page of the PDF ``art``."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        box = PdfReader(io.BytesIO(art)).pages[0].mediabox
    except (PyPdfError, IndexError, ValueError, KeyError) as exc:
        raise MapPlacementError(f"the map is not a readable PDF page ({exc})") from exc
    return float(box.width), float(box.height)


def fit(width_pt: float, height_pt: float, max_width_mm: float, max_height_mm: float) -> tuple[float, float]:
    """The printed size in millimetres: the natural size scaled down (never up) to fit the box."""
    if width_pt <= 0 or height_pt <= 0:
        raise MapPlacementError("the map has no size")
    w, h = width_pt / PT_PER_MM, height_pt / PT_PER_MM
    scale = min(1.0, max_width_mm / w, max_height_mm / h)
    return round(w * scale, 2), round(h * scale, 2)


@dataclass(frozen=True)
class Placement:
    """Draw ``art`` (a one-page PDF) on page ``page`` (0-based) in the box whose top-left corner is
    at (``x_px``, ``y_px``) CSS pixels from the page's top-left, ``width_mm`` wide."""

    page: int
    x_px: float
    y_px: float
    width_mm: float
    art: bytes
    art_page: int = 0    # which page of ``art`` (a stamp holds one page per document page)
    #: A part of a map split over pages: how far down the map (mm, printed) the box starts, and
    #: the box's height (mm), outside which nothing is drawn; 0: the whole map.
    offset_mm: float = 0.0
    clip_height_mm: float = 0.0
    #: A column of a map split sideways: how far right into the map (mm, printed) the box starts,
    #: and its width; ``width_mm`` is then the whole map's printed width.
    offset_x_mm: float = 0.0
    clip_width_mm: float = 0.0


def place_writer(writer: Any, placements: Sequence[Placement], *, credit: bool = True) -> None:
    """Every map drawn into its box, on an incremental ``PdfWriter`` of the document, which the
    caller writes (:func:`argmap.pdf.build.finish`). Each map is drawn as an artifact: the
    document's structure tree describes it, by the alt text of its figure. ``credit``: name pypdf
    beside the producer (not in an archival PDF, whose XMP must match).

    Each map's page becomes one form XObject, drawn by every box that shows a part of it (a map
    split over 30 pages is in the file once, not 30 times)."""
    if not placements:
        return
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    readers: dict[int, Any] = {}
    forms: dict[tuple[int, int], Any] = {}
    for n, p in enumerate(placements):
        try:
            if id(p.art) not in readers:
                readers[id(p.art)] = PdfReader(io.BytesIO(p.art))
            art = readers[id(p.art)].pages[p.art_page]
            box = art.mediabox
            page = writer.pages[p.page]
            scale = p.width_mm * PT_PER_MM / float(box.width)
            form = forms.get((id(p.art), p.art_page))
            if form is None:
                form = forms[(id(p.art), p.art_page)] = _form(writer, art)
        except (PyPdfError, IndexError, ValueError, KeyError, ZeroDivisionError) as exc:
            log.warning("a map (or page numbers) could not be laid onto page %d and is left out: %s", p.page + 1, exc)
            continue
        left = p.x_px * PT_PER_PX - p.offset_x_mm * PT_PER_MM
        top = float(page.mediabox.top) - p.y_px * PT_PER_PX
        bottom = top - float(box.height) * scale + p.offset_mm * PT_PER_MM
        matrix = (scale, 0.0, 0.0, scale, left - float(box.left) * scale, bottom - float(box.bottom) * scale)
        clip = None
        if p.clip_height_mm > 0:
            height = p.clip_height_mm * PT_PER_MM
            width = (p.clip_width_mm or p.width_mm) * PT_PER_MM
            clip = (p.x_px * PT_PER_PX, top - height, width, height)
        _draw_form(writer, page, form, f"/ArgmapMap{n}", matrix, clip)
    if credit:
        _credit(writer)


def _credit(writer: Any) -> None:
    """Name pypdf beside the producer in /Info. The update's trailer must point at /Info again
    (PDF 2.0, 7.5.6), and pypdf only does so for an /Info that changed; readers such as poppler
    would otherwise find no title, author or dates."""
    from pypdf import __version__ as pypdf_version

    info = writer.metadata
    if info is None:
        return
    producer = str(info.get("/Producer", "")).strip()
    writer.add_metadata({"/Producer": f"{producer}; maps placed by pypdf {pypdf_version}".lstrip("; ")})


def _indirect(writer: Any, obj: Any) -> Any:
    """``obj``, a new object, added to ``writer`` as an indirect object: a reference to it.

    pypdf's public ``clone`` adds an object that has an ``indirect_reference`` attribute to the
    destination's objects (a new one, since it has none yet) and gives the copy its reference."""
    obj.indirect_reference = None
    return obj.clone(writer).indirect_reference


def _form(writer: Any, art: Any) -> Any:
    """The map's page as a Form XObject of ``writer`` (its content as is, its resources copied)."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject

    box = art.mediabox
    form = DecodedStreamObject()
    form.set_data(art.get_contents().get_data())
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject([FloatObject(float(v)) for v in (box.left, box.bottom, box.right, box.top)])
    resources = art["/Resources"].clone(writer)
    _name_cid_to_gid_maps(resources)
    form[NameObject("/Resources")] = resources
    return _indirect(writer, form.flate_encode())


def _name_cid_to_gid_maps(resources: Any) -> None:
    """Give each Type 2 CIDFont of the map (cairo writes them without) the ``/CIDToGIDMap
    /Identity`` that is its default in PDF: PDF/UA-1 (ISO 14289-1, 7.21.3.2) wants it written."""
    from pypdf.generic import NameObject

    fonts = resources.get("/Font")
    for font in (fonts.get_object().values() if fonts is not None else ()):
        for descendant in font.get_object().get("/DescendantFonts", ()):
            cid = descendant.get_object()
            if cid.get("/Subtype") == "/CIDFontType2" and "/CIDToGIDMap" not in cid:
                cid[NameObject("/CIDToGIDMap")] = NameObject("/Identity")


def _draw_form(writer: Any, page: Any, form: Any, name: str, matrix: tuple[float, ...],
               clip: tuple[float, float, float, float] | None = None) -> None:
    """Add ``form`` to the page's resources as ``name`` and draw it through ``matrix``, over the
    page's own content, which is wrapped in q … Q so that its graphics state does not leak.

    WeasyPrint's pages share one resource dictionary, so the page gets a copy of its own (the
    fonts and images in it stay shared references). The page's content streams are kept as the
    indirect objects they are: a stream may not be written inline in an array."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, IndirectObject, NameObject

    shared = page[NameObject("/Resources")].get_object()
    resources = DictionaryObject(dict.items(shared))  # raw values: references stay references
    xobjects = (DictionaryObject(dict.items(shared["/XObject"].get_object())) if "/XObject" in shared
                else DictionaryObject())
    xobjects[NameObject(name)] = form
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources

    def stream(data: bytes) -> Any:
        s = DecodedStreamObject()
        s.set_data(data)
        return _indirect(writer, s)
    raw = page.raw_get("/Contents")
    target = raw.get_object() if isinstance(raw, IndirectObject) else raw
    old = list(target) if isinstance(target, ArrayObject) else [raw]
    numbers = " ".join(f"{v:.4f}" for v in matrix)
    cut = " ".join(f"{v:.4f}" for v in clip) + " re W n " if clip else ""
    page[NameObject("/Contents")] = ArrayObject(
        [stream(b"q\n"), *old, stream(b"\nQ\n"),
         stream(f"/Artifact BMC q {cut}{numbers} cm {name} Do Q EMC\n".encode("ascii"))])
