"""Map views on the fixture corpus: golden DOT per view, and the structure each view promises."""

from __future__ import annotations

import dataclasses
import pathlib

import pytest

from argmap.maps import views as mapviews
from argmap.maps.dot import to_dot
from argmap.maps.graph import MapGraph, ViewError, views_for
from argmap.maps.outline import build, to_markdown
from argmap.maps.views import build_view
from conftest import ROOT, golden

GOLDEN = ROOT / "tests" / "golden" / "maps"
VIEWS = [("overview", None), ("section", "s-intro"), ("section", "s-threats"), ("section", "s-unread"),
         ("claim", "c-gap"), ("claim", "c-dual"), ("comparison", "north-vs-south"), ("full", None)]


@pytest.mark.parametrize(("view", "target"), VIEWS, ids=[f"{v}-{t}" if t else v for v, t in VIEWS])
def test_dot_golden(fixture_corpus, view: str, target: str | None) -> None:
    graph = build_view(fixture_corpus, view, target)
    golden(GOLDEN / f"{graph.name}.dot", to_dot(graph))


def test_outline_golden(fixture_corpus) -> None:
    for name, view, target in (("section-s-threats", "section", "s-threats"), ("claim-c-gap", "claim", "c-gap")):
        golden(GOLDEN / f"{name}.outline.md", to_markdown(build(build_view(fixture_corpus, view, target))))


def test_views_for_lists_every_map(fixture_corpus) -> None:
    assert views_for(fixture_corpus) == [
        ("overview", None), ("section", "s-intro"), ("section", "s-threats"), ("section", "s-unread"),
        ("claim", "c-counter"), ("claim", "c-differ"), ("claim", "c-dual"), ("claim", "c-gap"),
        ("claim", "c-method"), ("claim", "c-north-threat"), ("claim", "c-public"), ("claim", "c-south-threat"),
        ("claim", "t-strong"), ("comparison", "north-vs-south"),
    ]
    names = [build_view(fixture_corpus, v, t).name for v, t in views_for(fixture_corpus)]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize(("view", "target", "message"), [
    ("bogus", None, "unknown view 'bogus'"),
    ("claim", None, "the claim view needs a claim id"),
    ("claim", "c-nope", "unknown claim 'c-nope'"),
    ("section", "s-nope", "unknown section 's-nope' (known: s-intro, s-threats, s-unread)"),
    ("comparison", "x", "unknown comparison 'x' (known: north-vs-south)"),
    ("overview", "t-strong", "the overview view takes no id"),
])
def test_bad_views(fixture_corpus, view: str, target: str | None, message: str) -> None:
    with pytest.raises(ViewError, match=message.replace("(", r"\(").replace(")", r"\)")):
        build_view(fixture_corpus, view, target)


def test_claim_alias_resolves(fixture_corpus) -> None:
    assert build_view(fixture_corpus, "claim", "old-thesis").target == "t-strong"


def _kinds(graph: MapGraph) -> dict[str, str]:
    return {n.id: n.kind for n in graph.nodes}


def test_undercut_points_at_a_junction_on_the_relation(fixture_corpus) -> None:
    g = build_view(fixture_corpus, "claim", "c-gap")
    edges = {e.id: (e.source, e.target, e.kind, e.arrow) for e in g.edges}
    j = "rel-differ-strong~junction"
    assert _kinds(g)[j] == "junction"
    assert edges["rel-differ-strong~in"] == ("c-differ", j, "supports", False)
    assert edges["rel-differ-strong~out"] == (j, "t-strong", "supports", True)
    assert edges["c-gap~undercuts~rel-differ-strong"] == ("c-gap", j, "undercuts", True)


def test_linked_premises_meet_at_the_argument(fixture_corpus) -> None:
    g = build_view(fixture_corpus, "section", "s-threats")
    edges = {(e.source, e.target, e.kind) for e in g.edges}
    assert _kinds(g)["arg-dual"] == "argument"
    assert {("c-north-threat", "arg-dual", "premise"), ("c-south-threat", "arg-dual", "premise"),
            ("arg-dual", "c-dual", "supports")} <= edges
    assert g.node("arg-dual").link == "claims/c-dual/"


