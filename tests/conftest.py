"""Shared fixtures. Golden files are regenerated only when ARGMAP_REGEN=1 is set."""

from __future__ import annotations

import os
import pathlib
import shutil

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURE_CORPUS = ROOT / "tests" / "fixtures" / "corpus" / "claims"
SHARED = ROOT.parent / "shared"
REGEN = os.environ.get("ARGMAP_REGEN") == "1"


@pytest.fixture(scope="session")
def fixture_corpus():
    """The loaded fixture corpus (tests/fixtures/corpus/claims), checked clean."""
    from argmap.core.loader import load

    result = load(str(FIXTURE_CORPUS))
    assert not result.report.failed(strict=True), [str(d.message) for d in result.report]
    return result.corpus


@pytest.fixture(scope="session")
def paper_corpus():
    """The real map of the paper in claims/."""
    from argmap.core.loader import load

    result = load(str(ROOT / "claims"))
    return result.corpus


@pytest.fixture(scope="session")
def tagged_pdfs(fixture_corpus, tmp_path_factory):
    """The fixture corpus' PDF in a variant ("pdf/ua-1", "pdf/a-3b"), read with pypdf: each built
    once per session, on first use (the PDF/UA-1 checks, tests/test_pdf_ua*.py)."""
    import pypdf

    from test_pdf import _build

    built: dict[str, object] = {}

    def get(variant: str):  # type: ignore[no-untyped-def]
        if variant not in built:
            out = tmp_path_factory.mktemp("tagged") / f"{variant.replace('/', '-')}.pdf"
            built[variant] = pypdf.PdfReader(str(_build(fixture_corpus, out, variant=variant)))
        return built[variant]
    return get


def golden(path: pathlib.Path, actual: str) -> None:
    """Compare with a golden file; write it instead when ARGMAP_REGEN=1."""
    if REGEN or not path.exists():
        if not REGEN:
            pytest.fail(f"golden file {path} is missing; run with ARGMAP_REGEN=1 to create it, then read the diff")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path} differs; if the change is intended run with ARGMAP_REGEN=1 and review the diff"


def have(cmd: str) -> bool:
    return shutil.which(cmd) is not None


@pytest.fixture()
def spawn_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every call of the subprocess choke point, by its arguments."""
    calls: list[list[str]] = []
    from argmap.maps import svg

    real = svg._spawn

    def counting(args, data, timeout, name):  # type: ignore[no-untyped-def]
        calls.append(list(args))
        return real(args, data, timeout, name)

    monkeypatch.setattr(svg, "_spawn", counting)
    return calls
