"""Untrusted text in maps: every awkward string survives DOT and comes out of the SVG as written."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.maps.dot import safe_id, to_dot
from argmap.maps.graph import MapCluster, MapEdge, MapGraph, MapNode
from argmap.maps.labels import display_width, wrap
from argmap.maps.svg import render

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"

NASTY = [
    'He said "no"',
    r"back\slash and trailing \\",
    "ends in a backslash \\",
    r"escapes \n \l \r \N \G \E \T \H \L",
    "<b>bold</b> is not HTML",
    "<<double>>",
    "a < b > c & d &amp; &#60;",
    "<",
    "]]> <!-- comment --> <?pi?>",
    "{ } [ ] ; = -> -- digraph",
    "Ünïcödé — “quotes” ‘single’ …",
    "日本語のテキスト",
    "한국어 텍스트입니다",
    "emoji 🙂 and zero\u200bwidth",
    "right\u202eto-left override",
    "non-characters \uffff\ufffe\ufdd0 gone",
]


def _graph(labels: list[str]) -> MapGraph:
    nodes = tuple(MapNode(f"n{i}", "claim", text, tooltip=text, link=f"claims/n{i}/", subkind="claim",
                          basis="stated", cluster="c1") for i, text in enumerate(labels))
    edges = tuple(MapEdge(f"e{i}", f"n{i}", f"n{i + 1}", "supports", tooltip=labels[i])
                  for i in range(len(labels) - 1))
    return MapGraph("escape", "full", None, "Title <with> \"quotes\" & \\", nodes, edges,
                    (MapCluster("c1", 'Cluster "one" <x> & \\', "sections/c1/"),))


def _node(root: ET.Element, node_id: str) -> ET.Element:
    found = [g for g in root.iter(f"{SVG}g") if g.get("id") == node_id]
    assert len(found) == 1, node_id
    return found[0]


def _clean(text: str) -> str:
    """What a tooltip shows: format characters dropped, a backslash drawn as U+29F5 (see render.dot.esc)."""
    kept = "".join(ch for ch in text if ch not in "\u200b\u202e\uffff\ufffe\ufdd0")
    return " ".join(kept.split()).replace("\\", "\u29f5")


@pytest.mark.parametrize("text", NASTY)
def test_nasty_text_renders_as_written(text: str, tmp_path) -> None:
    graph = _graph([text, "plain"])
    root = ET.fromstring(render(to_dot(graph, id_prefix="t-"), "svg", cache_dir=tmp_path))
    node = _node(root, "t-n-n0")
    shown = " ".join(t.text or "" for t in node.iter(f"{SVG}text"))
    lines = wrap(text, 26, 4)
    assert shown == " ".join(lines)
    anchor = next(node.iter(f"{SVG}a"))
    assert anchor.get(f"{XLINK}title") == _clean(text)
    assert anchor.get(f"{XLINK}href") == "@@ROOT@@claims/n0/"
    edge = _node(root, "t-e-e0")
    assert next(edge.iter(f"{SVG}a")).get(f"{XLINK}title") == _clean(text)


def test_all_at_once_parses_and_keeps_structure(tmp_path) -> None:
    graph = _graph(NASTY)
    source = to_dot(graph, id_prefix="m1-")
    root = ET.fromstring(render(source, "svg", cache_dir=tmp_path))
    ids = {g.get("id") for g in root.iter(f"{SVG}g") if g.get("id")}
    assert {f"m1-n-n{i}" for i in range(len(NASTY))} <= ids
    assert {f"m1-e-e{i}" for i in range(len(NASTY) - 1)} <= ids
    assert all(i.startswith(("m1-", "a_m1-")) for i in ids), sorted(ids)
    cluster = _node(root, "m1-c-c1")
    assert [t.text for t in cluster.iter(f"{SVG}text")] == ['Cluster "one" <x> & \\']
    assert next(cluster.iter(f"{SVG}a")).get(f"{XLINK}title") == 'Cluster "one" <x> & \u29f5'


def test_no_links_without_a_prefix(tmp_path) -> None:
    root = ET.fromstring(render(to_dot(_graph(["a", "b"]), url_prefix=None), "svg", cache_dir=tmp_path))
    assert not [a for a in root.iter(f"{SVG}a") if a.get(f"{XLINK}href")]


def test_classes_for_restyling(tmp_path) -> None:
    root = ET.fromstring(render(to_dot(_graph(["a", "b"])), "svg", cache_dir=tmp_path))
    assert _node(root, "n-n0").get("class") == "node am-node am-claim"
    assert _node(root, "e-e0").get("class") == "edge am-edge am-supports"


@pytest.mark.parametrize(("raw", "safe"), [
    ("c-gap", "c-gap"), ("a~supports~b", "a_7e_supports_7e_b"), ("x_y", "x_5f_y"), ("a:b", "a_3a_b"),
    ('q"', "q_22_"), ("日", "_65e5_"),
])
def test_safe_ids(raw: str, safe: str) -> None:
    assert safe_id(raw) == safe


@pytest.mark.parametrize(("text", "width", "lines", "expected"), [
    ("short", 26, 4, ["short"]),
    ("one two three four five six", 9, 4, ["one two", "three", "four five", "six"]),
    ("one two three four five six seven", 9, 3, ["one two", "three", "four fiv…"]),
    ("日本語のテキストはスペースなし", 10, 4, ["日本語のテ", "キストはス", "ペースなし"]),
    ("한국어텍스트입니다", 8, 4, ["한국어텍", "스트입니", "다"]),
    ("supercalifragilistic", 8, 4, ["supercal", "ifragili", "stic"]),
    ("  spaced\n\tout  ", 26, 4, ["spaced out"]),
    ("mixed 日本 text", 8, 4, ["mixed 日", "本 text"]),
    ("", 26, 4, []),
])
def test_wrap(text: str, width: int, lines: int, expected: list[str]) -> None:
    got = wrap(text, width, lines)
    assert got == expected
    assert all(display_width(line) <= width for line in got)


def test_every_svg_id_carries_the_map_prefix(fixture_corpus, tmp_path) -> None:
    """Several maps on one page: no element id of one map can equal an id of another."""
    from argmap.maps.graph import views_for
    from argmap.maps.views import build_view

    for view, target in [*views_for(fixture_corpus), ("full", None)]:
        graph = build_view(fixture_corpus, view, target)
        root = ET.fromstring(render(to_dot(graph, id_prefix="p1-"), "svg", cache_dir=tmp_path))
        ids = [el.get("id") for el in root.iter() if el.get("id")]
        assert ids and all(i.startswith(("p1-", "a_p1-")) for i in ids), (graph.name, sorted(ids)[:5])
        assert len(ids) == len(set(ids)), graph.name


def test_svg_titles_are_readable(fixture_corpus, tmp_path) -> None:
    """Screen readers announce an element's <title>: it holds the tooltip text, not the DOT name."""
    from argmap.maps.views import build_view

    root = ET.fromstring(render(to_dot(build_view(fixture_corpus, "claim", "c-gap")), cache_dir=tmp_path))
    node = _node(root, "n-c-gap")
    assert node.find(f"{SVG}title").text == (
        'Claim (stated, p. 10): Elites and publics disagree: a gap of <10 points & "quotes" and '
        "日本語のテキスト 한국어 텍스트.")
    edge = _node(root, "e-c-gap_7e_undercuts_7e_rel-differ-strong")
    assert edge.find(f"{SVG}title").text == "undercuts (stated): The gap weakens the step from motives to strength."


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60))
def test_any_text_survives(text: str, tmp_path) -> None:
    """Whatever a claim file holds, the DOT parses, the SVG is well-formed and shows the wrapped text."""
    root = ET.fromstring(render(to_dot(_graph([text, "b"])), "svg", cache_dir=tmp_path))
    node = _node(root, "n-n0")
    shown = " ".join(t.text or "" for t in node.iter(f"{SVG}text"))
    assert shown == " ".join(wrap(text, 26, 4))
