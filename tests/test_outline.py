"""The text outline under each map: its HTML is written directly, and says what CommonMark says of its Markdown."""

from __future__ import annotations

import re

import graphviz
import pytest
from markdown_it import MarkdownIt

from argmap.core.markup import safe_link
from argmap.maps import dot, dotquote
from argmap.maps.graph import LegendEntry, MapCluster, MapEdge, MapGraph, MapNode
from argmap.maps.outline import build, to_html, to_markdown
from argmap.maps.views import build_view
from argmap.website.sitemaps import claim_depth, map_jobs


def _commonmark() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False})
    md.validateLink = lambda url: safe_link(url) or not re.match(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]*:", url)
    return md


def _graphs(corpus):
    for key, view, target in map_jobs(corpus):
        options = {"depth": claim_depth(corpus, target)} if view == "claim" and target else {}
        yield key, build_view(corpus, view, target, **options)


@pytest.mark.parametrize("which", ["fixture_corpus", "paper_corpus"])
def test_every_map_outline_is_the_html_commonmark_makes_of_its_markdown(request, which: str) -> None:
    md = _commonmark()
    graphs = list(_graphs(request.getfixturevalue(which)))
    assert len(graphs) > 5
    for key, graph in graphs:
        tree = build(graph)
        assert to_html(tree) == md.render(to_markdown(tree)), key


def _graph(*nodes: MapNode, edges: tuple[MapEdge, ...] = (), clusters: tuple[MapCluster, ...] = ()) -> MapGraph:
    return MapGraph("g", "section", "s", 'Section "one" & <two>', nodes, edges, clusters,
                    legend=(LegendEntry("edge", "supports", "supports → (solid)"),))


def test_a_label_that_reads_as_markdown_stays_text() -> None:
    graph = _graph(MapNode("a", "claim", "1. Introduction", link="claims/a/", subkind="claim", cluster="s"),
                   MapNode("b", "topic", "- - -", cluster="s"),
                   MapNode("c", "more", "# not a heading *or* emphasis"),
                   clusters=(MapCluster("s", "2. Threats"),))
    html = to_html(build(graph))
    assert html == (
        '<p><strong>Section &quot;one&quot; &amp; &lt;two&gt;</strong></p>\n'
        '<ul>\n<li>2. Threats\n<ul>\n'
        '<li>claim: <a href="@@ROOT@@claims/a/">1. Introduction</a></li>\n'
        '<li>topic: - - -</li>\n'
        '</ul>\n</li>\n'
        '<li>more: # not a heading *or* emphasis</li>\n'
        '</ul>\n'
        '<p>Legend: supports → (solid)</p>\n')
    # CommonMark reads the cluster's "2. Threats" line as a numbered list: the outline does not.
    assert "<ol" in _commonmark().render(to_markdown(build(graph)))


def test_relations_read_from_source_to_target_through_a_junction() -> None:
    graph = _graph(MapNode("p", "claim", "Premise text", subkind="premise", basis="reconstructed"),
                   MapNode("j", "junction", ""),
                   MapNode("t", "claim", "Target " + "x" * 90, subkind="claim"),
                   MapNode("u", "claim", "Undercutter", subkind="claim"),
                   edges=(MapEdge("e1", "p", "j", "supports", arrow=False), MapEdge("e2", "j", "t", "supports"),
                          MapEdge("e3", "u", "j", "undercuts")))
    assert to_markdown(build(graph)).splitlines()[2:] == [
        "- premise, reconstructed: Premise text",
        f"  - supports: Target {'x' * 72}…",
        f"- claim: Target {'x' * 72}…",
        "- claim: Undercutter",
        f"  - undercuts: the step from Premise text to Target {'x' * 72}…",
        "", r"Legend: supports → \(solid\)"]


def test_an_unsafe_link_is_not_made() -> None:
    graph = _graph(MapNode("a", "evidence", "Source", link="javascript:alert(1)", subkind="context"))
    tree = build(graph)
    assert tree.items[0].link == "@@ROOT@@javascript:alert(1)"  # the page prefix keeps it relative
    bare = tree.items[0].__class__(text="Source", lead="evidence (context)", link="javascript:alert(1)")
    html = to_html(tree.__class__(tree.title, (bare,)))
    assert "<a" not in html and "javascript" not in html
    assert "<li>evidence (context): Source</li>" in html


def test_the_dot_writer_quotes_as_the_graphviz_package_does(paper_corpus, monkeypatch) -> None:
    """The writer's remembered quoting makes the very DOT the package's own quoting makes."""
    graphs = list(_graphs(paper_corpus))
    fast = [dot.to_dot(g, id_prefix=key) for key, g in graphs]
    monkeypatch.setattr(dot, "Digraph", graphviz.Digraph)
    assert [dot.to_dot(g, id_prefix=key) for key, g in graphs] == fast
    # nohtml and plain strings that look alike are quoted apart
    assert dotquote._quote("<b>") == "<b>" and dotquote._quote(graphviz.nohtml("<b>")) == '"<b>"'
