"""DOT → SVG/PDF/PNG with the real dot: formats, the cache, parallel runs and every failure's message."""

from __future__ import annotations

import os
import pathlib
import stat

import pytest
from click.testing import CliRunner

from argmap.cli import cli
from argmap.maps import make_map, svg
from argmap.maps.dot import to_dot
from argmap.maps.graph import views_for
from argmap.maps.views import build_view
from conftest import FIXTURE_CORPUS

SIMPLE = 'digraph g { a -> b }'




@pytest.fixture()
def fake_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path):
    """Point DOT_COMMAND at a script; returns a function that writes the script's body."""
    def make(body: str) -> str:
        path = tmp_path / "fake-dot"
        path.write_text("#!/bin/sh\n" + body + "\n")
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
        monkeypatch.setattr(svg, "DOT_COMMAND", str(path))
        monkeypatch.setattr(svg, "_VERSIONS", {})
        return str(path)
    return make


@pytest.mark.parametrize(("fmt", "magic"), [("svg", b"<?xml"), ("pdf", b"%PDF"), ("png", b"\x89PNG")])
def test_real_dot_formats(fixture_corpus, tmp_path, fmt: str, magic: bytes) -> None:
    out = make_map(fixture_corpus, "section", "s-threats", fmt, cache_dir=tmp_path)
    assert out.startswith(magic)


def test_dot_format_is_the_source(fixture_corpus, tmp_path) -> None:
    out = make_map(fixture_corpus, "claim", "c-gap", "dot", url_prefix="@@ROOT@@", cache_dir=tmp_path)
    assert out.decode() == to_dot(build_view(fixture_corpus, "claim", "c-gap"))
    assert not any(tmp_path.iterdir())


def test_second_render_comes_from_the_cache(tmp_path, spawn_calls) -> None:
    first = svg.render(SIMPLE, cache_dir=tmp_path, name="simple")
    renders = [c for c in spawn_calls if c != ["-V"]]
    assert renders == [["-Tsvg"]]
    spawn_calls.clear()
    assert svg.render(SIMPLE, cache_dir=tmp_path, name="simple") == first
    assert spawn_calls == []
    svg.render(SIMPLE + " ", cache_dir=tmp_path)  # any change to the source is a new map
    assert spawn_calls == [["-Tsvg"]]
    assert len(list(tmp_path.rglob("*.svg"))) == 2


def test_render_many_is_ordered_cached_and_reports_progress(fixture_corpus, tmp_path, spawn_calls) -> None:
    jobs = [(build_view(fixture_corpus, v, t).name, to_dot(build_view(fixture_corpus, v, t)))
            for v, t in views_for(fixture_corpus)]
    seen: list[tuple[int, int]] = []
    out = svg.render_many(jobs, cache_dir=tmp_path, workers=2, progress=lambda d, t: seen.append((d, t)))
    assert list(out) == [n for n, _ in jobs]
    assert all(v.startswith(b"<?xml") for v in out.values())
    assert seen[-1] == (len(jobs), len(jobs))
    spawn_calls.clear()
    assert svg.render_many(jobs, cache_dir=tmp_path) == out
    assert spawn_calls == []


def test_render_many_names_the_failing_map(tmp_path) -> None:
    with pytest.raises(svg.RenderError, match=r"Graphviz failed on map 'broken': .*syntax error"):
        svg.render_many([("good", SIMPLE), ("broken", "digraph { a -> }")], cache_dir=tmp_path)
    with pytest.raises(svg.RenderError, match="two maps share the name 'x'"):
        svg.render_many([("x", SIMPLE), ("x", SIMPLE)], cache_dir=tmp_path)


def test_missing_dot_names_the_package(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(svg, "DOT_COMMAND", str(tmp_path / "no-such-dot"))
    monkeypatch.setattr(svg, "_VERSIONS", {})
    with pytest.raises(svg.DotNotFound, match="apt-get install graphviz"):
        svg.render(SIMPLE, cache_dir=tmp_path, name="overview")
    with pytest.raises(svg.DotNotFound, match="apt-get install graphviz"):
        svg.render_many([("overview", SIMPLE)], cache_dir=tmp_path)


def test_timeout_names_the_map(fake_dot, tmp_path) -> None:
    fake_dot('[ "$1" = "-V" ] && { echo "fake dot" >&2; exit 0; }\nexec sleep 5')
    with pytest.raises(svg.RenderError, match=r"map 'full' took longer than 0.3s .*--timeout"):
        svg.render(SIMPLE, cache_dir=tmp_path, timeout=0.3, name="full")
    assert not list(tmp_path.rglob("*.svg"))


def test_unknown_format(tmp_path) -> None:
    with pytest.raises(svg.RenderError, match="unknown map format 'gif'"):
        svg.render(SIMPLE, "gif", cache_dir=tmp_path)


def test_default_cache_is_under_the_project_root(tmp_path, monkeypatch) -> None:
    (tmp_path / "claims").mkdir()
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path / "docs")
    assert svg.default_cache_dir() == tmp_path.resolve() / ".cache" / "maps"


