"""Maps in a greyscale print: every style the legend explains differs from its neighbours in
something besides colour (shape, border, pattern or a short name before the label)."""

from __future__ import annotations

import re

import pytest

from argmap.maps.dot import to_dot
from argmap.maps.legend import actor_mark
from argmap.maps.views import build_view

COLOUR_ATTRS = {"color", "fillcolor", "fontcolor", "class", "id", "tooltip", "URL", "target"}


def _attrs(line: str) -> dict[str, str]:
    body = line[line.index("[") + 1: line.rindex("]")]
    return dict(re.findall(r'(\w+)=("(?:[^"\\]|\\.)*"|[^\s\]]+)', body))


def _samples(dot: str) -> dict[str, dict[str, str]]:
    """Legend sample attributes by the text of the legend line they illustrate."""
    lines = dot.splitlines()
    out: dict[str, dict[str, str]] = {}
    for line in lines:
        m = re.match(r"\s*(legend\d+)s \[", line)
        if m:
            text = next(t for t in lines if re.match(rf"\s*{m.group(1)}t \[", t))
            out[_attrs(text)["label"].strip('"').replace("\\n", " ")] = _attrs(line)
    return out


def _besides_colour(a: dict[str, str], b: dict[str, str]) -> set[str]:
    keys = (set(a) | set(b)) - COLOUR_ATTRS
    return {k for k in keys if a.get(k) != b.get(k)}


@pytest.fixture(scope="module")
def legend(fixture_corpus) -> dict[str, dict[str, str]]:
    return _samples(to_dot(build_view(fixture_corpus, "full")))


def test_thesis_and_claim_differ_in_greyscale(legend):
    assert _besides_colour(legend["Thesis"], legend["Claim"]) >= {"peripheries"}
    assert legend["Thesis"]["peripheries"] == "2"


def test_each_claim_kind_differs_from_every_other_in_greyscale(legend):
    kinds = [k for k in ("Thesis", "Claim", "Premise", "Counterclaim", "Method", "Scope") if k in legend]
    assert len(kinds) >= 4
    for i, a in enumerate(kinds):
        for b in kinds[i + 1:]:
            assert _besides_colour(legend[a], legend[b]), (a, b)


def test_actor_colours_come_with_a_short_name(fixture_corpus, legend):
    actors = [k for k in legend if "border colour" in k]
    assert len(actors) >= 2
    marks = {legend[k]["label"].strip('"') for k in actors}
    assert len(marks) == len(actors)          # each actor's sample says a different name
    dot = to_dot(build_view(fixture_corpus, "claim", "c-differ"))
    assert re.search(r'"c-differ" \[label="Northland: ', dot)


@pytest.mark.parametrize(("label", "alts", "mark"), [
    ("South Korea", ("한국", "ROK", "Republic of Korea"), "ROK"),
    ("United States", ("米国", "US", "USA"), "US"),
    ("Japan", ("日本", "Nippon", "Tokyo"), "Japan"),
])
def test_actor_marks(label, alts, mark):
    assert actor_mark(label, alts) == mark
