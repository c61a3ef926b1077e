"""The print document → an offline PDF, through WeasyPrint.

Nothing is fetched from the network: WeasyPrint gets a URL fetcher that serves only
``file:`` and ``data:`` URLs (the print CSS and the embedded SVG maps) and refuses the rest.
The output is reproducible: with the same input two builds give the same bytes (the build date,
the PDF's creation and modification dates and its file identifier all come from the input, never
from the clock: see :mod:`argmap.contentdate`). Maps are drawn by Graphviz as PDF and
laid into boxes the document reserves for them (:mod:`argmap.pdf.overlay`).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import pathlib
from collections.abc import Callable
from typing import Any

from argmap.contentdate import DateError, content_date, from_epoch
from argmap.core.model import Corpus
from argmap.fsio import write_atomic
from argmap.pdf import PAPER_SIZES
from argmap.pdf.identity import map_version
from argmap.pdf.overlay import Placement, place_writer
from argmap.pdf.pagenumbers import Number, digits_for, fill_writer, numbers
from argmap.pdf.printdoc import MapFigure, PrintOptions, build_print
from argmap.pdf.printmaps import render_maps
from argmap.pdf.tagspeed import page_references_once

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]
PRINT_CSS = "print.css"
#: The print stylesheet that ships with argmap, as package data (argmap/pdf/print.css), so that an
#: installed argmap makes the same PDF as a checkout; a project's site_config/print.css overrides it.
DEFAULT_CSS = pathlib.Path(__file__).resolve().parent / PRINT_CSS
ALLOWED_SCHEMES = ("file", "data")
#: The PDF variants ``argmap pdf --variant`` offers (WeasyPrint writes them).
VARIANTS = ("pdf/ua-1", "pdf/a-3b")
DEFAULT_VARIANT = "pdf/ua-1"


class PdfError(Exception):
    """A problem with the input or the environment, said in one sentence with a hint."""


def build_date(source_date_epoch: int | str | None = None, corpus: Corpus | None = None) -> dt.datetime:
    """The build's moment, in UTC: ``SOURCE_DATE_EPOCH`` (argument, then environment), else the
    claims' own date (:func:`argmap.contentdate.content_date`: the last git commit touching them, else
    the newest claim file); 1970-01-01 without a corpus."""
    try:
        if corpus is None:
            raw = source_date_epoch if source_date_epoch is not None else os.environ.get("SOURCE_DATE_EPOCH")
            return from_epoch(raw) if raw not in (None, "") else dt.datetime.fromtimestamp(0, dt.UTC)
        return content_date(corpus.root, corpus.files, source_date_epoch)
    except DateError as exc:
        raise PdfError(str(exc)) from exc


def css_candidates(claims_root: str) -> list[pathlib.Path]:
    """Where the print stylesheet is looked for, first found first: ``site_config/`` next to the
    claims folder or one level up, then argmap's own."""
    root = pathlib.Path(claims_root or ".").resolve()
    return [root.parent / "site_config" / PRINT_CSS, root.parent.parent / "site_config" / PRINT_CSS, DEFAULT_CSS]


def find_css(corpus: Corpus) -> pathlib.Path:
    """The project's ``site_config/print.css`` next to the claims folder, else argmap's own."""
    for candidate in css_candidates(corpus.root):
        if candidate.is_file():
            return candidate
    raise PdfError(f"the print stylesheet {PRINT_CSS} was not found (looked in site_config/ next to "
                   f"{corpus.root} and at {DEFAULT_CSS})")


