"""The one place that orders the stages of a site build: load → check → analysis → maps → pages.

No MkDocs, no click: the MkDocs plugin and the CLI call :func:`build_site` and hand its
pages to whatever publishes them. Every product asked for (maps, grounded labels, exports, the
PDF) is made or the build fails with a :class:`ProductError` naming the product and the cause;
a product is left out only when the caller asks for that (``maps=False``, ``pdf=False``, ...).
"""

from __future__ import annotations

import functools
import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from argmap import buildcache
from argmap.background import Background
from argmap.background import available as background_available
from argmap.contentdate import content_date
from argmap.core.analysis import Analysis, analyse
from argmap.core.diagnostics import Report, format_text
from argmap.core.loader import load
from argmap.core.model import Corpus
from argmap.core.semantics import Labelling
from argmap.deps import PageCache
from argmap.interchange import ExportError, export
from argmap.labelcache import SiteLabels, site_labels
from argmap.maps.graph import ViewError
from argmap.maps.svg import RenderError, dot_version
from argmap.pdf.build import PdfError, build_date, build_pdf, css_candidates, find_css
from argmap.website.pages import PageRenderer
from argmap.website.records import MapBlock, SiteOptions, safe_title, valid_id
from argmap.website.sitemaps import BlockStore, render_maps
from argmap.website.templating import use_template_cache

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]
EXPORT_FORMATS: tuple[tuple[str, str, str], ...] = (
    ("json", "json", "the whole map as JSON"),
    ("aif", "aif.json", "Argument Interchange Format (AIF) JSON, for argument-mining tools"),
    ("argdown", "argdown", "Argdown text"),
    ("graphml", "graphml", "GraphML, for graph tools such as Gephi or yEd"),
)
PDF_NAME = "downloads/argument-map.pdf"
#: The errors a product's step is expected to raise (bad input, a missing or failing tool, a
#: full disk); anything else is a bug and propagates as it is, with the product named in a note.
EXPECTED = (PdfError, RenderError, ExportError, ViewError, OSError)


class ProductError(Exception):
    """A product the build was asked for could not be made: the message names it and the cause."""

    def __init__(self, product: str, cause: BaseException) -> None:
        super().__init__(f"{product} could not be built: {cause}")
        self.product = product
        self.cause = cause

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its cause's message (a product made in a child process, :mod:`argmap.background`)."""
        state = {k: v for k, v in self.__dict__.items() if k != "cause"}  # its notes, if any
        return (ProductError, (self.product, RuntimeError(str(self.cause))), state)


@contextmanager
def making(product: str) -> Iterator[None]:
    """Run one product's step: an expected failure becomes a :class:`ProductError`; any other
    exception is re-raised unchanged with a note naming the product (never swallowed)."""
    try:
        yield
    except EXPECTED as exc:
        raise ProductError(product, exc) from exc
    except Exception as exc:  # re-raised: only a note is added
        exc.add_note(f"argmap: while making {product}")
        raise


@dataclass
class SiteResult:
    corpus: Corpus
    report: Report
    analysis: Analysis
    renderer: PageRenderer
    pages: dict[str, str]                 # Markdown source path → text
    files: dict[str, str | bytes]         # other generated files (redirects, downloads) → content
    nav_sections: list[tuple[str, str]]   # (title, source path) in reading order
    notes: list[str] = field(default_factory=list)  # stages that were skipped or failed, for the log
    #: What :meth:`finish` still has to do (``build_site(..., background_maps=True)``); never pickled.
    _finish: Callable[[ProgressFn | None], None] | None = field(default=None, repr=False, compare=False)

    def finish(self, progress: ProgressFn | None = None) -> None:
        """Wait for the maps still being drawn in the background and keep the result in the cache.

        Raises :class:`ProductError` when a map could not be drawn. Nothing to do for a result
        built without ``background_maps``, or finished already."""
        pending, self._finish = self._finish, None
        if pending is not None:
            pending(progress)


def labels(corpus: Corpus, cache_dir: str | None) -> SiteLabels:
    """The labels under every semantics, from the build cache while the argument structure is
    unchanged (:mod:`argmap.labelcache`)."""
    with making("the acceptability labels"):
        return site_labels(corpus, cache_dir)


def _export_key(corpus: Corpus, fmt: str) -> str | None:
    return buildcache.product_key(corpus.files, "export", fmt)


