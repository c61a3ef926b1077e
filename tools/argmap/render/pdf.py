"""The print document → an offline PDF, through WeasyPrint.

Nothing is fetched from the network: WeasyPrint gets a URL fetcher that serves only
``file:`` and ``data:`` URLs (the print CSS and the embedded SVG maps) and refuses the rest.
The output is reproducible: with the same input and the same ``SOURCE_DATE_EPOCH`` two builds
give the same bytes (the build date, the PDF's creation and modification dates and its file
identifier all come from the input, never from the clock).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import pathlib
import tempfile
from typing import Any, Callable

from ..fsio import write_atomic
from ..model import Corpus
from .printdoc import MapFigure, PrintOptions, build_html

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]
PAPER_SIZES = {"a4": "A4", "letter": "letter"}
#: The tallest a map may be on each paper size: what fits under a chapter heading.
MAP_HEIGHT = {"a4": "225mm", "letter": "205mm"}
PRINT_CSS = "print.css"
#: The print stylesheet that ships with argmap (site_config/ at the top of the repository).
DEFAULT_CSS = pathlib.Path(__file__).resolve().parents[3] / "site_config" / PRINT_CSS
ALLOWED_SCHEMES = ("file", "data")
MAP_TITLES = {"overview": "Overview of the paper's argument", "section": "Map of section {}",
              "comparison": "Comparison map: {}"}


class PdfError(Exception):
    """A problem with the input or the environment, said in one sentence with a hint."""


def build_date(source_date_epoch: int | str | None = None) -> dt.datetime:
    """The build's moment: ``SOURCE_DATE_EPOCH`` (argument, then environment) or now, in UTC."""
    raw = source_date_epoch if source_date_epoch is not None else os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw == "":
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    try:
        return dt.datetime.fromtimestamp(int(raw), dt.timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError) as exc:
        raise PdfError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got {raw!r}") from exc


def find_css(corpus: Corpus) -> pathlib.Path:
    """The project's ``site_config/print.css`` next to the claims folder, else argmap's own."""
    root = pathlib.Path(corpus.root or ".").resolve()
    for folder in (root.parent, root.parent.parent):
        candidate = folder / "site_config" / PRINT_CSS
        if candidate.is_file():
            return candidate
    if DEFAULT_CSS.is_file():
        return DEFAULT_CSS
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


def render_maps(corpus: Corpus, *, cache_dir: str | None = None,
                progress: ProgressFn | None = None) -> list[MapFigure]:
    """The overview, section and comparison maps as SVG; [] (with a log line) when maps cannot be drawn."""
    try:
        from .. import mapgraph
        from .maps import render_graphs
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
            graphs.append(mapgraph.build_view(corpus, view, target))
        except Exception as exc:  # noqa: BLE001 - one map that cannot be drawn must not stop the PDF
            log.warning("map %s left out of the PDF: %s", key, exc)
            continue
        if view == "section":
            titles[key] = MAP_TITLES[view].format(corpus.sections[target or ""].title)
        elif view == "comparison":
            titles[key] = MAP_TITLES[view].format(corpus.comparisons[target or ""].title)
        else:
            titles[key] = MAP_TITLES[view]
    try:
        # No links: links inside SVG do not survive into the PDF; the text prints page references.
        svgs = render_graphs(graphs, "svg", url_prefix=None, cache_dir=cache_dir, progress=progress)
    except Exception as exc:  # noqa: BLE001 - e.g. Graphviz missing: the PDF is made without maps
        log.warning("maps left out of the PDF: %s", exc)
        return []
    return [MapFigure(key, titles[key], bytes(data) if isinstance(data, (bytes, bytearray)) else str(data).encode())
            for key, data in svgs.items() if key in titles]


def build_pdf(corpus: Corpus, out_path: str | os.PathLike[str], *, paper: str = "a4",
              source_date_epoch: int | str | None = None, cache_dir: str | None = None,
              progress: ProgressFn | None = None, maps: bool = True) -> None:
    """Write the whole map as a PDF to ``out_path``; raise :class:`PdfError` for bad input."""
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
    when = build_date(source_date_epoch)  # a bad SOURCE_DATE_EPOCH fails before any work
    css = find_css(corpus)
    steps, done = 5, 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, steps)

    with tempfile.TemporaryDirectory(prefix="argmap-pdf-") as tmp:
        figures = render_maps(corpus, cache_dir=cache_dir) if maps else []
        step()
        # Maps go in as files: parsing a megabyte of data: URL in the HTML is slow.
        for n, fig in enumerate(figures):
            path = pathlib.Path(tmp) / f"map-{n}.svg"
            path.write_bytes(fig.svg)
            figures[n] = dataclasses.replace(fig, url=path.as_uri())
        _write(corpus, figures, target=pathlib.Path(out_path), paper=paper, when=when, css=css, step=step,
               weasyprint=weasyprint)


def _write(corpus: Corpus, figures: list[MapFigure], *, target: pathlib.Path, paper: str, when: dt.datetime,
           css: pathlib.Path, step: Callable[[], None], weasyprint: Any) -> None:
    options = PrintOptions(build_date=when.date(), created=when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    html = build_html(corpus, options, figures)
    step()
    fetcher = offline_fetcher()
    stylesheets = [
        weasyprint.CSS(filename=str(css), url_fetcher=fetcher),
        weasyprint.CSS(string=f"@page {{ size: {PAPER_SIZES[paper]}; }} figure.map img {{ max-height: {MAP_HEIGHT[paper]}; }}",
                       url_fetcher=fetcher),
    ]
    document = weasyprint.HTML(string=html, base_url=css.parent.as_uri() + "/", url_fetcher=fetcher)
    rendered = document.render(stylesheets=stylesheets)
    step()
    log.info("PDF laid out: %d pages", len(rendered.pages))
    data = rendered.write_pdf(pdf_identifier=True)
    step()
    write_atomic(target, data)
    step()
