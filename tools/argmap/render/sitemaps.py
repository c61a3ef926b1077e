"""Every map the website shows, as inline-ready blocks (SVG + HTML outline), with a block cache.

The map model decides what is drawn (``argmap.mapgraph``), ``render.dot`` and ``render.svg``
draw it. This module only picks the maps a site needs and caches the finished blocks by a hash
of the map graph and of the drawing code, so a warm build skips DOT writing, Graphviz and the
outline's Markdown entirely. An index keyed by a hash of the claim files themselves lets a build
of unchanged claims skip building the graphs too. Links keep the ``@@ROOT@@`` prefix; pages
resolve it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from typing import Any, Callable

from ..fsio import write_atomic
from ..markup import safe_link
from ..model import Corpus
from .pages import MapBlock, valid_id

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]
CACHE_VERSION = "1"
_LABELS = {"overview": "Argument map: overview of the paper", "section": "Argument map of section {}",
           "claim": "Argument map around claim {}", "comparison": "Comparison map {}"}
_FINGERPRINT: str | None = None
_OUTLINE: Any = None


def map_jobs(corpus: Corpus) -> list[tuple[str, str, str | None]]:
    """(key, view, target) for every map the pages show."""
    jobs: list[tuple[str, str, str | None]] = [("overview", "overview", None)]
    jobs += [(f"section:{s.id}", "section", s.id) for s in corpus.section_order()
             if valid_id(s.id) and corpus.claims_in(s.id)]
    jobs += [(f"claim:{cid}", "claim", cid) for cid in corpus.claims if valid_id(cid)]
    jobs += [(f"comparison:{cid}", "comparison", cid) for cid in corpus.comparisons if valid_id(cid)]
    return jobs


def outline_html(markdown: str) -> str:
    """A map's text outline (a Markdown list) as HTML: CommonMark with raw HTML off, safe links only."""
    global _OUTLINE
    if _OUTLINE is None:
        from markdown_it import MarkdownIt

        _OUTLINE = MarkdownIt("commonmark", {"html": False, "linkify": False})
        _OUTLINE.validateLink = lambda url: safe_link(url) or not re.match(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]*:", url)
    return str(_OUTLINE.render(markdown))


def _fingerprint() -> str:
    """A hash of the code that turns a graph into a block, so a new argmap never reuses old maps."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        from .. import __version__, mapgraph
        from . import dot, svg

        h = hashlib.sha256(f"{CACHE_VERSION}|{__version__}".encode())
        for module in (mapgraph, dot, svg, __import__(__name__, fromlist=["x"])):
            path = getattr(module, "__file__", None)
            if path and os.path.exists(path):
                with open(path, "rb") as fh:
                    h.update(fh.read())
        _FINGERPRINT = h.hexdigest()
    return _FINGERPRINT


def _cache_path(cache_dir: str, digest: str) -> str:
    return os.path.join(cache_dir, "blocks", digest[:2], digest + ".json")


def _read(cache_dir: str | None, digest: str) -> dict[str, str] | None:
    if not cache_dir:
        return None
    try:
        with open(_cache_path(cache_dir, digest), encoding="utf-8") as fh:
            data = json.load(fh)
        return data if isinstance(data, dict) and "svg" in data and "outline" in data else None
    except (OSError, ValueError):
        return None


def _write(cache_dir: str | None, digest: str, data: dict[str, str]) -> None:
    if not cache_dir:
        return
    path = _cache_path(cache_dir, digest)
    try:
        write_atomic(path, json.dumps(data, sort_keys=True))  # a concurrent build never reads half a file
    except OSError as exc:
        log.debug("map cache not written: %s", exc)


def _corpus_digest(corpus: Corpus) -> str | None:
    """A hash of every claim file's bytes and of the drawing code; None when a file is unreadable."""
    h = hashlib.sha256(_fingerprint().encode())
    for path in sorted(corpus.files):
        try:
            with open(path, "rb") as fh:
                h.update(path.encode() + b"\0" + fh.read() + b"\0")
        except OSError:
            return None
    return h.hexdigest()


