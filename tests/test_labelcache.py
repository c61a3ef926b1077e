"""The site's acceptability labels come from the build cache while the argument structure is
unchanged: a warm build and an edit of a claim's text label nothing, an edit of a relation does."""

from __future__ import annotations

import pathlib
import shutil

import pytest

from argmap import labelcache, pipeline
from argmap.core import acceptance, semantics
from argmap.core.loader import load
from site_build import FIXTURE_CLAIMS


@pytest.fixture()
def claims(tmp_path: pathlib.Path) -> pathlib.Path:
    out = tmp_path / "claims"
    shutil.copytree(FIXTURE_CLAIMS, out)
    return out


@pytest.fixture()
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every call of the labelling: the grounded one and each semantics of the summary."""
    made: list[str] = []
    label_all, labelling = semantics.label_all, acceptance.labelling

    def counted_grounded(corpus: object) -> semantics.Labelling:
        made.append("grounded")
        return label_all(corpus)  # type: ignore[arg-type]

    def counted(corpus: object, name: str = "grounded") -> semantics.Labelling:
        made.append(name)
        return labelling(corpus, name)  # type: ignore[arg-type]
    monkeypatch.setattr(semantics, "label_all", counted_grounded)
    monkeypatch.setattr(acceptance, "labelling", counted)
    return made


def _build(claims: pathlib.Path, cache: pathlib.Path | None) -> pipeline.SiteResult:
    return pipeline.build_site(str(claims), cache_dir=str(cache) if cache else None, maps=False,
                               with_downloads=False)


def _edit(claims: pathlib.Path, old: str, new: str) -> None:
    path = claims / "01-intro.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_labels_are_reused_until_the_structure_changes(claims: pathlib.Path, tmp_path: pathlib.Path,
                                                       calls: list[str]) -> None:
    cache = tmp_path / "cache"
    _build(claims, cache)
    assert calls.count("grounded") >= 1 and set(acceptance.SEMANTICS) <= set(calls)  # cold: labelled
    calls.clear()
    _build(claims, cache)
    assert calls == []  # warm
    _edit(claims, "日本語のテキスト", "編集されたテキスト")  # a claim's text only
    edited = _build(claims, cache)
    assert calls == []
    assert "編集されたテキスト" in edited.pages["claims/c-gap.md"]
    assert edited.pages == _build(claims, None).pages  # the reused labels are the ones a fresh build makes
    calls.clear()
    _edit(claims, "qualifies: [t-strong]", "attacks: [t-strong]")  # a relation's kind
    attacked = _build(claims, cache)
    assert set(acceptance.SEMANTICS) <= set(calls)
    corpus = load(str(claims)).corpus
    fresh = labelcache.compute(corpus)
    assert attacked.renderer.semantics_summary() == fresh.summary
    assert attacked.renderer.labels == dict(fresh.grounded.claims)
    assert attacked.pages == _build(claims, None).pages


def test_the_digest_follows_structure_not_text(claims: pathlib.Path) -> None:
    corpus = load(str(claims)).corpus
    digest = labelcache.structure_digest(corpus)
    _edit(claims, "because: The gap weakens the step", "because: A new reason weakens the step")
    assert labelcache.structure_digest(load(str(claims)).corpus) == digest
    _edit(claims, "qualifies: [t-strong]", "supports: [t-strong]")
    assert labelcache.structure_digest(load(str(claims)).corpus) != digest


def test_a_damaged_labels_entry_is_labelled_again(claims: pathlib.Path, tmp_path: pathlib.Path,
                                                  calls: list[str]) -> None:
    corpus = load(str(claims)).corpus
    first = labelcache.site_labels(corpus, str(tmp_path))
    entries = [p for p in (tmp_path / "labels").rglob("*") if p.is_file()]
    assert len(entries) == 1
    calls.clear()
    assert labelcache.site_labels(corpus, str(tmp_path)) == first and calls == []
    entries[0].write_bytes(b"\x80\x05not a pickle")
    assert labelcache.site_labels(corpus, str(tmp_path)) == first and calls


def test_exports_write_the_labelling_they_are_given(claims: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap.interchange import export, graphml, jsonexport

    corpus = load(str(claims)).corpus
    fresh = {fmt: export(corpus, fmt) for fmt in ("json", "graphml")}
    given = labelcache.site_labels(corpus, None).grounded
    made: list[str] = []
    real = semantics.label_all

    def counted(c: object) -> semantics.Labelling:
        made.append("labelled")
        return real(c)  # type: ignore[arg-type]
    monkeypatch.setattr(jsonexport, "label_all", counted)
    monkeypatch.setattr(graphml, "label_all", counted)
    assert {fmt: export(corpus, fmt, labelling=given) for fmt in fresh} == fresh and made == []
    assert export(corpus, "json") == fresh["json"] and made == ["labelled"]
