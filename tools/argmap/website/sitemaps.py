"""Every map the website shows, as inline-ready blocks (SVG + HTML outline), with a block cache.

The map model decides what is drawn (``argmap.maps.graph``), ``maps.dot`` and ``maps.svg``
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
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from argmap.buildcache import code_fingerprint, files_digest
from argmap.core.markup import safe_link
from argmap.core.model import Corpus
from argmap.fsio import write_atomic
from argmap.maps import dot, svg, views
from argmap.maps import graph as mapgraph
from argmap.website.mapframe import canvas_attrs
from argmap.website.records import MapBlock, map_label, valid_id

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]
CACHE_VERSION = "2"
#: What a block cache entry holds: the SVG, the outline's HTML and the canvas' attributes.
BLOCK_FIELDS = ("svg", "outline", "attrs")
_OUTLINE: Any = None


#: A claim page's map shows two steps around the claim while that is at most this many nodes, else one:
#: a wider map is one a reader has to pan across rather than read.
CLAIM_MAP_NODES = 16


def claim_depth(corpus: Corpus, cid: str) -> int:
    """How many steps around claim ``cid`` its page's map shows (2, or 1 for a crowded neighbourhood)."""
    from argmap.maps.graph import neighbourhood

    return 2 if len(neighbourhood(corpus, cid, 2)) <= CLAIM_MAP_NODES else 1


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
    """The code that turns a corpus into blocks: argmap's one code fingerprint
    (:func:`argmap.buildcache.code_fingerprint`), so a changed argmap never reuses old maps."""
    return f"{CACHE_VERSION}|{code_fingerprint()}"


def _cache_path(cache_dir: str, digest: str) -> str:
    return os.path.join(cache_dir, "blocks", digest[:2], digest + ".json")


def _read(cache_dir: str | None, digest: str) -> dict[str, str] | None:
    if not cache_dir:
        return None
    try:
        with open(_cache_path(cache_dir, digest), encoding="utf-8") as fh:
            data = json.load(fh)
        return data if isinstance(data, dict) and all(k in data for k in BLOCK_FIELDS) else None
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
    return files_digest(corpus.files, _fingerprint())


class BlockStore(Mapping[str, MapBlock]):
    """The map blocks of one corpus, read from the block cache when a page asks for one.

    A site of 5,000 claims has 5,000 maps of some 45 kB each: holding them all in memory, or in
    the pickled build result, would cost more than reading each once for its page. Pickles as its
    index (key → block digest); blocks drawn in this process are also kept in memory."""

    def __init__(self, blocks_dir: str, index: dict[str, str], fresh: Mapping[str, MapBlock] | None = None) -> None:
        self.blocks_dir = blocks_dir
        self.index = dict(sorted(index.items()))
        self._fresh = dict(fresh or {})

    def __getitem__(self, key: str) -> MapBlock:
        if key in self._fresh:
            return self._fresh[key]
        hit = _read(self.blocks_dir, self.index[key])
        if hit is None:  # the cache was emptied since: the page goes without this map
            log.warning("map %s is no longer in the cache at %s; rebuild to draw it", key, self.blocks_dir)
            raise KeyError(key)
        return MapBlock(svg=hit["svg"], outline=hit["outline"], label=map_label(key), attrs=hit["attrs"])

    def __iter__(self) -> Iterator[str]:
        return iter(self.index)

    def __len__(self) -> int:
        return len(self.index)

    def __contains__(self, key: object) -> bool:
        return key in self.index

    def __getstate__(self) -> dict[str, Any]:
        return {"blocks_dir": self.blocks_dir, "index": self.index, "_fresh": {}}


def _from_index(blocks_dir: str, digest: str, jobs: list[tuple[str, str, str | None]]) -> BlockStore | None:
    """All blocks of an unchanged corpus, from the cache (no graph is rebuilt, no block read yet)."""
    index = _read_index(blocks_dir, digest)
    if index is None:
        return None
    wanted = {key for key, _, _ in jobs}
    if not all(os.path.exists(_cache_path(blocks_dir, index[key])) for key in index if key in wanted):
        return None
    return BlockStore(blocks_dir, {k: v for k, v in index.items() if k in wanted})


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


def _render(sources: Iterable[tuple[str, str]], cache_dir: str | None,
            progress: ProgressFn | None, expected: int) -> dict[str, bytes]:
    """The SVG of each map, or :class:`argmap.maps.svg.RenderError` naming every map Graphviz fails on.
    ``sources`` may be a generator: maps are laid out while it writes the next ones' DOT."""
    done = svg.render_each(sources, "svg", cache_dir=cache_dir, progress=progress, expected=expected)
    if done.errors:
        raise svg.RenderError("; ".join(f"map {name!r}: {error}" for name, error in sorted(done.errors.items())))
    return done.outputs


def render_maps(corpus: Corpus, *, cache_dir: str | None = None,
                progress: ProgressFn | None = None) -> tuple[Mapping[str, MapBlock], list[str]]:
    """Every map of the site (and no notes); :class:`argmap.maps.svg.RenderError` (Graphviz is
    missing or fails on a map) or :class:`argmap.maps.graph.ViewError` when one cannot be drawn."""
    if not corpus.claims:
        return {}, []
    svg.dot_version()  # fails early, naming the missing command, when Graphviz is not installed
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

    def sources() -> Iterator[tuple[str, str]]:
        for key, view, target in jobs:
            label = map_label(key)
            prefix = key.replace(":", "-") + "-"
            options = {"depth": claim_depth(corpus, target)} if view == "claim" and target else {}
            graph = views.build_view(corpus, view, target, **options)
            digest = hashlib.sha256(f"{_fingerprint()}|{prefix}|{graph!r}".encode()).hexdigest()
            index[key] = digest
            if blocks_dir and os.path.exists(_cache_path(blocks_dir, digest)):
                continue  # drawn before: the page reads it from the cache (BlockStore)
            todo[key] = (digest, label, outline_html(mapgraph.outline(graph)))
            yield key, dot.to_dot(graph, url_prefix="@@ROOT@@", id_prefix=prefix)

    rendered = _render(sources(), cache_dir, progress, len(jobs))
    for key, data in rendered.items():
        digest, label, outline = todo[key]
        text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
        start = text.find("<svg")
        text = text[start:] if start >= 0 else ""
        attrs = canvas_attrs(key, text)
        _write(blocks_dir, digest, {"svg": text, "outline": outline, "attrs": attrs})
        out[key] = MapBlock(svg=text, outline=outline, label=label, attrs=attrs)
    if progress is not None:
        progress(len(jobs), len(jobs))
    if blocks_dir and corpus_digest:
        _write_index(blocks_dir, corpus_digest, dict(sorted(index.items())))
    if blocks_dir:
        return BlockStore(blocks_dir, index, fresh=out), []
    return {k: out[k] for k in sorted(out)}, []