def _from_index(blocks_dir: str, digest: str, jobs: list[tuple[str, str, str | None]]) -> dict[str, MapBlock] | None:
    """All blocks of an unchanged corpus, straight from the cache (no graph is rebuilt)."""
    index = _read_index(blocks_dir, digest)
    if index is None:
        return None
    out: dict[str, MapBlock] = {}
    for key, view, target in jobs:
        if key not in index:
            continue  # a map that could not be drawn last time
        hit = _read(blocks_dir, index[key])
        if hit is None:
            return None
        out[key] = MapBlock(svg=hit["svg"], outline=hit["outline"], label=_LABELS[view].format(target or ""))
    return out


def _read_index(blocks_dir: str, digest: str) -> dict[str, str] | None:
    try:
        with open(os.path.join(blocks_dir, "index", digest + ".json"), encoding="utf-8") as fh:
            data = json.load(fh)
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def _write_index(blocks_dir: str, digest: str, index: dict[str, str]) -> None:
    path = os.path.join(blocks_dir, "index", digest + ".json")
    try:
        write_atomic(path, json.dumps(index, sort_keys=True))
    except OSError as exc:
        log.debug("map index not written: %s", exc)


def _render(sources: list[tuple[str, str]], cache_dir: str | None,
            progress: ProgressFn | None) -> dict[str, bytes]:
    from . import svg

    try:
        return svg.render_many(sources, "svg", cache_dir=cache_dir, progress=progress)
    except Exception as exc:  # noqa: BLE001 - retry one by one so one bad map costs only itself
        log.warning("maps: %s; drawing them one by one", exc)
    out: dict[str, bytes] = {}
    for name, src in sources:
        try:
            out[name] = svg.render(src, "svg", cache_dir=cache_dir, name=name)
        except Exception as exc:  # noqa: BLE001
            log.warning("map %s left out: %s", name, exc)
    return out


def render_maps(corpus: Corpus, *, cache_dir: str | None = None,
                progress: ProgressFn | None = None) -> tuple[dict[str, MapBlock], list[str]]:
    """Every map of the site; ({}, [why]) when maps cannot be drawn (module or Graphviz missing)."""
    try:
        from .. import mapgraph
        from . import dot, svg
    except ImportError as exc:
        return {}, [f"maps skipped: {exc}"]
    if not corpus.claims:
        return {}, []
    try:
        svg.dot_version()
    except Exception as exc:  # noqa: BLE001 - e.g. Graphviz missing: the site builds without maps
        return {}, [f"maps skipped: {exc}"]
    blocks_dir = os.path.join(cache_dir, "site") if cache_dir else None
    jobs = map_jobs(corpus)
    corpus_digest = _corpus_digest(corpus) if blocks_dir else None
    if blocks_dir and corpus_digest:
        cached = _from_index(blocks_dir, corpus_digest, jobs)
        if cached is not None:
            return cached, []
    out: dict[str, MapBlock] = {}
    index: dict[str, str] = {}
    todo: dict[str, tuple[str, str, str]] = {}  # key → (digest, label, outline html)
    sources: list[tuple[str, str]] = []
    for key, view, target in jobs:
        label = _LABELS[view].format(target or "")
        prefix = key.replace(":", "-") + "-"
        try:
            graph = mapgraph.build_view(corpus, view, target)
            digest = hashlib.sha256(f"{_fingerprint()}|{prefix}|{graph!r}".encode()).hexdigest()
            index[key] = digest
            hit = _read(blocks_dir, digest)
            if hit is not None:
                out[key] = MapBlock(svg=hit["svg"], outline=hit["outline"], label=label)
                continue
            sources.append((key, dot.to_dot(graph, url_prefix="@@ROOT@@", id_prefix=prefix)))
            todo[key] = (digest, label, outline_html(mapgraph.outline(graph)))
        except Exception as exc:  # noqa: BLE001 - one bad map must not stop the site
            log.warning("map %s could not be built: %s", key, exc)
    if sources:
        for key, data in _render(sources, cache_dir, progress).items():
            digest, label, outline = todo[key]
            text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
            start = text.find("<svg")
            text = text[start:] if start >= 0 else ""
            _write(blocks_dir, digest, {"svg": text, "outline": outline})
            out[key] = MapBlock(svg=text, outline=outline, label=label)
    if blocks_dir and corpus_digest:
        _write_index(blocks_dir, corpus_digest, {k: index[k] for k in sorted(out)})
    return {k: out[k] for k in sorted(out)}, []
