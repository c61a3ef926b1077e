"""The maps the PDF prints (argmap.pdf.printmaps): each in the form that takes fewest pages, with
labels of 6 pt or more, a section's map without the evidence filed elsewhere (and a note saying so).
Drawn by real Graphviz, on the paper's own claims and on the fixture corpus (issue 15)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def paper():
    from argmap.core.loader import load

    return load(str(ROOT / "claims")).corpus


@pytest.fixture(scope="module")
def paper_figures(paper, tmp_path_factory):
    from argmap.pdf.printmaps import render_maps

    return {f.key: f for f in render_maps(paper, cache_dir=str(tmp_path_factory.mktemp("maps")))}


def test_the_papers_maps_print_on_few_pages_at_6_pt_or_more(paper_figures):
    pages = {k: len(f.boxes) for k, f in paper_figures.items()}
    # Drawn as the site draws them (bottom to top, every neighbour's evidence), the introduction's
    # map took 14 landscape pages, "threat perceptions" 8 and all the maps 31 (stop 25).
    assert pages["section-introduction"] == 1, pages
    assert max(pages.values()) <= 3, pages
    assert sum(pages.values()) <= 13, pages
    for f in paper_figures.values():
        assert all(height <= 225 and width <= 261 for height, _, width, _ in f.boxes), f.key


def test_each_map_is_printed_in_the_form_with_fewest_pages(paper, tmp_path):
    from argmap.maps.views import build_view
    from argmap.pdf import printmaps
    from argmap.pdf.mapfit import fit_map

    graph = build_view(paper, "section", "introduction", outside_evidence=False)
    plan = printmaps._Plan("section-introduction", "t", [dataclasses.replace(graph, rankdir="LR"),
                                                         dataclasses.replace(graph, name="bt")])
    printmaps._draw([plan], "a4", str(tmp_path), None)
    assert plan.best is not None
    kept, _art, form = plan.best
    assert kept.rankdir == "LR" and form.pages == 1
    # the other way (the site's, bottom to top) takes more pages: that is why it was not kept
    from argmap.maps.render import render_graphs
    from argmap.pdf.overlay import page_size

    other = render_graphs([plan.candidates[1]], "pdf", url_prefix=None, cache_dir=str(tmp_path), legend=False)["bt"]
    assert fit_map(*page_size(other), printmaps._smallest(other), "a4").pages > form.pages


def test_a_printed_section_map_leaves_out_evidence_filed_elsewhere_and_says_so(paper, paper_figures):
    from argmap.maps.views import build_view

    site = build_view(paper, "section", "introduction")
    printed = build_view(paper, "section", "introduction", outside_evidence=False)
    elsewhere = {n.id for n in site.nodes if n.kind == "evidence" and paper.evidence[n.id].section != "introduction"}
    assert elsewhere, "the introduction's claims cite evidence filed in other sections"
    assert not elsewhere & {n.id for n in printed.nodes}
    # every claim and argument the site's map shows, the printed one shows too
    assert {n.id for n in site.nodes if n.kind != "evidence"} <= {n.id for n in printed.nodes}
    assert paper_figures["section-introduction"].note == (
        f"Not drawn: {len(elsewhere)} evidence items filed in other sections that bear on the claims of this "
        "section; each is listed under the claim it bears on.")


def test_flattening_keeps_only_the_sections_own_box():
    from argmap.maps.graph import MapCluster, MapGraph, MapNode
    from argmap.pdf.printmaps import _flattened

    graph = MapGraph("section-a", "section", "a", "t",
                     (MapNode("x", "claim", "X", cluster="a"), MapNode("y", "claim", "Y", cluster="b", faded=True),
                      MapNode("z", "claim", "Z")),
                     (), (MapCluster("a", "A"), MapCluster("b", "B", faded=True)))
    flat = _flattened(graph)
    assert flat is not None and flat.name == "section-a~flat"
    assert [c.id for c in flat.clusters] == ["a"]
    assert [(n.id, n.cluster, n.faded) for n in flat.nodes] == [("x", "a", False), ("y", "", True), ("z", "", False)]
    assert _flattened(dataclasses.replace(graph, clusters=graph.clusters[:1])) is None


def test_the_note_is_printed_under_the_map(paper, tmp_path):
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    from argmap.pdf.build import build_pdf

    out = tmp_path / "paper.pdf"
    build_pdf(paper, out, source_date_epoch=0, cache_dir=str(tmp_path / "cache"))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "Not drawn:" in " ".join(text.split())


def test_a_legend_fits_one_page_of_its_maps_orientation(paper_figures):
    from argmap.pdf.mapfit import FRAMES

    for f in paper_figures.values():
        assert f.legend, f.key
        frame_w, frame_h = FRAMES["a4"]["landscape" if f.landscape else "portrait"]
        assert f.legend_width_mm <= frame_w + 0.01 and f.legend_height_mm <= frame_h + 0.01, f.key
    # a landscape map's legend is drawn with more entries to a line: a strip under it, not a page
    # (two to a line, the overview's took the landscape page's whole height, 135 mm)
    assert paper_figures["overview"].landscape and paper_figures["overview"].legend_height_mm < 100
