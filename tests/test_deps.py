"""Dependency records: after an edit, exactly the claim pages that read what changed are rendered
again, and every page is what a build from nothing gives."""

from __future__ import annotations

import pathlib
import shutil

import pytest

from argmap import deps, pipeline
from argmap.website.pages import SiteOptions
from site_build import FIXTURE_CLAIMS

OPTIONS = SiteOptions(defer_svg=True, index_claims=True)


@pytest.fixture()
def claims(tmp_path: pathlib.Path) -> pathlib.Path:
    out = tmp_path / "claims"
    shutil.copytree(FIXTURE_CLAIMS, out)
    return out


@pytest.fixture()
def caches(monkeypatch: pytest.MonkeyPatch) -> list[deps.PageCache]:
    """Every PageCache a build makes (its ``rendered`` lists the pages it rendered)."""
    made: list[deps.PageCache] = []

    class Counting(deps.PageCache):
        def __init__(self, *args: object, **kw: object) -> None:
            super().__init__(*args, **kw)  # type: ignore[arg-type]
            made.append(self)
    monkeypatch.setattr(pipeline, "PageCache", Counting)
    return made


def _build(claims: pathlib.Path, cache: pathlib.Path | None) -> pipeline.SiteResult:
    result = pipeline.build_site(str(claims), options=OPTIONS, cache_dir=str(cache) if cache else None,
                                 maps=False, with_downloads=False)
    if cache is not None:
        shutil.rmtree(cache / "results", ignore_errors=True)  # the next build renders pages, not reuses all
    return result


def _edit(claims: pathlib.Path, old: str, new: str) -> None:
    path = next(p for p in sorted(claims.glob("*.yml")) if old in p.read_text(encoding="utf-8"))
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def _outputs(result: pipeline.SiteResult) -> dict[str, str]:
    """Each page's Markdown with the HTML blocks it set aside (defer_svg): what the site shows."""
    stash = result.renderer._stash
    return {p: "\0".join([text, *stash.get(p, [])]) for p, text in result.pages.items()}


def _changed(before: pipeline.SiteResult, after: pipeline.SiteResult) -> set[str]:
    old, new = _outputs(before), _outputs(after)
    return {p for p in new if p.startswith("claims/") and old.get(p) != new[p]}


def test_an_edit_renders_exactly_the_claim_pages_that_read_it(claims: pathlib.Path, tmp_path: pathlib.Path,
                                                              caches: list[deps.PageCache]) -> None:
    cache = tmp_path / "cache"
    first = _build(claims, cache)
    claim_pages = {p for p in first.pages if p.startswith("claims/")}
    assert set(caches[-1].rendered) == claim_pages
    again = _build(claims, cache)
    assert caches[-1].rendered == [] and _outputs(again) == _outputs(first)
    # c-gap's text is shown on its own page and on the pages of the claims it is related to.
    _edit(claims, "日本語のテキスト", "編集されたテキスト")
    edited = _build(claims, cache)
    rendered = set(caches[-1].rendered)
    fresh = _build(claims, None)
    assert _outputs(edited) == _outputs(fresh)  # what the records gave is what a build from nothing gives
    changed = _changed(first, fresh)
    assert "claims/c-gap.md" in changed and len(changed) < len(claim_pages)
    assert rendered == changed
    assert "編集されたテキスト" in _outputs(edited)["claims/c-gap.md"]


def test_a_new_relation_and_a_vocabulary_change_are_seen(claims: pathlib.Path, tmp_path: pathlib.Path,
                                                         caches: list[deps.PageCache]) -> None:
    cache = tmp_path / "cache"
    first = _build(claims, cache)
    # A label in the vocabulary shows on every page tagged with it: those pages, and only those.
    vocab = claims / "vocabulary.yml"
    text = vocab.read_text(encoding="utf-8")
    assert "label: Public" in text
    vocab.write_text(text.replace("label: Public", "label: Publics"), encoding="utf-8")
    edited = _build(claims, cache)
    rendered = set(caches[-1].rendered)
    fresh = _build(claims, None)
    assert _outputs(edited) == _outputs(fresh)
    changed = _changed(first, fresh)
    assert changed and rendered == changed
    # Nothing changed since: nothing is rendered.
    _build(claims, cache)
    assert caches[-1].rendered == []


def test_the_records_are_kept_only_in_the_cache(claims: pathlib.Path, tmp_path: pathlib.Path,
                                                caches: list[deps.PageCache]) -> None:
    result = _build(claims, None)
    assert caches == []  # no cache folder: no records
    _build(claims, tmp_path / "cache")
    assert len(caches) == 1 and (tmp_path / "cache" / deps.KIND).is_dir()
    assert result.renderer.page_cache is None  # the pickled result does not carry the records
