"""The one place that orders the stages of a site build: load → check → analysis → maps → pages.

No MkDocs, no click: the MkDocs plugin and the CLI call :func:`build_site` and hand its
pages to whatever publishes them. Optional stages (maps, grounded labels, exports, PDF) run
when their modules are importable and are skipped with a log line otherwise.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass, field
from typing import Callable

from .analysis import Analysis, analyse
from .diagnostics import Report, format_text
from .loader import load
from .model import Corpus
from .render.pages import PageRenderer, SiteOptions, safe_title, valid_id
from .render.sitemaps import render_maps

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
        from .semantics import grounded_labels
    except ImportError:
        return {}
    try:
        return dict(grounded_labels(corpus))
    except Exception as exc:  # noqa: BLE001
        log.warning("grounded labels skipped: %s", exc)
        return {}


def downloads(corpus: Corpus, *, pdf: bool = True) -> tuple[dict[str, str | bytes], list[tuple[str, str, str]]]:
    """Exports and the PDF, when their modules exist: (files, [(label, path, note)])."""
    files: dict[str, str | bytes] = {}
    links: list[tuple[str, str, str]] = []
    try:
        from .interchange import export  # type: ignore[attr-defined]
    except ImportError:
        export = None
    if export is not None:
        for fmt, ext, note in EXPORT_FORMATS:
            try:
                files[f"downloads/argument-map.{ext}"] = export(corpus, fmt)
                links.append((f"argument-map.{ext}", f"downloads/argument-map.{ext}", note))
            except Exception as exc:  # noqa: BLE001
                log.warning("export %s skipped: %s", fmt, exc)
    if pdf:
        try:
            from .render.pdf import build_pdf
        except ImportError:
            build_pdf = None
        if build_pdf is not None:
            with tempfile.TemporaryDirectory() as tmp:
                out = os.path.join(tmp, "map.pdf")
                try:
                    build_pdf(corpus, out)
                    with open(out, "rb") as fh:
                        files[PDF_NAME] = fh.read()
                    links.insert(0, ("argument-map.pdf", PDF_NAME, "the whole map as a PDF for print and offline reading"))
                except Exception as exc:  # noqa: BLE001
                    log.warning("PDF skipped: %s", exc)
    return files, links


def build_site(claims_dir: str, *, options: SiteOptions = SiteOptions(), cache_dir: str | None = None,
               maps: bool = True, with_downloads: bool = True, pdf: bool = True,
               progress: ProgressFn | None = None) -> SiteResult:
    """Load and check the claims, analyse them, draw the maps and render every generated page."""
    result = load(claims_dir)
    corpus, report = result.corpus, result.report
    problems = [format_text(d) for d in report.errors]
    analysis = analyse(corpus)
    blocks, notes = render_maps(corpus, cache_dir=cache_dir, progress=progress) if maps else ({}, [])
    files: dict[str, str | bytes] = {}
    links: list[tuple[str, str, str]] = []
    if with_downloads:
        files, links = downloads(corpus, pdf=pdf)
    renderer = PageRenderer(corpus, analysis, maps=blocks, labels=grounded(corpus), options=options,
                            problems=problems, downloads=links)
    pages = renderer.pages()
    files.update(renderer.redirects())
    nav = [(safe_title(s.title) or s.id, f"sections/{s.id}.md") for s in corpus.section_order() if valid_id(s.id)]
    for note in notes:
        log.info("%s", note)
    return SiteResult(corpus, report, analysis, renderer, pages, dict(sorted(files.items())), nav, notes)
