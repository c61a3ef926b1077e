"""Maps: what is drawn (:mod:`.graph`, :mod:`.views`) and how it is written (:mod:`.dot`, :mod:`.svg`,
:mod:`.render`)."""

from __future__ import annotations

import os
from typing import Any

from argmap.core.model import Corpus

LAYOUTS = ("auto", "normal", "large")


def make_map(corpus: Corpus, view: str, target: str | None = None, fmt: str = "svg", *,
             url_prefix: str | None = None, id_prefix: str = "", legend: bool = True, layout: str = "auto",
             cache_dir: str | os.PathLike[str] | None = None, timeout: float = 60, **options: Any) -> bytes:
    """One map, start to finish: view → DOT → ``fmt`` bytes (``dot`` gives the DOT source).

    ``layout`` auto picks large-graph mode for big graphs; normal and large force one or the other.
    Raises :class:`~argmap.maps.graph.ViewError` or :class:`~argmap.maps.svg.RenderError`.
    """
    from argmap.maps.render import render_graphs
    from argmap.maps.views import build_view

    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of: {', '.join(LAYOUTS)}")
    large = None if layout == "auto" else layout == "large"
    graph = build_view(corpus, view, target, large=large, **options)
    out = render_graphs([graph], fmt, url_prefix=url_prefix, id_prefix=id_prefix, legend=legend, cache_dir=cache_dir,
                        timeout=timeout)
    return out[graph.name]
