"""The maps the PDF prints: drawn by Graphviz as one-page PDFs, each in the form that takes fewest pages.

A printed map's labels must be 6 pt or more (:mod:`argmap.pdf.mapfit`), so a big map takes several
pages. A section's map is therefore drawn in two ways, left to right (its evidence stacks in a column)
and bottom to top (the site's direction), and the one that prints on fewest pages is kept (then a
portrait page before a landscape one, then the smaller area, then left to right). When even the better of the
two takes more than :data:`FLAT_AFTER` pages, it is also drawn with the neighbours from other
sections out of their sections' boxes (the boxes keep them apart and lengthen every edge to them);
they stay pale, and the line under the map gives each one's page. Evidence filed in other sections
is not drawn in a printed section map (the text lists it under each claim it bears on); a note
under the map says how many items that leaves out.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable

from argmap.core.model import Corpus
from argmap.maps import graph as mapgraph
from argmap.maps.graph import MapGraph
from argmap.maps.render import render_graphs
from argmap.maps.views import build_view
from argmap.pdf.mapfit import Fit, fit_map
from argmap.pdf.measure import smallest_text
from argmap.pdf.overlay import MapPlacementError, page_size
from argmap.pdf.records import MapFigure

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]
LEGEND_SUFFIX = "-legend"
MAP_TITLES = {"overview": "Overview of the paper's argument", "section": "Map of section {}",
              "comparison": "Comparison map: {}"}
#: A section map whose best drawing takes more pages than this is also drawn without its
#: neighbours' section boxes.
FLAT_AFTER = 2
#: How many legend entries to a line a printed legend is tried with.
LEGEND_PER_ROW = (4, 3, 2)


@dataclasses.dataclass
class _Plan:
    key: str
    title: str
    candidates: list[MapGraph]
    note: str = ""
    best: tuple[MapGraph, bytes, Fit] | None = None


def render_maps(corpus: Corpus, *, cache_dir: str | None = None, paper: str = "a4",
                progress: ProgressFn | None = None) -> list[MapFigure]:
    """The overview, section and comparison maps as one-page PDFs sized for ``paper`` so that
    their labels print at 6 pt or more, each with its legend drawn apart to go under it; a map that
    cannot be drawn fails the PDF (:class:`argmap.maps.svg.RenderError`)."""
    if not corpus.claims:
        return []
    plans = [_plan(corpus, view, target) for view, target in _jobs(corpus)]
    _draw(plans, paper, cache_dir, progress)
    flat = [p for p in plans if p.best and p.best[2].pages > FLAT_AFTER and _flattened(p.candidates[0]) is not None]
    for p in flat:
        p.candidates = [g for g in (_flattened(c) for c in p.candidates) if g is not None]
    _draw(flat, paper, cache_dir, None)
    chosen = [p for p in plans if p.best]
    legends = _legends([(p.key, p.best[0], p.best[2].landscape) for p in chosen if p.best], paper, cache_dir)
    figures: list[MapFigure] = []
    for p in chosen:
        assert p.best is not None
        graph, art, form = p.best
        legend, lw, lh = legends.get(p.key, (b"", 0.0, 0.0))
        claims = tuple(n.id for n in graph.nodes if n.kind == "claim" and n.id in corpus.claims)
        words = "; ".join(f"{n.label} (claim {n.id})" for n in graph.nodes if n.id in claims)
        figures.append(MapFigure(p.key, p.title, art, form.width_mm, form.height_mm, form.parts,
                                 form.landscape, legend, lw, lh, claims, form.full_width_mm,
                                 f"Claims shown: {words}." if words else "",
                                 "; ".join(e.label for e in graph.legend), p.note))
    return figures


def _legends(maps: list[tuple[str, MapGraph, bool]], paper: str,
             cache_dir: str | None) -> dict[str, tuple[bytes, float, float]]:
    """Each map's legend, drawn apart to go under it (map key → the drawing, its printed width and
    height), from (key, graph, printed on landscape pages) of each map.

    A legend is drawn four, three and two entries to a line; the one kept is the lowest that fits on one
    page of its map's orientation (a landscape map's legend is a strip under it)."""
    owner: dict[str, tuple[str, bool]] = {}
    drawn: list[MapGraph] = []
    for key, g, landscape in maps:
        if not g.legend:
            continue
        for per_row in LEGEND_PER_ROW:
            drawn.append(dataclasses.replace(g, name=f"{key}{LEGEND_SUFFIX}-{per_row}", nodes=(), edges=(),
                                             clusters=(), grid=(), rankdir="BT", legend_per_row=per_row))
            owner[drawn[-1].name] = (key, landscape)
    arts = render_graphs(drawn, "pdf", url_prefix=None, cache_dir=cache_dir)
    options: dict[str, list[tuple[tuple[int, float], tuple[bytes, float, float]]]] = {}
    for legend in drawn:
        art, (key, landscape) = arts.get(legend.name), owner[legend.name]
        if art is None:
            continue
        try:
            fit = fit_map(*page_size(art), _smallest(art), paper, key=legend.name,
                          orientations=("landscape",) if landscape else ("portrait",))
        except MapPlacementError as exc:
            log.warning("a legend of map %s is left out of the PDF: %s", key, exc)
            continue
        options.setdefault(key, []).append(((fit.pages, fit.height_mm), (art, fit.width_mm, fit.height_mm)))
    return {key: min(found, key=lambda o: o[0])[1] for key, found in options.items()}


def _jobs(corpus: Corpus) -> list[tuple[str, str | None]]:
    jobs: list[tuple[str, str | None]] = [("overview", None)]
    jobs += [("section", s.id) for s in corpus.section_order() if corpus.claims_in(s.id)]
    jobs += [("comparison", c) for c in corpus.comparisons]
    return jobs


def _plan(corpus: Corpus, view: str, target: str | None) -> _Plan:
    key = mapgraph.map_name(view, target)
    if view == "section":
        graph = build_view(corpus, view, target, outside_evidence=False)
        title = MAP_TITLES[view].format(corpus.sections[target or ""].title)
        # Left to right first: on a tie in pages it is kept (it was the PDF's only form before).
        candidates = [dataclasses.replace(graph, rankdir="LR"), dataclasses.replace(graph, name=f"{key}~bt")]
        return _Plan(key, title, candidates, _left_out(corpus, target or "", graph))
    graph = build_view(corpus, view, target)
    # The overview is drawn as on the site: left to right, its many unconnected claims make one long
    # column. A comparison's rows and columns are its table's.
    title = MAP_TITLES[view].format(corpus.comparisons[target or ""].title) if view == "comparison" \
        else MAP_TITLES[view]
    return _Plan(key, title, [graph])


def _flattened(graph: MapGraph) -> MapGraph | None:
    """``graph`` with only its own section's box (the first): the neighbours from other sections are
    drawn loose. None when it has no other box."""
    if len(graph.clusters) < 2:
        return None
    own = graph.clusters[0].id
    nodes = tuple(n if n.cluster in ("", own) else dataclasses.replace(n, cluster="") for n in graph.nodes)
    return dataclasses.replace(graph, name=f"{graph.name}~flat", nodes=nodes, clusters=graph.clusters[:1])


def _draw(plans: list[_Plan], paper: str, cache_dir: str | None, progress: ProgressFn | None) -> None:
    """Draw every plan's candidates (one Graphviz batch) and keep, per plan, the one that prints on
    fewest pages, then portrait before landscape, then the smaller area, then the first."""
    graphs = [g for p in plans for g in p.candidates]
    if not graphs:
        return
    arts = render_graphs(graphs, "pdf", url_prefix=None, cache_dir=cache_dir, progress=progress, legend=False)
    for p in plans:
        options = [] if p.best is None else [((p.best[2].pages, p.best[2].landscape, _area(p.best[2]), -1), p.best)]
        for rank, graph in enumerate(p.candidates):
            art = arts.get(graph.name)
            if art is None:
                continue
            try:
                form = fit_map(*page_size(art), _smallest(art), paper, key=p.key)
            except MapPlacementError as exc:
                log.warning("map %s left out of the PDF: %s", p.key, exc)
                continue
            options.append(((form.pages, form.landscape, _area(form), rank), (graph, art, form)))
        if options:
            p.best = min(options, key=lambda o: o[0])[1]


def _area(form: Fit) -> float:
    return round((form.full_width_mm or form.width_mm) * form.height_mm, 1)


def _smallest(art: bytes) -> float:
    return min((x for x in smallest_text(art) if x), default=0.0)


def _left_out(corpus: Corpus, section: str, printed: MapGraph) -> str:
    """What the site's map of ``section`` draws and the printed one does not: evidence filed in other
    sections (listed in the text, under each claim it bears on)."""
    shown = {n.id for n in printed.nodes}
    missing = sum(1 for n in build_view(corpus, "section", section).nodes if n.kind == "evidence" and n.id not in shown)
    if not missing:
        return ""
    items = "item" if missing == 1 else "items"
    return (f"Not drawn: {missing} evidence {items} filed in other sections that bear on the claims of this "
            "section; each is listed under the claim it bears on.")
