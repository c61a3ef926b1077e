"""Every map the website shows, as inline-ready blocks (SVG + HTML outline), with a block cache.

The map model decides what is drawn (``argmap.maps.graph``), ``maps.dot`` and ``maps.svg``
draw it. This module only picks the maps a site needs and caches the finished blocks by a hash
of the map graph and of the drawing code, so a warm build skips DOT writing, Graphviz and the
outline entirely. An index keyed by a hash of the claim files themselves lets a build
of unchanged claims skip building the graphs too. Links keep the ``@@ROOT@@`` prefix; pages
resolve it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from argmap.background import Background
from argmap.background import available as background_available
from argmap.buildcache import code_fingerprint, files_digest
from argmap.core.model import Corpus
from argmap.fsio import write_atomic
from argmap.maps import dot, svg, views
from argmap.maps import outline as map_outline
from argmap.website.mapframe import canvas_attrs
from argmap.website.records import MapBlock, map_label, valid_id

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]
CACHE_VERSION = "2"
#: What a block cache entry holds: the SVG, the outline's HTML and the canvas' attributes.
BLOCK_FIELDS = ("svg", "outline", "attrs")


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

    def __init__(self, blocks_dir: str, index: dict[str, str], fresh: Mapping[str, MapBlock] | None = None,
                 drawing: Background[dict[str, str]] | None = None, keys: Iterable[str] = ()) -> None:
        self.blocks_dir = blocks_dir
        self._index = dict(sorted(index.items()))
        self._fresh = dict(fresh or {})
        #: Maps still being drawn in a child process (``render_maps(..., background=True)``): the
        #: keys are known at once, the index (and so every block) once :meth:`wait` has returned.
        self._drawing = drawing
        self._keys = sorted(keys) if drawing is not None else []

    @property
    def drawing(self) -> bool:
        """True while the maps are still being drawn in the background."""
        return self._drawing is not None

    def wait(self, progress: ProgressFn | None = None) -> None:
        """Wait for the maps drawn in the background (showing ``progress``); raises what drawing them
        raised (:class:`argmap.maps.svg.RenderError`, :class:`argmap.maps.graph.ViewError`)."""
        if self._drawing is not None:
            self._index = dict(sorted(self._drawing.result(progress).items()))
            self._drawing, self._keys = None, []

    @property
    def index(self) -> dict[str, str]:
        """Map key → block digest (waits for maps drawn in the background)."""
        self.wait()
        return self._index

    def __getitem__(self, key: str) -> MapBlock:
        self.wait()
        if key in self._fresh:
            return self._fresh[key]
        hit = _read(self.blocks_dir, self.index[key])
        if hit is None:  # the cache was emptied since: the page goes without this map
            log.warning("map %s is no longer in the cache at %s; rebuild to draw it", key, self.blocks_dir)
            raise KeyError(key)
        return MapBlock(svg=hit["svg"], outline=hit["outline"], label=map_label(key), attrs=hit["attrs"])

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys if self._drawing is not None else self._index)

    def __len__(self) -> int:
        return len(self._keys if self._drawing is not None else self._index)

    def __contains__(self, key: object) -> bool:
        return key in (self._keys if self._drawing is not None else self._index)

    def __getstate__(self) -> dict[str, Any]:
        return {"blocks_dir": self.blocks_dir, "_index": self.index, "_fresh": {}, "_drawing": None, "_keys": []}


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


def render_maps(corpus: Corpus, *, cache_dir: str | None = None, progress: ProgressFn | None = None,
                background: bool = False) -> tuple[Mapping[str, MapBlock], list[str]]:
    """Every map of the site (and no notes); :class:`argmap.maps.svg.RenderError` (Graphviz is
    missing or fails on a map) or :class:`argmap.maps.graph.ViewError` when one cannot be drawn.

    With ``background`` (and a ``cache_dir``) maps that are not all in the cache are drawn in a
    forked child process (:mod:`argmap.background`) and this returns at once: the store knows its
    keys, and :meth:`BlockStore.wait` (or the first block read) waits for the drawing, raising its
    error. Meanwhile this process can render the pages, which only need to know which maps exist.
    """
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
    if background and blocks_dir and background_available():
        def work(report: ProgressFn) -> dict[str, str]:
            return _draw(corpus, jobs, blocks_dir, cache_dir, corpus_digest, report)[1]
        drawing = Background(work, total=len(jobs), name="argmap maps")
        return BlockStore(blocks_dir, {}, drawing=drawing, keys=(key for key, _, _ in jobs)), []
    out, index = _draw(corpus, jobs, blocks_dir, cache_dir, corpus_digest, progress)
    if blocks_dir:
        return BlockStore(blocks_dir, index, fresh=out), []
    return {k: out[k] for k in sorted(out)}, []


def _draw(corpus: Corpus, jobs: list[tuple[str, str, str | None]], blocks_dir: str | None, cache_dir: str | None,
          corpus_digest: str | None, progress: ProgressFn | None) -> tuple[dict[str, MapBlock], dict[str, str]]:
    """Draw every map not in the block cache: (the blocks drawn, key → block digest of every map)."""
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
            todo[key] = (digest, label, map_outline.to_html(map_outline.build(graph)))
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
    return out, index