def offline_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves ``file:`` and ``data:`` URLs and refuses any other."""
    from weasyprint import URLFetcher

    class OfflineFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme not in ALLOWED_SCHEMES:
                log.warning("not fetched (the PDF is built offline): %s", url[:200])
                raise ValueError(f"refused a non-local URL: {url[:200]}")
            return super().fetch(url, headers)

    return OfflineFetcher(allowed_protocols=ALLOWED_SCHEMES)


def build_pdf(corpus: Corpus, out_path: str | os.PathLike[str], *, paper: str = "a4",
              source_date_epoch: int | str | None = None, cache_dir: str | None = None,
              progress: ProgressFn | None = None, maps: bool = True, css_page_numbers: bool = False,
              variant: str = DEFAULT_VARIANT) -> None:
    """Write the whole map as a PDF to ``out_path``; raise :class:`PdfError` for bad input.

    ``variant``: ``pdf/ua-1`` (tagged, accessible; the default) or ``pdf/a-3b`` (archival, also
    tagged), as WeasyPrint writes them (:data:`VARIANTS`).

    ``css_page_numbers``: let WeasyPrint print the cross-references' page numbers with CSS
    ``target-counter()`` (about twice as slow) instead of :mod:`argmap.pdf.pagenumbers`."""
    if variant not in VARIANTS:
        raise PdfError(f"unknown PDF variant {variant!r}; expected one of: {', '.join(VARIANTS)}")
    if paper not in PAPER_SIZES:
        raise PdfError(f"unknown paper size {paper!r}; expected one of: {', '.join(PAPER_SIZES)}")
    if corpus.paper is None:
        raise PdfError(f"no 'paper:' block in {corpus.root}: the PDF needs the paper's title and sections "
                       "(add a paper.yml, see docs/reference/claim-format.md)")
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: Pango is missing
        raise PdfError(f"WeasyPrint cannot be loaded ({exc}); run tools/setup/bootstrap.sh site "
                       "to install it and Pango") from exc
    when = build_date(source_date_epoch, corpus)  # a bad SOURCE_DATE_EPOCH fails before any work
    css = find_css(corpus)
    steps, done = 5, 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, steps)

    figures = render_maps(corpus, cache_dir=cache_dir, paper=paper) if maps else []
    step()
    _write(corpus, figures, target=pathlib.Path(out_path), paper=paper, when=when, css=css, step=step,
           weasyprint=weasyprint, number_boxes=not css_page_numbers, variant=variant)


def _write(corpus: Corpus, figures: list[MapFigure], *, target: pathlib.Path, paper: str, when: dt.datetime,
           css: pathlib.Path, step: Callable[[], None], weasyprint: Any, number_boxes: bool,
           variant: str = DEFAULT_VARIANT) -> None:
    version = map_version(corpus.root)
    digits = (digits_for(len(corpus.claims), len(corpus.evidence), len(corpus.sources), len(figures))
              if number_boxes else 0)
    fetcher = offline_fetcher()
    stylesheets = [
        weasyprint.CSS(filename=str(css), url_fetcher=fetcher),
        weasyprint.CSS(string=f"@page {{ size: {PAPER_SIZES[paper]}; }} "
                              f"@page landscape {{ size: {PAPER_SIZES[paper]} landscape; }}", url_fetcher=fetcher),
    ]

    def lay_out(digits: int) -> tuple[Any, dict[str, str]]:
        options = PrintOptions(build_date=when.date(), created=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                               number_slots=digits, version=version)
        doc = build_print(corpus, options, figures)
        html = weasyprint.HTML(string=doc.html, base_url=css.parent.as_uri() + "/", url_fetcher=fetcher)
        return html.render(stylesheets=stylesheets), doc.slots

    step()
    rendered, slots = lay_out(digits)
    needed = len(str(len(rendered.pages)))
    if digits and needed > digits:  # the number boxes are too narrow for the page count
        log.info("PDF laid out again: %d pages need %d-digit page numbers", len(rendered.pages), needed)
        rendered, slots = lay_out(needed)
    step()
    log.info("PDF laid out: %d pages", len(rendered.pages))
    found, missing = numbers(rendered.pages, slots)
    for slot in missing:
        log.warning("cross-reference %s points at nothing in the document; no page number printed", slot)
    # Tagged (structure tree, /Lang, alt text, the title as window title) in either variant. An
    # archival PDF keeps WeasyPrint's producer, which its XMP metadata repeats.
    with page_references_once():
        data = rendered.write_pdf(pdf_identifier=True, pdf_variant=variant, pdf_tags=True)
    data = finish(data, found, _placements(rendered.pages, figures), credit=not variant.startswith("pdf/a"))
    step()
    write_atomic(target, data)
    step()


def finish(document: bytes, found: list[Number], placements: list[Placement], *, credit: bool) -> bytes:
    """WeasyPrint's ``document`` with its page numbers filled in and its maps drawn, as one
    incremental update: reading the document into pypdf costs more than either step."""
    if not found and not placements:
        return document
    from pypdf import PdfWriter

    writer = PdfWriter(io.BytesIO(document), incremental=True)
    fill_writer(writer, found)
    place_writer(writer, placements, credit=credit)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _placements(pages: Any, figures: list[MapFigure]) -> list[Placement]:
    """Where WeasyPrint put each map's boxes (its parts and its legend): page and top-left corner."""
    wanted: dict[str, tuple[MapFigure, int]] = {}
    for fig in figures:
        for k in range(len(fig.boxes)):
            wanted[fig.slot_of(k)] = (fig, k)
        if fig.legend:
            wanted[fig.legend_slot] = (fig, -1)
    out: list[Placement] = []
    for number, page in enumerate(pages):
        for slot, position in sorted(page.anchors.items()):
            found = wanted.pop(slot, None)
            if found is None:
                continue
            fig, k = found
            x, y = float(position[0]), float(position[1])  # (x, y) or (x1, y1, x2, y2): the top-left is first
            if k < 0:
                out.append(Placement(number, x, y, fig.legend_width_mm, fig.legend))
                continue
            height, top, width, left = fig.boxes[k]
            split = len(fig.boxes) > 1
            out.append(Placement(number, x, y, fig.full_width_mm or fig.width_mm, fig.art, offset_mm=top,
                                 clip_height_mm=height if split else 0.0, offset_x_mm=left,
                                 clip_width_mm=width if split else 0.0))
    for slot in wanted:
        log.warning("map %s has no place in the laid-out document; left out", slot)
    return out
