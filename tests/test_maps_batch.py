"""Many graphs per `dot` process: each output is the one `dot` gives for that graph alone, and a
graph that fails is named while the others of its batch are still drawn."""

from __future__ import annotations

import pytest

from argmap.maps import svg
from conftest import have

pytestmark = pytest.mark.skipif(not have("dot"), reason="Graphviz is not installed")

#: Labels that would break a split of concatenated output: XML declarations, SVG and PDF markers,
#: quotes, HTML-like labels, CJK, a graph with no nodes and one with a subgraph.
AWKWARD = [
    ("xml", 'digraph a { x [label="<?xml version=\\"1.0\\"?> </svg> <svg"]; x -> y }'),
    ("pdf", 'digraph b { p [label="%PDF-1.5\\n%%EOF"]; p -> "endstream" }'),
    ("html", 'digraph c { h [label=<<b>bold</b> &amp; &lt;svg&gt;>]; h -> "引用 \\"q\\" 동맹" }'),
    ("empty", "digraph d { }"),
    ("cluster", 'digraph e { subgraph cluster_0 { label="</g></svg>"; p; q } p -> q }'),
    ("undirected", "graph f { m -- n -- m }"),
]


def _alone(src: str, fmt: str) -> bytes:
    data = svg.run_dot([f"-T{fmt}"], src.encode("utf-8"), name="alone")
    return svg.readable_titles(data) if fmt == "svg" else data


def test_a_batch_gives_each_graph_its_own_whole_svg() -> None:
    import xml.etree.ElementTree as ET

    outs, errors = svg.render_batch(AWKWARD, "svg")
    assert errors == {}
    assert list(outs) == [name for name, _ in AWKWARD]
    for (name, src), graph in zip(AWKWARD, "abcdef", strict=True):
        data = outs[name]
        assert data.count(b"<?xml") == 1 and data.rstrip().endswith(b"</svg>"), name
        root = ET.fromstring(data)  # one well-formed document each
        assert root.find("{http://www.w3.org/2000/svg}g/{http://www.w3.org/2000/svg}title").text == graph
        # At most one cluster: the same bytes as dot gives the graph alone (no "page0,1_" id either).
        assert data == _alone(src, "svg"), name
    assert b"&lt;?xml version=&quot;1.0&quot;?&gt; &lt;/svg&gt; &lt;svg" in outs["xml"]
    assert "引用 &quot;q&quot; 동맹".encode() in outs["html"]


@pytest.mark.parametrize(("fmt", "start", "end"), [("png", b"\x89PNG", b"IEND\xaeB`\x82"), ("pdf", b"%PDF-", b"%%EOF")])
def test_a_batch_of_pdf_or_png_maps_is_one_whole_file_each(fmt: str, start: bytes, end: bytes) -> None:
    outs, errors = svg.render_batch(AWKWARD, fmt)
    assert errors == {} and list(outs) == [name for name, _ in AWKWARD]
    for data in outs.values():
        assert data.startswith(start) and data.rstrip().endswith(end) and data.count(start) == 1
    if fmt == "png":  # no dates in a PNG: the same bytes as alone
        assert outs["html"] == _alone(AWKWARD[2][1], "png")




def test_one_broken_graph_is_named_and_the_others_are_drawn(tmp_path, spawn_calls, monkeypatch) -> None:
    monkeypatch.setattr(svg, "BATCH", 2)
    jobs = [*AWKWARD[:3], ("broken", "digraph { a -> }"), *AWKWARD[3:]]
    done = svg.render_each(jobs, cache_dir=tmp_path, workers=1)
    assert list(done.errors) == ["broken"]
    message = str(done.errors["broken"])
    assert "Graphviz failed on map 'broken'" in message and "syntax error" in message
    assert list(done.outputs) == [name for name, _ in AWKWARD]
    batched = [len(c) - 2 for c in spawn_calls if "-O" in c]
    single = [c for c in spawn_calls if "-O" not in c and c != ["-V"]]
    # Seven maps in four processes, BATCH at a time, and the broken one once more alone (for its message).
    assert sorted(batched) == [2, 2, 2] and len(single) == 2 and sum(batched) + len(single) - 1 == len(jobs)
    assert done.outputs["xml"] == _alone(AWKWARD[0][1], "svg")
    # The good maps are cached; the broken one is tried again next time and named again.
    spawn_calls.clear()
    again = svg.render_each(jobs, cache_dir=tmp_path)
    assert again.outputs == done.outputs and list(again.errors) == ["broken"]
    assert spawn_calls == [["-Tsvg"]]
    with pytest.raises(svg.RenderError, match="Graphviz failed on map 'broken'"):
        svg.render_many(jobs, cache_dir=tmp_path)


