"""The print document → an offline PDF, through WeasyPrint.

Nothing is fetched from the network: WeasyPrint gets a URL fetcher that serves only
``file:`` and ``data:`` URLs (the print CSS and the embedded SVG maps) and refuses the rest.
The output is reproducible: with the same input two builds give the same bytes (the build date,
the PDF's creation and modification dates and its file identifier all come from the input, never
from the clock: see :mod:`argmap.contentdate`). Maps are drawn by Graphviz as PDF and
laid into boxes the document reserves for them (:mod:`argmap.render.pdfmaps`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import pathlib
from collections.abc import Callable
from typing import Any

from argmap.contentdate import DateError, content_date, from_epoch
from argmap.core.model import Corpus
from argmap.fsio import write_atomic
from argmap.pdf.overlay import PT_PER_MM, PT_PER_PX, Placement, place
from argmap.pdf.pagenumbers import digits_for, numbers, stamp
from argmap.pdf.printdoc import MapFigure, PrintOptions, build_print

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]
PAPER_SIZES = {"a4": "A4", "letter": "letter"}
#: The widest a map may be on each paper size (the page less its margins, see print.css), and the
#: tallest: what fits under a chapter heading with the caption, in millimetres.
MAP_WIDTH = {"a4": 174.0, "letter": 179.9}
MAP_HEIGHT = {"a4": 225.0, "letter": 205.0}
PRINT_CSS = "print.css"
#: The print stylesheet that ships with argmap (site_config/ at the top of the repository).
DEFAULT_CSS = pathlib.Path(__file__).resolve().parents[3] / "site_config" / PRINT_CSS
ALLOWED_SCHEMES = ("file", "data")
MAP_TITLES = {"overview": "Overview of the paper's argument", "section": "Map of section {}",
              "comparison": "Comparison map: {}"}


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

    class OfflineFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme not in ALLOWED_SCHEMES:
                log.warning("not fetched (the PDF is built offline): %s", url[:200])
                raise ValueError(f"refused a non-local URL: {url[:200]}")
            return super().fetch(url, headers)

    return OfflineFetcher(allowed_protocols=ALLOWED_SCHEMES)


def render_maps(corpus: Corpus, *, cache_dir: str | None = None, paper: str = "a4",
                progress: ProgressFn | None = None) -> list[MapFigure]:
    """The overview, section and comparison maps as one-page PDFs sized for ``paper``;
    [] (with a log line) when maps cannot be drawn."""
    try:
        from argmap.maps import graph as mapgraph
        from argmap.maps.render import render_graphs
        from argmap.maps.views import build_view
        from argmap.pdf.overlay import MapPlacementError, fit, page_size
    except ImportError as exc:
        log.warning("maps left out of the PDF: %s", exc)
        return []
    if not corpus.claims:
        return []
    jobs: list[tuple[str, str | None]] = [("overview", None)]
    jobs += [("section", s.id) for s in corpus.section_order() if corpus.claims_in(s.id)]
    jobs += [("comparison", c) for c in corpus.comparisons]
    titles: dict[str, str] = {}
    graphs = []
    for view, target in jobs:
        key = mapgraph.map_name(view, target)
        try:
            graphs.append(build_view(corpus, view, target))
        except Exception as exc:
            log.warning("map %s left out of the PDF: %s", key, exc)
            continue
        if view == "section":
            titles[key] = MAP_TITLES[view].format(corpus.sections[target or ""].title)
        elif view == "comparison":
            titles[key] = MAP_TITLES[view].format(corpus.comparisons[target or ""].title)
        else:
            titles[key] = MAP_TITLES[view]
    try:
        # No links: links inside the maps would not survive; the text prints page references.
        arts = render_graphs(graphs, "pdf", url_prefix=None, cache_dir=cache_dir, progress=progress)
    except Exception as exc:
        log.warning("maps left out of the PDF: %s", exc)
        return []
    figures: list[MapFigure] = []
    for key, art in arts.items():
        if key not in titles:
            continue
        try:
            width, height = fit(*page_size(art), MAP_WIDTH[paper], MAP_HEIGHT[paper])
        except MapPlacementError as exc:
            log.warning("map %s left out of the PDF: %s", key, exc)
            continue
        figures.append(MapFigure(key, titles[key], art, width, height))
    return figures


def build_pdf(corpus: Corpus, out_path: str | os.PathLike[str], *, paper: str = "a4",
              source_date_epoch: int | str | None = None, cache_dir: str | None = None,
              progress: ProgressFn | None = None, maps: bool = True, css_page_numbers: bool = False) -> None:
    """Write the whole map as a PDF to ``out_path``; raise :class:`PdfError` for bad input.

    ``css_page_numbers``: let WeasyPrint print the cross-references' page numbers with CSS
    ``target-counter()`` (about twice as slow) instead of :mod:`argmap.render.pagenumbers`."""
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
           weasyprint=weasyprint, number_boxes=not css_page_numbers)


def _write(corpus: Corpus, figures: list[MapFigure], *, target: pathlib.Path, paper: str, when: dt.datetime,
           css: pathlib.Path, step: Callable[[], None], weasyprint: Any, number_boxes: bool) -> None:
    digits = digits_for(len(corpus.claims), len(corpus.evidence), len(corpus.sources), len(figures)) if number_boxes else 0
    fetcher = offline_fetcher()
    stylesheets = [
        weasyprint.CSS(filename=str(css), url_fetcher=fetcher),
        weasyprint.CSS(string=f"@page {{ size: {PAPER_SIZES[paper]}; }}", url_fetcher=fetcher),
    ]

    def lay_out(digits: int) -> tuple[Any, dict[str, str]]:
        options = PrintOptions(build_date=when.date(), created=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                               number_slots=digits)
        doc = build_print(corpus, options, figures)
        extra = weasyprint.CSS(string=f".pno {{ width: {digits * 0.64:.2f}em; }}", url_fetcher=fetcher)
        html = weasyprint.HTML(string=doc.html, base_url=css.parent.as_uri() + "/", url_fetcher=fetcher)
        return html.render(stylesheets=[*stylesheets, extra]), doc.slots

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
    first = rendered.pages[0]
    art, stamped = stamp(found, first.width, first.height, weasyprint, fetcher)
    width_mm = first.width * PT_PER_PX / PT_PER_MM
    overlays = _placements(rendered.pages, figures)
    overlays += [Placement(page, 0.0, 0.0, width_mm, art, art_page=k) for k, page in enumerate(stamped)]
    data = place(rendered.write_pdf(pdf_identifier=True), overlays)
    step()
    write_atomic(target, data)
    step()


def _placements(pages: Any, figures: list[MapFigure]) -> list[Placement]:
    """Where WeasyPrint put each map's box: its page and top-left corner."""
    wanted = {fig.slot: fig for fig in figures}
    out: list[Placement] = []
    for number, page in enumerate(pages):
        for slot, position in sorted(page.anchors.items()):
            fig = wanted.pop(slot, None)
            if fig is not None:  # (x, y), or (x1, y1, x2, y2) in newer WeasyPrint: the top-left is first
                out.append(Placement(number, float(position[0]), float(position[1]), fig.width_mm, fig.art))
    for slot in wanted:
        log.warning("map %s has no place in the laid-out document; left out", slot)
    return out
