"""The build date comes from the claims (git, else file times), so plain builds are reused and repeatable."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import shutil
import subprocess

import pytest

from argmap import contentdate, pipeline
from argmap.website.pages import SiteOptions
from conftest import have
from site_build import FIXTURE_CLAIMS

COMMIT = 1600000000   # 2020-09-13T12:26:40Z
LATER = 1650000000


def _git(repo: pathlib.Path, *args: str, when: int = COMMIT) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE": f"@{when} +0000",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture()
def claims(tmp_path: pathlib.Path) -> pathlib.Path:
    out = tmp_path / "project" / "claims"
    shutil.copytree(FIXTURE_CLAIMS, out)
    return out


def _utc(epoch: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, dt.UTC)


def test_without_git_the_newest_claim_file_gives_the_date(claims: pathlib.Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    files = sorted(claims.glob("*.yml"))
    for path in files:
        os.utime(path, (COMMIT, COMMIT))
    os.utime(files[1], (LATER + 0.7, LATER + 0.7))
    assert contentdate.content_date(str(claims)) == _utc(LATER)
    assert contentdate.content_date(str(claims), [str(files[0])]) == _utc(COMMIT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234")
    assert contentdate.content_date(str(claims)) == _utc(1234)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(contentdate.DateError, match="SOURCE_DATE_EPOCH must be a whole number"):
        contentdate.content_date(str(claims))
    empty = claims.parent / "empty"
    empty.mkdir()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert contentdate.content_date(str(empty)) == _utc(0)


@pytest.mark.skipif(not have("git"), reason="git is not installed")
def test_in_git_the_last_commit_touching_the_claims_gives_the_date(claims: pathlib.Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    repo = claims.parent
    _git(repo, "init", "-q")
    _git(repo, "add", "claims")
    _git(repo, "commit", "-q", "-m", "claims")
    (repo / "README").write_text("not a claim\n")
    _git(repo, "add", "README")
    _git(repo, "commit", "-q", "-m", "other", when=LATER)  # a later commit elsewhere does not count
    for path in claims.glob("*.yml"):
        os.utime(path, (LATER, LATER))  # nor do the files' times
    assert contentdate.content_date(str(claims)) == _utc(COMMIT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(LATER + 5))
    assert contentdate.content_date(str(claims)) == _utc(LATER + 5)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    # A folder in the repository that no commit touched: its files' times.
    new = repo / "new-claims"
    new.mkdir()
    (new / "a.yml").write_text("claims: []\n")
    os.utime(new / "a.yml", (LATER + 9, LATER + 9))
    assert contentdate.content_date(str(new)) == _utc(LATER + 9)


@pytest.mark.skipif(not have("dot"), reason="Graphviz is not installed")
def test_two_plain_builds_reuse_every_product_and_give_the_same_bytes(claims: pathlib.Path, tmp_path: pathlib.Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("weasyprint")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    for path in claims.glob("*.yml"):
        os.utime(path, (COMMIT, COMMIT))
    cache = tmp_path / "cache"
    options = SiteOptions()
    first = pipeline.build_site(str(claims), options=options, cache_dir=str(cache))
    pdf = first.files[pipeline.PDF_NAME]
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    made: list[str] = []
    real_site, real_pdf = pipeline._build_site, pipeline._make_pdf

    def site(*args: object, **kw: object) -> pipeline.SiteResult:
        made.append("site")
        return real_site(*args, **kw)  # type: ignore[arg-type]

    def pdf_made(*args: object, **kw: object) -> bytes:
        made.append("pdf")
        return real_pdf(*args, **kw)  # type: ignore[arg-type]
    monkeypatch.setattr(pipeline, "_build_site", site)
    monkeypatch.setattr(pipeline, "_make_pdf", pdf_made)
    again = pipeline.build_site(str(claims), options=options, cache_dir=str(cache))
    assert made == []  # the whole result is reused
    assert again.files == first.files
    shutil.rmtree(cache / "results")  # without the whole result, the PDF and exports are still reused
    third = pipeline.build_site(str(claims), options=options, cache_dir=str(cache))
    assert made == ["site"]
    assert third.files == first.files
    # A build with no cache at all makes the same bytes: nothing in them comes from the clock.
    fresh = pipeline.build_site(str(claims), options=options, cache_dir=str(tmp_path / "other"))
    assert made == ["site", "site", "pdf"]
    assert fresh.files[pipeline.PDF_NAME] == pdf
    assert f"Built {_utc(COMMIT).date().isoformat()}" in _pdf_text(pdf)


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data)).pages[0].extract_text()