def test_section_view_fades_neighbours_and_shows_open_topics(fixture_corpus) -> None:
    g = build_view(fixture_corpus, "section", "s-intro")
    faded = sorted(n.id for n in g.nodes if n.faded)
    assert faded == ["c-dual"]
    assert [c.id for c in g.clusters] == ["s-intro", "s-threats"]
    unread = build_view(fixture_corpus, "section", "s-unread")
    assert [(n.kind, n.label) for n in unread.nodes] == [
        ("topic", "Not yet mapped: Northland's opposition parties"),
        ("topic", "Not yet mapped: Southland's opposition parties")]
    assert all(not n.link for n in unread.nodes)


def test_overview_is_bounded_and_points_to_section_maps(fixture_corpus) -> None:
    g = build_view(fixture_corpus, "overview", max_nodes=2)
    claims = [n.id for n in g.nodes if n.kind == "claim"]
    assert claims == ["c-differ", "t-strong"]
    more = {n.id: (n.label, n.link) for n in g.nodes if n.kind in ("more", "topic")}
    assert more == {"s-intro~more": ("+2 more in this section", "sections/s-intro/"),
                    "s-threats~more": ("+5 more in this section", "sections/s-threats/"),
                    "s-unread~topics": ("2 topics not yet mapped", "sections/s-unread/")}
    with pytest.raises(ViewError):
        build_view(fixture_corpus, "overview", max_nodes=0)


def test_claim_depth(fixture_corpus) -> None:
    ids = lambda d: sorted(n.id for n in build_view(fixture_corpus, "claim", "c-dual", depth=d).nodes)  # noqa: E731
    assert ids(0) == ["c-dual"]
    assert ids(1) == ["arg-dual", "c-differ", "c-dual", "c-north-threat", "c-south-threat"]
    assert len(ids(3)) > len(ids(1))
    focus = [n.id for n in build_view(fixture_corpus, "claim", "c-dual").nodes if n.focus]
    assert focus == ["c-dual"]


def test_comparison_grid(fixture_corpus) -> None:
    g = build_view(fixture_corpus, "comparison", "north-vs-south")
    labels = [[g.node(nid).label for nid in row] for row in g.grid]
    assert labels == [
        ["Dimension", "Northland", "Southland", "Verdict"],
        ["Threat from Bigland", "Northland sees Bigland as its main threat.",
         "Southland sees Bigland as a partner as much as a threat.", "diverge"],
        ["Public opinion", "Northland's public backs the alliance.", "(no claim)", "open"],
    ]
    assert g.node("row-threat~north").link == "claims/c-north-threat/"
    assert g.rankdir == "TB"


def test_legend_lists_only_what_is_drawn(fixture_corpus) -> None:
    g = build_view(fixture_corpus, "claim", "c-public", depth=1)
    assert [(e.group, e.key) for e in g.legend] == [
        ("node", "claim:claim"), ("node", "evidence:context"), ("node", "basis:reconstructed"),
        ("edge", "supports"), ("actor", "big"), ("actor", "north"), ("actor", "south")]


def test_same_input_same_bytes_whatever_the_order(fixture_corpus) -> None:
    """Emission is sorted: a corpus whose tables iterate in another order gives the same DOT."""
    shuffled = dataclasses.replace(
        fixture_corpus,
        claims=dict(reversed(list(fixture_corpus.claims.items()))),
        relations=dict(reversed(list(fixture_corpus.relations.items()))),
        evidence=dict(reversed(list(fixture_corpus.evidence.items()))),
    )
    for view, target in VIEWS:
        assert to_dot(build_view(shuffled, view, target)) == to_dot(build_view(fixture_corpus, view, target))


def test_large_mode(fixture_corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "nslimit" not in to_dot(build_view(fixture_corpus, "full"))
    assert "nslimit=2" in to_dot(build_view(fixture_corpus, "full", large=True))
    monkeypatch.setattr(mapviews, "LARGE_GRAPH", 5)
    assert build_view(fixture_corpus, "full").large


def test_every_view_of_the_paper_builds(paper_corpus) -> None:
    """The real claims/ (possibly still being written) gives a graph for every map the site needs."""
    for view, target in views_for(paper_corpus):
        graph = build_view(paper_corpus, view, target)
        assert to_dot(graph).startswith("digraph")


def test_golden_folder_has_no_strays() -> None:
    expected = {f"{v}-{t}.dot" if t else f"{v}.dot" for v, t in VIEWS}
    expected |= {"section-s-threats.outline.md", "claim-c-gap.outline.md"}
    assert {p.name for p in pathlib.Path(GOLDEN).iterdir()} <= expected