def test_a_crashed_batch_is_laid_out_again_one_graph_at_a_time(tmp_path, monkeypatch) -> None:
    fake = tmp_path / "dot"
    # A dot that dies from a signal in batches (leaving half a file) but works on one graph.
    fake.write_text('#!/bin/sh\n[ "$1" = "-V" ] && exec dot -V\n'
                    'if [ "$2" = "-O" ]; then printf "<?xml" > "$3.svg"; kill -9 $$; fi\nexec dot "$@"\n')
    fake.chmod(0o755)
    monkeypatch.setattr(svg, "DOT_COMMAND", str(fake))
    monkeypatch.setattr(svg, "_VERSIONS", {})
    outs, errors = svg.render_batch(AWKWARD[:3], "svg")
    assert errors == {}
    assert outs == {name: _alone(src, "svg") for name, src in AWKWARD[:3]}


def test_maps_with_one_cluster_are_batched_and_come_out_as_alone(fixture_corpus, spawn_calls, tmp_path) -> None:
    from argmap.maps.dot import to_dot
    from argmap.maps.graph import views_for
    from argmap.maps.views import build_view

    jobs = [(g.name, to_dot(g, id_prefix=f"{g.name}-", url_prefix="@@ROOT@@")) for g in
            (build_view(fixture_corpus, v, t) for v, t in views_for(fixture_corpus))]
    claim = [job for job in jobs if job[0].startswith("claim-")]
    several = [job for job in jobs if not job[0].startswith("claim-")]
    assert claim and several
    assert all(svg.batchable(src) for _, src in claim)
    assert not any(svg.batchable(src) for name, src in several if name.startswith("section-"))
    outs = svg.render_each(jobs, cache_dir=tmp_path, workers=2).outputs
    # Claim maps went through batches; the order of jobs does not matter; the bytes are dot's alone.
    assert sum(len(c) - 2 for c in spawn_calls if "-O" in c) == len([j for j in jobs if svg.batchable(j[1])])
    reordered = svg.render_each(list(reversed(jobs)), cache_dir=tmp_path / "other", workers=1).outputs
    for name, src in jobs:
        assert outs[name] == _alone(src, "svg") == reordered[name], name


def test_batches_keep_the_order_and_report_progress(tmp_path) -> None:
    jobs = [(f"m{i}", f'digraph g{i} {{ "n{i}" -> "k{i % 3}" }}') for i in range(40)]
    seen: list[tuple[int, int]] = []
    out = svg.render_many(jobs, cache_dir=tmp_path, workers=2, progress=lambda d, t: seen.append((d, t)))
    assert list(out) == [name for name, _ in jobs]
    assert seen[-1] == (40, 40) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert all(f"n{i}".encode() in out[f"m{i}"] for i in range(40))


def test_a_batch_that_runs_out_of_time_names_the_slow_map(tmp_path, monkeypatch) -> None:
    fake = tmp_path / "dot"
    # Batches hang; alone, the graph whose source says "slow" hangs, the others are drawn.
    fake.write_text('#!/bin/sh\n[ "$1" = "-V" ] && exec dot -V\n[ "$2" = "-O" ] && exec sleep 30\n'
                    'src=$(cat); case "$src" in *slow*) exec sleep 30;; esac\nprintf "%s" "$src" | exec dot "$@"\n')
    fake.chmod(0o755)
    monkeypatch.setattr(svg, "DOT_COMMAND", str(fake))
    monkeypatch.setattr(svg, "_VERSIONS", {})
    jobs = [AWKWARD[0], ("slow", 'digraph slow { a -> b }'), AWKWARD[2]]
    outs, errors = svg.render_batch(jobs, "svg", timeout=0.5)
    assert list(errors) == ["slow"] and "map 'slow' took longer than 0.5s" in str(errors["slow"])
    assert outs == {name: _alone(src, "svg") for name, src in (AWKWARD[0], AWKWARD[2])}
