"""The build cache: products are reused only while every input is unchanged."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from argmap import buildcache, pipeline
from argmap.website.pages import SiteOptions
from site_build import FIXTURE_CLAIMS


@pytest.fixture()
def claims(tmp_path: pathlib.Path) -> pathlib.Path:
    out = tmp_path / "claims"
    shutil.copytree(FIXTURE_CLAIMS, out)
    return out


def test_product_key_follows_file_bytes_and_extra_inputs(tmp_path: pathlib.Path) -> None:
    a = tmp_path / "a.yml"
    a.write_text("x: 1\n")
    key = buildcache.product_key([str(a)], "json")
    assert key == buildcache.product_key([str(a)], "json")
    assert key != buildcache.product_key([str(a)], "aif")
    a.write_text("x: 2\n")
    assert key != buildcache.product_key([str(a)], "json")
    assert buildcache.product_key([str(tmp_path / "missing.yml")]) is None


def test_cached_makes_a_product_once(tmp_path: pathlib.Path) -> None:
    made: list[int] = []

    def make() -> bytes:
        made.append(1)
        return b"product"
    assert buildcache.cached(str(tmp_path), "kind", "k1", make) == b"product"
    assert buildcache.cached(str(tmp_path), "kind", "k1", make) == b"product"
    assert len(made) == 1
    assert buildcache.cached(None, "kind", "k1", make) == b"product"  # no cache: always made
    assert buildcache.cached(str(tmp_path), "kind", None, make) == b"product"  # no key: always made
    assert len(made) == 3


def test_an_unwritable_cache_only_costs_speed(tmp_path: pathlib.Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert buildcache.cached(str(blocker), "kind", "k", lambda: b"x") == b"x"
    assert buildcache.get(str(blocker), "kind", "k") is None


def _build(claims: pathlib.Path, cache: pathlib.Path, **kw: object) -> pipeline.SiteResult:
    return pipeline.build_site(str(claims), cache_dir=str(cache), maps=False, with_downloads=False, **kw)  # type: ignore[arg-type]


def test_site_result_is_reused_until_a_claim_file_changes(claims: pathlib.Path, tmp_path: pathlib.Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    first = _build(claims, cache)
    calls: list[str] = []
    real = pipeline._build_site

    def counting(*args: object, **kw: object) -> pipeline.SiteResult:
        calls.append("built")
        return real(*args, **kw)  # type: ignore[arg-type]
    monkeypatch.setattr(pipeline, "_build_site", counting)
    again = _build(claims, cache)
    assert calls == [] and again.pages == first.pages and again.nav_sections == first.nav_sections
    # An edit anywhere under the claims folder is seen: the pages show the new text.
    path = next(p for p in sorted(claims.glob("*.yml")) if "c-gap" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    assert "日本語のテキスト" in text
    path.write_text(text.replace("日本語のテキスト", "編集されたテキスト"), encoding="utf-8")
    edited = _build(claims, cache)
    assert calls == ["built"]
    assert "編集されたテキスト" in edited.pages["claims/c-gap.md"]
    assert "日本語のテキスト" not in edited.pages["claims/c-gap.md"]
    # Other options are another result.
    _build(claims, cache, options=SiteOptions(dir_urls=False))
    assert calls == ["built", "built"]


def test_a_damaged_site_cache_entry_is_rebuilt(claims: pathlib.Path, tmp_path: pathlib.Path) -> None:
    cache = tmp_path / "cache"
    first = _build(claims, cache)
    entries = [p for p in (cache / "results").rglob("*") if p.is_file()]
    assert len(entries) == 1
    entries[0].write_bytes(b"\x80\x05not a pickle")
    assert _build(claims, cache).pages == first.pages


def test_exports_come_from_the_cache_while_the_claims_are_unchanged(claims: pathlib.Path, tmp_path: pathlib.Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap import interchange
    from argmap.core.loader import load

    corpus = load(str(claims)).corpus
    files, _ = pipeline.downloads(corpus, pdf=False, cache_dir=str(tmp_path))
    assert json.loads(files["downloads/argument-map.json"])  # a real export
    monkeypatch.setattr(interchange, "export", lambda *a, **k: pytest.fail("exported again"))
    again, links = pipeline.downloads(corpus, pdf=False, cache_dir=str(tmp_path))
    assert again == files and len(links) == len(pipeline.EXPORT_FORMATS)


def test_compiled_templates_are_kept(claims: pathlib.Path, tmp_path: pathlib.Path) -> None:
    from argmap.website import templating

    templating.environment().cache.clear()  # templates compiled by earlier tests in this process
    cache = tmp_path / "cache"
    _build(claims, cache)
    compiled = os.listdir(cache / "jinja" / buildcache.code_fingerprint()[:16])  # under the one code fingerprint
    assert any(name.startswith("__jinja2_") for name in compiled)
    (cache / "jinja" / "0123456789abcdef").mkdir()  # the templates compiled by other code
    (cache / "jinja" / "__jinja2_old.cache").write_bytes(b"")  # and the layout before the fingerprint
    buildcache.template_cache(str(cache))
    assert os.listdir(cache / "jinja") == [buildcache.code_fingerprint()[:16]]


def test_only_the_newest_entries_stay(tmp_path: pathlib.Path) -> None:
    for n in range(5):
        buildcache.put(str(tmp_path), "kind", f"{n:02d}key", b"x" * n, keep=2)
        path = tmp_path / "kind" / f"{n:02d}"[:2] / f"{n:02d}key"
        os.utime(path, ns=(n * 10**9, n * 10**9))  # distinct ages, oldest first
    buildcache.prune(str(tmp_path / "kind"), 2)
    left = sorted(p.name for p in (tmp_path / "kind").rglob("*") if p.is_file())
    assert left == ["03key", "04key"]


def test_map_blocks_are_read_when_a_page_needs_them(tmp_path: pathlib.Path) -> None:
    """The blocks of a cached build pickle as their index; each is read back from the block cache."""
    import pickle

    from argmap.core.loader import load
    from argmap.website import sitemaps

    corpus = load(str(FIXTURE_CLAIMS)).corpus
    fresh, _ = sitemaps.render_maps(corpus, cache_dir=str(tmp_path))
    assert isinstance(fresh, sitemaps.BlockStore) and len(fresh) > 3
    svg_bytes = sum(len(fresh[k].svg) for k in fresh)
    data = pickle.dumps(fresh)
    assert len(data) < svg_bytes / 10
    again = pickle.loads(data)
    assert list(again) == list(fresh)
    assert all(again[k] == fresh[k] for k in fresh)
    warm, _ = sitemaps.render_maps(corpus, cache_dir=str(tmp_path))  # from the index: nothing drawn, nothing read
    assert isinstance(warm, sitemaps.BlockStore) and warm.index == fresh.index and not warm._fresh


def test_an_edit_draws_and_holds_only_the_maps_it_changed(claims: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """After an edit the corpus' index is new, so every map's graph is built again, but only the
    maps whose graph changed are drawn (and held in memory); the others stay in the block cache
    until a page reads them. Each block keeps its canvas' attributes, as the page would work them out."""
    from argmap.core.loader import load
    from argmap.website import sitemaps
    from argmap.website.mapframe import canvas_attrs

    cache = tmp_path / "cache"
    first, _ = sitemaps.render_maps(load(str(claims)).corpus, cache_dir=str(cache))
    assert isinstance(first, sitemaps.BlockStore)
    assert all(first[k].attrs == canvas_attrs(k, first[k].svg) and first[k].attrs for k in first)
    path = next(p for p in sorted(claims.glob("*.yml")) if "id: c-method" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    at = text.index("id: c-method")
    start = text.index("text:", at) + len("text:")
    path.write_text(text[:start] + " Edited" + text[start:], encoding="utf-8")
    edited, _ = sitemaps.render_maps(load(str(claims)).corpus, cache_dir=str(cache))
    assert isinstance(edited, sitemaps.BlockStore) and set(edited.index) == set(first.index)
    changed = {k for k in first.index if edited.index[k] != first.index[k]}
    assert "claim:c-method" in changed and "section:s-intro" in changed
    assert set(edited._fresh) == changed  # the unchanged ones were not read back
    assert changed != set(first.index)
    assert all(edited[k] == first[k] for k in set(first.index) - changed)
    assert "Edited" in edited["claim:c-method"].svg


_BUILD_SCRIPT = """
import json, sys
from argmap.pipeline import build_site
from argmap.website.pages import SiteOptions
result = build_site(sys.argv[1], options=SiteOptions(), cache_dir=sys.argv[2])
print(json.dumps({"argmap": __import__("argmap").__file__, "overview": result.renderer.maps["overview"].svg,
                  "pdf": len(result.files["downloads/argument-map.pdf"])}))
"""


def _cache_files(cache: pathlib.Path) -> dict[str, set[str]]:
    """Every cache layer's entries: results, exports, pdf, site blocks and index, the graph index
    of the PDF's maps, the Graphviz output cache and the compiled templates."""
    layers: dict[str, set[str]] = {}
    for path in cache.rglob("*"):
        if path.is_file():
            rel = path.relative_to(cache).parts
            layer = "/".join(rel[:2]) if rel[0] == "site" else ("graphviz" if len(rel[0]) == 2 else rel[0])
            layers.setdefault(layer, set()).add(path.relative_to(cache).as_posix())
    return layers


@pytest.mark.slow
def test_a_code_change_rebuilds_every_cached_product(tmp_path: pathlib.Path) -> None:
    """The stale-maps bug: the map blocks' fingerprint left out mapviews.py and labels.py, so a
    changed label rule served the old maps from a warm cache. Edit labels.py in a copy of the
    package: every cache layer gets new entries and the maps show the change."""
    if shutil.which("dot") is None:
        pytest.fail("Graphviz's dot is needed (make setup-test installs it)")
    package = pathlib.Path(buildcache.__file__).resolve().parent
    copy = tmp_path / "tools" / "argmap"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(copy.parent), "SOURCE_DATE_EPOCH": "1700000000",
           "PYTHONDONTWRITEBYTECODE": "1"}

    def build() -> dict[str, object]:
        proc = subprocess.run([sys.executable, "-c", _BUILD_SCRIPT, str(FIXTURE_CLAIMS), str(cache)], env=env,
                              capture_output=True, text=True, timeout=600, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        out: dict[str, object] = json.loads(proc.stdout.splitlines()[-1])
        assert out["argmap"] == str(copy / "__init__.py")  # the copy is the one that ran
        return out

    first = build()
    before = _cache_files(cache)
    assert set(before) >= {"results", "exports", "pdf", "site/blocks", "site/index", "graphs", "graphviz", "jinja"}
    assert build() == first and _cache_files(cache) == before  # warm: everything reused, nothing new
    labels = copy / "maps" / "labels.py"
    text = labels.read_text(encoding="utf-8")
    rule = '    return " ".join("".join(ch for ch in text if not _drop(ch)).split())\n'
    assert rule in text
    labels.write_text(text.replace(rule, rule.replace(".split())", '.split()) + " ZQXEDIT"'), 1), encoding="utf-8")
    second = build()
    assert "ZQXEDIT" not in str(first["overview"])
    assert "ZQXEDIT" in str(second["overview"]), "the map was served from the cache of the old code"
    after = _cache_files(cache)
    for layer, entries in before.items():
        assert after.get(layer, set()) - entries, f"the {layer} cache was not rebuilt after a code change"
