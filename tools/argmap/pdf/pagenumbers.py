"""The page numbers printed after cross-references ("claim c-x, p. 12"), filled in after layout.

With CSS ``target-counter()`` WeasyPrint lays out every page that holds a reference three times
(once, then again for each round of page-counter updates), which was most of the PDF's build
time. Instead the print document holds, after each reference, an empty box as wide as the page
count's digits (:class:`argmap.render.printdoc.PageSlots`), so no number can change the layout.
Once the pages are laid out, each box's target is found among the pages' anchors, and the numbers
are drawn into the boxes from a "stamp": a PDF with one page per numbered page, made by
WeasyPrint from SVG text (an SVG ``<text>`` puts its baseline exactly where it is told), which
:func:`argmap.render.pdfmaps.place` lays over the document like a map. The contents and the index
of claims have such boxes too, so every page is laid out once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: The box's height in em (print.css, ``.pno``): its height tells the font size around it, and
#: its bottom, the baseline (an empty inline-block sits on the baseline).
SLOT_HEIGHT_EM = 0.7
#: Used when WeasyPrint reports only a box's corner: the size of the relation lists' text.
DEFAULT_SIZE_PX = 8.5 * 96 / 72
FONT = "DejaVu Sans"
COLOUR = "#555"
END = ' text-anchor="end"'


@dataclass(frozen=True)
class Number:
    """Print ``text`` on page ``page`` (0-based) from ``x`` on the baseline ``y`` (CSS px)."""

    page: int
    x: float
    y: float
    size: float
    text: str
    end: bool = False   # the number ends at ``x`` (contents and index) instead of starting there


def digits_for(claims: int, evidence: int, sources: int, maps: int) -> int:
    """A first guess of how many digits the page count has, from the corpus' size (at least 2).

    The guess errs high; when the laid-out document needs more digits it is laid out again."""
    estimate = 8 + maps + claims / 3 + evidence / 12 + sources / 12
    return max(2, len(str(int(estimate))))


def numbers(pages: Iterable[Any], slots: Mapping[str, str]) -> tuple[list[Number], list[str]]:
    """The number for every box in ``slots`` (box id → target anchor) on the laid-out ``pages``,
    and the boxes whose target is not in the document."""
    pages = list(pages)
    first: dict[str, int] = {}
    for index, page in enumerate(pages):
        for name in page.anchors:
            first.setdefault(name, index)
    out: list[Number] = []
    missing: list[str] = []
    for index, page in enumerate(pages):
        for name, position in sorted(page.anchors.items()):
            target = slots.get(name)
            if target is None:
                continue
            if target not in first:
                missing.append(name)
                continue
            x, top = float(position[0]), float(position[1])
            end = name.startswith("pnr-")
            if len(position) >= 4 and float(position[3]) > top:
                bottom = float(position[3])
                size = (bottom - top) / SLOT_HEIGHT_EM
                x = float(position[2]) if end else x
            else:  # an older WeasyPrint gives only the top-left corner
                size = DEFAULT_SIZE_PX
                bottom = top + size * SLOT_HEIGHT_EM
            out.append(Number(index, x, bottom, size, str(first[target] + 1), end))
    return out, missing


def stamp_html(numbers: list[Number], width_px: float, height_px: float) -> tuple[str, list[int]]:
    """The stamp document (one page per page that has numbers) and the page each stamp page covers.

    Everything in it is a number or a measurement made here: no text from the claim files."""
    by_page: dict[int, list[Number]] = {}
    for n in numbers:
        by_page.setdefault(n.page, []).append(n)
    pages = sorted(by_page)
    body = []
    for page in pages:
        texts = "".join(f'<text x="{n.x:.3f}" y="{n.y:.3f}" font-size="{n.size:.3f}"'
                        f'{END if n.end else ""}>{int(n.text)}</text>' for n in by_page[page])
        body.append(f'<div class="p"><svg xmlns="http://www.w3.org/2000/svg" width="{width_px:.3f}" '
                    f'height="{height_px:.3f}" viewBox="0 0 {width_px:.3f} {height_px:.3f}" '
                    f'font-family="{FONT}" fill="{COLOUR}">{texts}</svg></div>')
    style = (f"@page {{ size: {width_px:.3f}px {height_px:.3f}px; margin: 0 }} body {{ margin: 0 }} "
             f".p {{ width: {width_px:.3f}px; height: {height_px:.3f}px; break-after: page; overflow: hidden }} "
             "svg { display: block }")
    return f"<!DOCTYPE html><html><head><style>{style}</style></head><body>{''.join(body)}</body></html>", pages


def stamp(numbers: list[Number], width_px: float, height_px: float, weasyprint: Any,
          fetcher: Any) -> tuple[bytes, list[int]]:
    """The stamp as PDF bytes, and the document page under each of its pages."""
    if not numbers:
        return b"", []
    html, pages = stamp_html(numbers, width_px, height_px)
    data = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
    return data, pages
