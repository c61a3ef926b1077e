"""Maps: every map of claims/ cold and warm, and a 1,000-node map beside Argdown's CLI.

1. All maps the site needs (`views_for`) of claims/, views → DOT → SVG through `render_many`,
   first with an empty cache (cold), then again with the cache filled (warm).
   Target (issue 3): warm ≤ 5% of cold.
2. One 1,000-node map (the full view of a synthetic corpus, trimmed to 1,000 nodes), written as
   DOT for argmap and as an .argdown file for Argdown, both rendered to SVG by their CLIs
   (wall clock, start-up included, best of 3). Target: argmap ≤ 0.3× Argdown.
   Argdown is `npm install --prefix bench @argdown/cli`; skipped with a message when absent.
3. The `dot` floor of a cold site build at N claims (default 5,000): every map's DOT laid out by
   `dot` alone, summing dot's own CPU time, and the same in batches of 64 per process.
Ratios only: no assertions on time.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from argmap.core.loader import load
from argmap.maps import svg
from argmap.maps.dot import to_dot
from argmap.maps.graph import MapGraph, views_for
from argmap.maps.render import render_graphs
from argmap.maps.views import build_view
from corpus import generate

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
ARGDOWN = HERE / "node_modules" / ".bin" / "argdown"
NODES = 1000


def _all_maps(claims: str, cache: str, *, via_dot: bool = False) -> tuple[int, float, float]:
    """Load, build every view, render: what a site build does. ``via_dot``: DOT for every map first.

    Returns (maps, seconds with the load, seconds of the maps alone).
    """
    t = time.perf_counter()
    corpus = load(claims).corpus
    t_maps = time.perf_counter()
    graphs = [build_view(corpus, view, target) for view, target in views_for(corpus)]
    if via_dot:
        svg.render_many([(g.name, to_dot(g, id_prefix=f"{g.name}-")) for g in graphs], cache_dir=cache)
    else:
        render_graphs(graphs, cache_dir=cache)
    end = time.perf_counter()
    return len(graphs), end - t, end - t_maps


def bench_claims() -> None:
    claims = str(ROOT / "claims")
    if not any(pathlib.Path(claims).glob("*.yml")):
        print("claims/ is empty: skipped")
        return
    with tempfile.TemporaryDirectory() as cache:
        n, cold, cold_maps = _all_maps(claims, cache)
        warms = [_all_maps(claims, cache) for _ in range(5)]
        warm, warm_maps = min(w[1] for w in warms), min(w[2] for w in warms)
        warm_dot = min(_all_maps(claims, cache, via_dot=True)[2] for _ in range(3))
    print(f"all {n} maps of claims/ through render_graphs (target: warm <= 5% of cold):")
    print(f"  maps alone (views, render): cold {cold_maps:.2f} s, warm {warm_maps:.3f} s = {warm_maps / cold_maps:.1%}")
    print(f"  with loading claims/ too:   cold {cold:.2f} s, warm {warm:.3f} s = {warm / cold:.1%}")
    print(f"  warm through to_dot + render_many (DOT written, SVG from the cache): {warm_dot:.3f} s = "
          f"{warm_dot / cold_maps:.1%}")


def dot_floor(claims: str, tmp: str) -> tuple[int, float, float]:
    """The floor of a cold build's maps: the DOT of every map the site draws, each laid out by a
    `dot` of its own (as before batching), summing dot's own CPU time (user + system, from
    os.wait4), and the same files in one `dot` process per 64. Returns (maps, alone, batched)."""
    from argmap.website.sitemaps import map_jobs

    corpus = load(claims).corpus
    folder = pathlib.Path(tmp, "floor")
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for key, view, target in map_jobs(corpus):
        path = folder / f"{len(files):05d}.dot"
        path.write_text(to_dot(build_view(corpus, view, target), url_prefix="@@ROOT@@",
                               id_prefix=key.replace(":", "-") + "-"), encoding="utf-8")
        files.append(path)

    def cpu(cmd: list[str]) -> float:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(proc.pid, 0)
        return usage.ru_utime + usage.ru_stime

    alone = sum(cpu(["dot", "-Tsvg", str(f)]) for f in files)
    batched = sum(cpu(["dot", "-Tsvg", "-O", *map(str, files[i:i + 64])]) for i in range(0, len(files), 64))
    return len(files), alone, batched


def bench_floor(n: int = 5000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        maps, alone, batched = dot_floor(generate(n, tmp), tmp)
    print(f"dot floor, {n} claims, {maps} maps (dot's own CPU time, summed): one process per map {alone:.1f} s, "
          f"64 maps per process {batched:.1f} s (2 cores: {alone / 2:.1f} s / {batched / 2:.1f} s wall at best)")


def _trimmed_full_map(tmp: str) -> MapGraph:
    claims = generate(NODES, tmp)
    graph = build_view(load(claims).corpus, "full", large=False)
    keep = set([n.id for n in graph.nodes if n.kind != "junction"][:NODES])
    edges = tuple(e for e in graph.edges if e.source in keep and e.target in keep)
    nodes = tuple(n for n in graph.nodes if n.id in keep)
    return dataclasses.replace(graph, nodes=nodes, edges=edges)


def _argdown_text(graph: MapGraph) -> str:
    """The same statements and relations in Argdown syntax (titles are the node ids)."""
    by_source: dict[str, list[str]] = {}
    for e in graph.edges:
        sign = "+>" if e.kind in ("supports", "premise") else "->"
        by_source.setdefault(e.source, []).append(f"  {sign} [{e.target}]")
    out = []
    for n in graph.nodes:
        text = " ".join(n.label.replace("[", "(").replace("]", ")").split())
        out.append(f"[{n.id}]: {text}")
        out += by_source.get(n.id, [])
        out.append("")
    return "\n".join(out)


def _best(cmd: list[str], runs: int = 3, before: object = None) -> float:
    times = []
    for _ in range(runs):
        if callable(before):
            before()
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return min(times)


def bench_argdown() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        graph = _trimmed_full_map(tmp)
        print(f"{NODES}-node map: {len(graph.nodes)} nodes, {len(graph.edges)} edges")
        results: dict[str, float] = {}
        for mode in ("normal", "large"):  # auto picks large at this size
            dot_file = pathlib.Path(tmp, f"{mode}.dot")
            dot_file.write_text(to_dot(dataclasses.replace(graph, large=mode == "large")), encoding="utf-8")
            cache = pathlib.Path(tmp, "cache")
            # The CLI path: python start-up, DOT read, `dot -Tsvg` through argmap's choke point, cold cache.
            code = ("import sys; from argmap.maps.svg import render; "
                    f"render(open(sys.argv[1]).read(), cache_dir={str(cache)!r}, timeout=900)")
            results[mode] = _best([sys.executable, "-c", code, str(dot_file)],
                                  before=lambda cache=cache: shutil.rmtree(cache, ignore_errors=True))
        if not ARGDOWN.exists():
            for mode, t in results.items():
                print(f"argmap ({mode} layout): {t:.2f} s")
            print("Argdown CLI not installed (npm install --prefix bench @argdown/cli): comparison skipped")
            return
        ad = pathlib.Path(tmp, "map.argdown")
        ad.write_text(_argdown_text(graph), encoding="utf-8")
        out = pathlib.Path(tmp, "argdown-out")
        try:
            argdown = _best([str(ARGDOWN), "map", str(ad), str(out), "--format", "svg"], runs=2)
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"Argdown CLI failed ({exc}): comparison skipped")
            return
        print(f"argdown map --format svg: {argdown:.2f} s (baseline)")
        for mode, t in results.items():
            note = ", what auto picks at this size" if mode == "large" else ", sections stacked"
            print(f"argmap ({mode} layout{note}): {t:.2f} s = {t / argdown:.2f}x Argdown (target <= 0.3x)")


def bench_big(n: int = 5000) -> None:
    """The full map of a synthetic n-claim corpus in large-graph mode (minutes: only with ARGMAP_BENCH_BIG=1)."""
    if not os.environ.get("ARGMAP_BENCH_BIG"):
        print(f"full map of {n} claims: skipped (set ARGMAP_BENCH_BIG=1; takes minutes)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        graph = build_view(load(generate(n, tmp)).corpus, "full", large=True)
        source = to_dot(graph)
        base = pathlib.Path(tmp, "base.dot")
        # Baseline: the same nodes and edges with no attributes, clusters or legend, plain dot.
        ids = {nd.id: f"n{i}" for i, nd in enumerate(graph.nodes)}
        base.write_text("digraph g {\n" + "".join(f"{ids[e.source]} -> {ids[e.target]}\n" for e in graph.edges)
                        + "}\n", encoding="ascii")
        t = time.perf_counter()
        svg.render(source, cache_dir=tmp, timeout=3600, name="full")
        ours = time.perf_counter() - t
        print(f"full map, {len(graph.nodes)} nodes, {len(graph.edges)} edges, large mode: {ours:.0f} s")
        t = time.perf_counter()
        try:
            subprocess.run(["dot", "-Tsvg", "-Gnslimit=2", "-Gnslimit1=2", str(base)], check=True,
                           stdout=subprocess.DEVNULL, timeout=3600)
            bare = time.perf_counter() - t
            print(f"  bare graph with nslimit=2 (baseline): {bare:.0f} s; ratio {ours / bare:.2f}x")
        except subprocess.TimeoutExpired:
            print("  bare graph baseline: over an hour")


def main() -> None:
    n = next((int(a) for a in sys.argv[1:] if a.isdigit()), 5000)
    bench_floor(n)
    bench_claims()
    bench_argdown()
    bench_big()


if __name__ == "__main__":
    main()