def exports(corpus: Corpus, cache_dir: str | None, labelling: Labelling | None) -> dict[str, str | bytes]:
    """The export files (downloads/argument-map.*), each from the build cache while the claim files
    are unchanged (:mod:`argmap.buildcache`)."""
    files: dict[str, str | bytes] = {}
    for fmt, ext, _note in EXPORT_FORMATS:
        with making(f"the {fmt} export (downloads/argument-map.{ext})"):
            files[f"downloads/argument-map.{ext}"] = buildcache.cached(
                cache_dir, "exports", _export_key(corpus, fmt),
                functools.partial(_export, corpus, fmt, labelling), keep=2 * len(EXPORT_FORMATS)).decode("utf-8")
    return files


def exports_in_background(corpus: Corpus, cache_dir: str | None,
                          labelling: Labelling | None) -> Background[dict[str, str | bytes]] | None:
    """:func:`exports` made in a forked child while this process renders the pages; None when
    every export is in the cache already (or no child can be forked): make them here."""
    if not cache_dir or not background_available() or all(
            buildcache.has(cache_dir, "exports", _export_key(corpus, fmt)) for fmt, _, _ in EXPORT_FORMATS):
        return None
    return Background(lambda _progress: exports(corpus, cache_dir, labelling), total=1, name="argmap exports")


def downloads(corpus: Corpus, *, pdf: bool = True, cache_dir: str | None = None,
              labelling: Labelling | None = None,
              with_exports: bool = True) -> tuple[dict[str, str | bytes], list[tuple[str, str, str]]]:
    """Exports and the PDF, when their modules exist: (files, [(label, path, note)]).

    With ``cache_dir`` each product is kept under a key of the claim files, argmap's code and the
    product's other inputs (:mod:`argmap.buildcache`), so unchanged claims are not exported again.
    ``labelling``: the corpus' grounded labelling when known, which the exports then write
    rather than labelling the corpus again.
    """
    files = exports(corpus, cache_dir, labelling) if with_exports else {}
    links = [(f"argument-map.{ext}", f"downloads/argument-map.{ext}", note) for _fmt, ext, note in EXPORT_FORMATS]
    if pdf:
        with making(f"the PDF ({PDF_NAME})"):
            files[PDF_NAME] = buildcache.cached(cache_dir, "pdf", _pdf_key(corpus),
                                                lambda: _make_pdf(build_pdf, corpus, cache_dir), keep=2)
        links.insert(0, ("argument-map.pdf", PDF_NAME, "the whole map as a PDF for print and offline reading"))
    return files, links


def _export(corpus: Corpus, fmt: str, labelling: Labelling | None) -> bytes:
    return export(corpus, fmt, labelling=labelling).encode("utf-8")


def _pdf_key(corpus: Corpus) -> str | None:
    """The PDF's inputs besides the claims: its date, stylesheet, paper and Graphviz's version;
    None (not cached) when one of them is wrong, so that :func:`build_pdf` says what is."""
    try:
        css = find_css(corpus).read_bytes()
        when = build_date(corpus=corpus).isoformat()
        dot = dot_version()
    except (PdfError, RenderError, OSError):
        return None
    return buildcache.product_key(corpus.files, "pdf", "a4", when, css, dot)


def _make_pdf(build_pdf: Callable[..., None], corpus: Corpus, cache_dir: str | None) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "map.pdf")
        build_pdf(corpus, out, cache_dir=cache_dir)
        with open(out, "rb") as fh:
            return fh.read()


#: The live preview's last result, under its key (:func:`build_site` with ``store`` false).
_RECENT: dict[str, SiteResult] = {}


def build_site(claims_dir: str, *, options: SiteOptions = SiteOptions(), cache_dir: str | None = None,
               maps: bool = True, with_downloads: bool = True, pdf: bool = True,
               progress: ProgressFn | None = None, store: bool = True, background_maps: bool = False) -> SiteResult:
    """Load and check the claims, analyse them, draw the maps and render every generated page.

    With ``cache_dir`` the whole result is kept under a key of every input (:func:`_site_key`),
    so a rebuild with unchanged claims reuses it instead of loading and rendering again. With
    ``store`` false (the live preview) the result is kept in this process only: pickling it for
    the cache is some 2 s of a 5,000-claim rebuild after each save.

    With ``background_maps`` (and ``cache_dir``) the maps not in the cache, and the exports, are
    made in child processes while this one renders the pages (:func:`render_maps`,
    :func:`exports_in_background`); the caller must call :meth:`SiteResult.finish` before it
    reads a map, and that is where a map's error is raised.
    """
    use_template_cache(buildcache.template_cache(cache_dir))
    key = _site_key(claims_dir, options, maps=maps, with_downloads=with_downloads, pdf=pdf) if cache_dir else None
    if not store and key is not None and _RECENT.get(key) is not None:
        return _RECENT[key]
    hit = buildcache.get(cache_dir, "results", key)
    if hit is not None:
        try:
            cached = pickle.loads(hit)
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError) as exc:
            log.debug("site cache entry unreadable: %s", exc)
        else:
            if isinstance(cached, SiteResult):
                return cached
    result = _build_site(claims_dir, options=options, cache_dir=cache_dir, maps=maps,
                         with_downloads=with_downloads, pdf=pdf, progress=progress, store=store,
                         background=background_maps and cache_dir is not None)
    blocks = result.renderer.maps
    if isinstance(blocks, BlockStore) and blocks.drawing:
        def finish(progress: ProgressFn | None) -> None:
            with making("the argument maps"):
                blocks.wait(progress)
            if store:
                _store(cache_dir, key, result)
        result._finish = finish
    elif store:
        _store(cache_dir, key, result)
    if not store:
        _RECENT.clear()
        if key is not None:
            _RECENT[key] = result
    return result


