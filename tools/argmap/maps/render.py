"""Many maps at once, MapGraph → output, with a second cache level keyed by the graph itself.

Writing DOT through the ``graphviz`` package costs more than reading a cached SVG, so when the
same MapGraph (and the same options, renderer code and Graphviz version) was rendered before,
its output is found from a hash of the graph without writing DOT at all. Anything new goes
through :func:`argmap.maps.dot.to_dot` and :func:`argmap.maps.svg.render_many`, whose
content-hash cache stays the single source of truth (the graph index only points into it).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pathlib

from argmap.buildcache import code_fingerprint
from argmap.maps import svg
from argmap.maps.dot import DEFAULT_URL_PREFIX, to_dot
from argmap.maps.graph import MapGraph

log = logging.getLogger(__name__)


def renderer_version() -> str:
    """The code that turns a MapGraph into output: argmap's one code fingerprint
    (:func:`argmap.buildcache.code_fingerprint`), so any change to it invalidates the graph index."""
    return code_fingerprint()


def graph_key(graph: MapGraph, fmt: str, url_prefix: str | None, id_prefix: str, legend: bool) -> str:
    h = hashlib.sha256()
    for part in (renderer_version(), svg.dot_version(), fmt, repr(url_prefix), id_prefix, str(legend), repr(graph)):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def render_graphs(graphs: list[MapGraph], fmt: str = "svg", *, url_prefix: str | None = DEFAULT_URL_PREFIX,
                  id_prefix: str | None = None, legend: bool = True,
                  cache_dir: str | os.PathLike[str] | None = None, timeout: float = 60, workers: int | None = None,
                  progress: svg.ProgressFn | None = None) -> dict[str, bytes]:
    """Render maps: graph name → output, in the order given.

    ``id_prefix`` None gives every map the prefix ``<name>-`` so that several maps on one page
    never share an SVG id. ``fmt`` may be ``dot`` (the source, not cached).
    """
    if fmt == "dot":
        return {g.name: to_dot(g, url_prefix=url_prefix, id_prefix=_prefix(g, id_prefix), legend=legend).encode()
                for g in graphs}
    if fmt not in svg.FORMATS:
        raise svg.RenderError(f"unknown map format {fmt!r}; expected one of: dot, {', '.join(svg.FORMATS)}")
    out: dict[str, bytes] = {}
    index: dict[str, pathlib.Path] = {}
    jobs: list[tuple[str, str]] = []
    for g in graphs:
        prefix = _prefix(g, id_prefix)
        entry = _index_path(cache_dir, graph_key(g, fmt, url_prefix, prefix, legend))
        found = _lookup(entry, cache_dir, fmt)
        if found is not None:
            out[g.name] = found
            continue
        index[g.name] = entry
        jobs.append((g.name, to_dot(g, url_prefix=url_prefix, id_prefix=prefix, legend=legend)))
    done = len(out)
    total = len(graphs)

    def forward(n: int, _t: int) -> None:
        if progress is not None:
            progress(done + n, total)

    rendered = svg.render_many(jobs, fmt, cache_dir=cache_dir, timeout=timeout, workers=workers, progress=forward)
    for name, source in jobs:
        svg.store(index[name], svg.cache_key(source, fmt).encode("ascii"))
    out.update(rendered)
    if progress is not None and not jobs:
        progress(total, total)
    log.debug("maps: %d from the graph index, %d through DOT", done, len(jobs))
    return {g.name: out[g.name] for g in graphs}


def _prefix(graph: MapGraph, id_prefix: str | None) -> str:
    return f"{graph.name}-" if id_prefix is None else id_prefix


def _index_path(cache_dir: str | os.PathLike[str] | None, key: str) -> pathlib.Path:
    return svg.cache_path(cache_dir, key, "ref").parent.parent / "graphs" / key[:2] / key


def _lookup(entry: pathlib.Path, cache_dir: str | os.PathLike[str] | None, fmt: str) -> bytes | None:
    try:
        content_key = entry.read_text(encoding="ascii").strip()
        return svg.cache_path(cache_dir, content_key, fmt).read_bytes()
    except (OSError, UnicodeDecodeError):
        return None