# ---------------------------------------------------------------------------------------
# the CLI


def _run(*args: str) -> object:
    return CliRunner().invoke(cli, ["map", *args, "--claims", str(FIXTURE_CORPUS)])


def test_cli_writes_a_map(tmp_path) -> None:
    out = tmp_path / "gap.dot"
    res = _run("claim", "c-gap", "--format", "dot", "-o", str(out), "--base-url", "@@ROOT@@")
    assert res.exit_code == 0, res.output
    assert out.read_text() == to_dot(build_view(_corpus(), "claim", "c-gap"))


def test_cli_svg_to_stdout_with_prefix(tmp_path) -> None:
    res = _run("overview", "--id-prefix", "ov-", "--cache-dir", str(tmp_path), "--max-nodes", "3")
    assert res.exit_code == 0, res.output
    assert 'id="ov&#45;n&#45;t&#45;strong"' in res.output
    assert "xlink:href" not in res.output  # no --base-url, no links


@pytest.mark.parametrize(("args", "code", "message"), [
    (("claim", "nope"), 2, "argmap: error: unknown claim 'nope'"),
    (("section",), 2, "argmap: error: the section view needs a section id"),
    (("atlas",), 2, "'atlas' is not one of 'overview'"),
])
def test_cli_usage_errors(args: tuple[str, ...], code: int, message: str) -> None:
    res = _run(*args)
    assert res.exit_code == code
    assert message in res.output


def test_cli_missing_dot(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(svg, "DOT_COMMAND", str(tmp_path / "no-such-dot"))
    monkeypatch.setattr(svg, "_VERSIONS", {})
    res = _run("overview", "--cache-dir", str(tmp_path))
    assert res.exit_code == 1
    assert "apt-get install graphviz" in res.output
    assert "Traceback" not in res.output


def test_cli_bad_claims_fail_cleanly(tmp_path) -> None:
    (tmp_path / "bad.yml").write_text("claims:\n  - id: x\n")
    res = CliRunner().invoke(cli, ["map", "overview", "--claims", str(tmp_path)])
    assert res.exit_code == 1
    assert "fix them first" in res.output


def _corpus():  # type: ignore[no-untyped-def]
    from argmap.core.loader import load

    return load(str(FIXTURE_CORPUS)).corpus


if os.name != "posix":  # pragma: no cover
    pytestmark = pytest.mark.skip("the fake dot scripts need a POSIX shell")


def test_render_graphs_skips_dot_for_a_known_graph(fixture_corpus, tmp_path, spawn_calls, monkeypatch) -> None:
    from argmap.maps import render as maps

    graphs = [build_view(fixture_corpus, v, t) for v, t in views_for(fixture_corpus)]
    first = maps.render_graphs(graphs, cache_dir=tmp_path, workers=2)
    assert list(first) == [g.name for g in graphs]
    # Each map's ids carry its name, so maps can share a page.
    assert b'id="claim&#45;c&#45;gap&#45;n&#45;c&#45;gap"' in first["claim-c-gap"]
    # Same graphs again: neither DOT is written nor dot run.
    spawn_calls.clear()
    monkeypatch.setattr(maps, "to_dot", lambda *a, **k: pytest.fail("to_dot called for a cached graph"))
    assert maps.render_graphs(graphs, cache_dir=tmp_path) == first
    assert spawn_calls == []
    # The same output through the content-hash cache of render_many.
    assert svg.render(to_dot(graphs[0], id_prefix=f"{graphs[0].name}-"), cache_dir=tmp_path) == first[graphs[0].name]
    assert spawn_calls == []


def test_render_graphs_dot_format(fixture_corpus, tmp_path) -> None:
    from argmap.maps.render import render_graphs

    g = build_view(fixture_corpus, "overview")
    assert render_graphs([g], "dot", id_prefix="")[g.name].decode() == to_dot(g)