def _store(cache_dir: str | None, key: str | None, result: SiteResult) -> None:
    """Keep ``result`` in the build cache under ``key`` (its maps' index, not their blocks)."""
    try:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as exc:
        log.debug("site result not cached: %s", exc)
    else:
        buildcache.put(cache_dir, "results", key, data, keep=2)


def _site_key(claims_dir: str, options: SiteOptions, **flags: bool) -> str | None:
    """Every input of :func:`build_site`: each file under the claims folder, the options, the
    working folder (paths in diagnostics are relative to it), Graphviz's version, the PDF's date
    (:mod:`argmap.contentdate`) and stylesheet, and (through :func:`buildcache.product_key`)
    argmap's one code fingerprint."""
    files: list[str] = []
    for dirpath, dirnames, names in os.walk(claims_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        files += [os.path.join(dirpath, n) for n in names if not n.startswith(".")]
    extra: list[str | bytes] = [claims_dir, os.getcwd(), repr(options), repr(sorted(flags.items()))]
    try:
        extra.append(dot_version())
    except RenderError:  # no Graphviz: the build says so (when it draws maps)
        extra.append("no graphviz")
    if flags.get("pdf") and flags.get("with_downloads"):
        try:
            extra.append(content_date(claims_dir, files).isoformat())
        except ValueError as exc:  # a bad SOURCE_DATE_EPOCH: the PDF stage reports it
            extra.append(f"bad date {exc}")
        for css in css_candidates(claims_dir):
            extra.append(css.read_bytes() if css.is_file() else f"no {css}")
    return buildcache.product_key(files, *extra)


def _build_site(claims_dir: str, *, options: SiteOptions, cache_dir: str | None, maps: bool,
                with_downloads: bool, pdf: bool, progress: ProgressFn | None, store: bool = True,
                background: bool = False) -> SiteResult:
    result = load(claims_dir)
    corpus, report = result.corpus, result.report
    problems = [format_text(d) for d in report.errors]
    analysis = analyse(corpus)
    blocks: Mapping[str, MapBlock] = {}
    notes: list[str] = []
    if maps:
        with making("the argument maps"):
            blocks, notes = render_maps(corpus, cache_dir=cache_dir, progress=progress, background=background)
    lab = labels(corpus, cache_dir)
    files: dict[str, str | bytes] = {}
    links: list[tuple[str, str, str]] = []
    made = exports_in_background(corpus, cache_dir, lab.grounded) if with_downloads and background else None
    if with_downloads:
        files, links = downloads(corpus, pdf=pdf, cache_dir=cache_dir, labelling=lab.grounded,
                                 with_exports=made is None)
    renderer = PageRenderer(corpus, analysis, maps=blocks, labels=dict(lab.grounded.claims), options=options,
                            problems=problems, downloads=links, labelling=lab.grounded, semantics=lab.summary)
    renderer.page_cache = PageCache(cache_dir, options, store=store) if cache_dir else None
    pages = renderer.pages()
    if renderer.page_cache is not None:
        renderer.page_cache.save()
        renderer.page_cache = None
    if made is not None:
        files.update(made.result())
    files.update(renderer.redirects())
    nav = [(safe_title(s.title) or s.id, f"sections/{s.id}.md") for s in corpus.section_order() if valid_id(s.id)]
    for note in notes:
        log.info("%s", note)
    return SiteResult(corpus, report, analysis, renderer, pages, dict(sorted(files.items())), nav, notes)
