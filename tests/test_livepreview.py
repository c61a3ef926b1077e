"""Live preview (`mkdocs serve --dirty`, as `make serve` runs it): after a save only the pages
that changed are rendered again, and the site served is the one a clean build gives.

Real MkDocs builds of the fixture claims with real Graphviz, in this process, the way
`mkdocs serve` calls them (one plugin instance across builds, a serve URL, ``dirty``)."""

from __future__ import annotations

import difflib
import json
import logging
import pathlib
import shutil
from collections.abc import Iterator

import pytest

from argmap.livepreview import Preview
from site_build import FIXTURE_CLAIMS

ROOT = pathlib.Path(__file__).resolve().parent.parent
SERVE_URL = "http://127.0.0.1:8000/"


@pytest.fixture()
def serve_env(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[pathlib.Path]:
    claims = tmp_path / "claims"
    shutil.copytree(FIXTURE_CLAIMS, claims)
    for name, value in {"ARGMAP_CLAIMS": str(claims), "ARGMAP_CACHE_DIR": str(tmp_path / "cache"),
                        "ARGMAP_PDF": "false", "CI": "1"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(ROOT)
    yield claims
    from mkdocs.config import load_config
    load_config(str(ROOT / "mkdocs.yml")).plugins.on_startup(command="build", dirty=False)  # the shared instance


def _build(site: pathlib.Path, dirty: bool, startup: bool) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site))
    if startup:
        config.plugins.on_startup(command="serve", dirty=dirty)
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL, dirty=dirty)


def _tree(site: pathlib.Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _times(site: pathlib.Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def test_a_save_renders_only_what_changed_and_serves_what_a_clean_build_gives(
        serve_env: pathlib.Path, tmp_path: pathlib.Path, caplog: pytest.LogCaptureFixture) -> None:
    dirty = tmp_path / "dirty"
    _build(dirty, dirty=True, startup=True)
    before = _times(dirty)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.argmap"):
        _build(dirty, dirty=True, startup=False)  # nothing changed
    assert any("renders 2 of" in r.getMessage() for r in caplog.records), [r.getMessage() for r in caplog.records]
    now = _times(dirty)
    # the tag listing and the home page (it shows the overview map) render every time; the 404
    # page and the redirect of a former id are not pages
    assert {p for p in before if now[p] != before[p]} == {"tags/index.html", "index.html",
                                                                "404.html", "claims/old-thesis/index.html"}

    intro = serve_env / "01-intro.yml"
    intro.write_text(intro.read_text(encoding="utf-8").replace("Elites and publics disagree",
                                                               "Elites and publics EditedNow disagree"),
                     encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.argmap"):
        _build(dirty, dirty=True, startup=False)
    counts = [r.getMessage() for r in caplog.records if "live preview renders" in r.getMessage()]
    rendered, total = (int(w) for w in counts[-1].split("renders ")[1].split(" pages")[0].split(" of "))
    assert 1 < rendered < total / 2, counts
    after = _times(dirty)
    assert "EditedNow" in (dirty / "claims" / "c-gap" / "index.html").read_text(encoding="utf-8")
    untouched = [p for p in before if after.get(p) == before[p]]
    # the thesis' page lists the claim that qualifies it, with its text: rendered again
    assert "claims/t-strong/index.html" not in untouched
    assert "EditedNow" in (dirty / "claims" / "t-strong" / "index.html").read_text(encoding="utf-8")
    assert "how-to-read-a-map/index.html" in untouched and len(untouched) >= total / 2

    clean = tmp_path / "clean"
    _build(clean, dirty=False, startup=True)
    got, want = _tree(dirty), _tree(clean)
    assert sorted(got) == sorted(want)
    index = "search/search_index.json"
    assert json.loads(got.pop(index)) == json.loads(want.pop(index))
    differ = [p for p in want if got[p] != want[p]]
    for path in differ[:1]:  # what differs, for the failure's report
        print("\n".join(list(difflib.unified_diff(want[path].decode().splitlines(),
                                                  got[path].decode().splitlines(), lineterm=""))[:60]))
    assert differ == []


class _File:
    def __init__(self, src: str, dest: pathlib.Path) -> None:
        self.src_uri, self.abs_dest_path, self.url, self.page = src, str(dest), src[:-3] + "/", None

    def is_modified(self) -> bool:
        return False


def test_a_page_whose_source_is_gone_is_removed(tmp_path: pathlib.Path) -> None:
    files = [_File(f"claims/c-{n}.md", tmp_path / f"c-{n}.html") for n in range(3)]
    for f in files:
        pathlib.Path(f.abs_dest_path).write_text("old", encoding="utf-8")
    preview = Preview()
    preview.plan("scope", {f.src_uri: "same" for f in files}, files)
    for f in files:
        preview.keep(f.src_uri, "same", f.abs_dest_path, f.url, None, {})
    assert preview.plan("scope", {f.src_uri: "same" for f in files[:2]}, files[:2]) == set()
    assert preview.forget_missing(f.src_uri for f in files[:2]) == [files[2].abs_dest_path]
    assert not pathlib.Path(files[2].abs_dest_path).exists() and pathlib.Path(files[0].abs_dest_path).exists()
    assert preview.plan("other scope", {f.src_uri: "same" for f in files[:2]}, files[:2]) == {
        "claims/c-0.md", "claims/c-1.md"}  # the theme or the navigation changed: every page



def test_the_live_preview_keeps_its_result_and_page_records_in_memory(tmp_path: pathlib.Path) -> None:
    from argmap import buildcache, pipeline
    from argmap.deps import KIND, PageCache
    from argmap.website.records import SiteOptions

    claims = tmp_path / "claims"
    shutil.copytree(FIXTURE_CLAIMS, claims)
    cache = str(tmp_path / "cache")
    flags = {"maps": False, "with_downloads": False}
    first = pipeline.build_site(str(claims), cache_dir=cache, store=False, **flags)
    key = pipeline._site_key(str(claims), SiteOptions(), pdf=True, **flags)
    assert buildcache.get(cache, "results", key) is None  # nothing pickled to the cache
    assert buildcache.get(cache, KIND, PageCache(cache, SiteOptions()).key) is None
    assert pipeline.build_site(str(claims), cache_dir=cache, store=False, **flags) is first
    intro = claims / "01-intro.yml"
    intro.write_text(intro.read_text(encoding="utf-8").replace("Elites and publics disagree",
                                                               "Elites and publics EditedNow disagree"),
                     encoding="utf-8")
    records = PageCache(cache, SiteOptions(), store=False)
    assert "claims/t-strong.md" in records.records  # the last build's records, from memory
    edited = pipeline.build_site(str(claims), cache_dir=cache, store=False, **flags)
    assert edited is not first and "EditedNow" in edited.pages["claims/c-gap.md"]
    others = [p for p, text in first.pages.items() if p.startswith("claims/") and "Elites and publics" not in text]
    assert others and all(edited.pages[p] == first.pages[p] for p in others)
    stored = pipeline.build_site(str(claims), cache_dir=cache, **flags)  # a build: the cache again
    key = pipeline._site_key(str(claims), SiteOptions(), pdf=True, **flags)
    assert stored.pages == edited.pages and buildcache.get(cache, "results", key) is not None
