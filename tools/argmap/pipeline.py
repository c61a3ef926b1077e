"""The one place that orders the stages of a site build: load → check → analysis → maps → pages.

No MkDocs, no click: the MkDocs plugin and the CLI call :func:`build_site` and hand its
pages to whatever publishes them. Optional stages (maps, grounded labels, exports, PDF) run
when their modules are importable and are skipped with a log line otherwise.
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field

from argmap import buildcache
from argmap.core.analysis import Analysis, analyse
from argmap.core.diagnostics import Report, format_text
from argmap.core.loader import load
from argmap.core.model import Corpus
from argmap.deps import PageCache
from argmap.website.pages import PageRenderer, SiteOptions, safe_title, use_template_cache, valid_id
from argmap.website.sitemaps import render_maps

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]
EXPORT_FORMATS: tuple[tuple[str, str, str], ...] = (
    ("json", "json", "the whole map as JSON"),
    ("aif", "aif.json", "Argument Interchange Format (AIF) JSON, for argument-mining tools"),
    ("argdown", "argdown", "Argdown text"),
    ("graphml", "graphml", "GraphML, for graph tools such as Gephi or yEd"),
)
PDF_NAME = "downloads/argument-map.pdf"


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


def grounded(corpus: Corpus) -> dict[str, str]:
    try:
        from argmap.core.semantics import grounded_labels
    except ImportError:
        return {}
    try:
        return dict(grounded_labels(corpus))
    except Exception as exc:
        log.warning("grounded labels skipped: %s", exc)
        return {}


def downloads(corpus: Corpus, *, pdf: bool = True,
              cache_dir: str | None = None) -> tuple[dict[str, str | bytes], list[tuple[str, str, str]]]:
    """Exports and the PDF, when their modules exist: (files, [(label, path, note)]).

    With ``cache_dir`` each product is kept under a key of the claim files, argmap's code and the
    product's other inputs (:mod:`argmap.buildcache`), so unchanged claims are not exported again.
    """
    files: dict[str, str | bytes] = {}
    links: list[tuple[str, str, str]] = []
    try:
        from argmap.interchange import export  # type: ignore[attr-defined]
    except ImportError:
        export = None
    if export is not None:
        for fmt, ext, note in EXPORT_FORMATS:
            try:
                files[f"downloads/argument-map.{ext}"] = buildcache.cached(
                    cache_dir, "exports", buildcache.product_key(corpus.files, "export", fmt),
                    lambda: _as_bytes(export(corpus, fmt)), keep=2 * len(EXPORT_FORMATS)).decode("utf-8")
                links.append((f"argument-map.{ext}", f"downloads/argument-map.{ext}", note))
            except Exception as exc:
                log.warning("export %s skipped: %s", fmt, exc)
    if pdf:
        try:
            from argmap.pdf.build import build_pdf
        except ImportError:
            build_pdf = None
        if build_pdf is not None:
            try:
                files[PDF_NAME] = buildcache.cached(cache_dir, "pdf", _pdf_key(corpus),
                                                    lambda: _make_pdf(build_pdf, corpus, cache_dir), keep=2)
                links.insert(0, ("argument-map.pdf", PDF_NAME, "the whole map as a PDF for print and offline reading"))
            except Exception as exc:
                log.warning("PDF skipped: %s", exc)
    return files, links


def _as_bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _pdf_key(corpus: Corpus) -> str | None:
    """The PDF's inputs besides the claims: its date, stylesheet, paper and Graphviz's version."""
    from argmap.pdf.build import build_date, find_css

    try:
        css = find_css(corpus).read_bytes()
        when = build_date(corpus=corpus).isoformat()
    except Exception:
        return None
    try:
        from argmap.maps.svg import dot_version

        dot = dot_version()
    except Exception:
        dot = "none"
    return buildcache.product_key(corpus.files, "pdf", "a4", when, css, dot)


def _make_pdf(build_pdf: Callable[..., None], corpus: Corpus, cache_dir: str | None) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "map.pdf")
        build_pdf(corpus, out, cache_dir=cache_dir)
        with open(out, "rb") as fh:
            return fh.read()


def build_site(claims_dir: str, *, options: SiteOptions = SiteOptions(), cache_dir: str | None = None,
               maps: bool = True, with_downloads: bool = True, pdf: bool = True,
               progress: ProgressFn | None = None) -> SiteResult:
    """Load and check the claims, analyse them, draw the maps and render every generated page.

    With ``cache_dir`` the whole result is kept under a key of every input (:func:`_site_key`),
    so a rebuild with unchanged claims, such as a live preview reloading after a hand-written
    page changed, reuses it instead of loading and rendering again.
    """
    use_template_cache(buildcache.template_cache(cache_dir))
    key = _site_key(claims_dir, options, maps=maps, with_downloads=with_downloads, pdf=pdf) if cache_dir else None
    hit = buildcache.get(cache_dir, "results", key)
    if hit is not None:
        try:
            cached = pickle.loads(hit)
        except Exception as exc:
            log.debug("site cache entry unreadable: %s", exc)
        else:
            if isinstance(cached, SiteResult):
                return cached
    result = _build_site(claims_dir, options=options, cache_dir=cache_dir, maps=maps,
                         with_downloads=with_downloads, pdf=pdf, progress=progress)
    try:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        log.debug("site result not cached: %s", exc)
    else:
        buildcache.put(cache_dir, "results", key, data, keep=2)
    return result


def _site_key(claims_dir: str, options: SiteOptions, **flags: bool) -> str | None:
    """Every input of :func:`build_site` besides argmap's code: each file under the claims folder,
    the options, the working folder (paths in diagnostics are relative to it), Graphviz's version,
    the PDF's date (:mod:`argmap.contentdate`) and stylesheet, and the versions of the libraries
    that write the outputs."""
    files: list[str] = []
    for dirpath, dirnames, names in os.walk(claims_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        files += [os.path.join(dirpath, n) for n in names if not n.startswith(".")]
    extra: list[str | bytes] = [claims_dir, os.getcwd(), repr(options), repr(sorted(flags.items()))]
    try:
        from argmap.maps.svg import dot_version

        extra.append(dot_version())
    except Exception:
        extra.append("no graphviz")
    if flags.get("pdf") and flags.get("with_downloads"):
        from argmap.contentdate import content_date

        try:
            extra.append(content_date(claims_dir, files).isoformat())
        except ValueError as exc:  # a bad SOURCE_DATE_EPOCH: the PDF stage reports it
            extra.append(f"bad date {exc}")
        from argmap.pdf.build import css_candidates

        for css in css_candidates(claims_dir):
            extra.append(css.read_bytes() if css.is_file() else f"no {css}")
    for dist in ("jinja2", "markdown-it-py", "weasyprint", "pypdf", "networkx", "pyyaml"):
        try:
            extra.append(f"{dist} {importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            extra.append(f"{dist} none")
    return buildcache.product_key(files, *extra)


def _build_site(claims_dir: str, *, options: SiteOptions, cache_dir: str | None, maps: bool,
                with_downloads: bool, pdf: bool, progress: ProgressFn | None) -> SiteResult:
    result = load(claims_dir)
    corpus, report = result.corpus, result.report
    problems = [format_text(d) for d in report.errors]
    analysis = analyse(corpus)
    blocks, notes = render_maps(corpus, cache_dir=cache_dir, progress=progress) if maps else ({}, [])
    files: dict[str, str | bytes] = {}
    links: list[tuple[str, str, str]] = []
    if with_downloads:
        files, links = downloads(corpus, pdf=pdf, cache_dir=cache_dir)
    renderer = PageRenderer(corpus, analysis, maps=blocks, labels=grounded(corpus), options=options,
                            problems=problems, downloads=links)
    renderer.page_cache = PageCache(cache_dir, options) if cache_dir else None
    pages = renderer.pages()
    if renderer.page_cache is not None:
        renderer.page_cache.save()
        renderer.page_cache = None
    files.update(renderer.redirects())
    nav = [(safe_title(s.title) or s.id, f"sections/{s.id}.md") for s in corpus.section_order() if valid_id(s.id)]
    for note in notes:
        log.info("%s", note)
    return SiteResult(corpus, report, analysis, renderer, pages, dict(sorted(files.items())), nav, notes)
