"""Generated pages whose Markdown is unchanged take their HTML from the last build: the same site,
the same warnings for --strict, and a changed page converted again."""

from __future__ import annotations

import logging
import pathlib
import shutil

import markdown
import pytest

from site_build import FIXTURE_CLAIMS, build_here

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")]


def _site(root: pathlib.Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _count_conversions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    converted: list[str] = []
    convert = markdown.Markdown.convert

    def counting(self: markdown.Markdown, source: str) -> str:
        converted.append(source)
        return convert(self, source)
    monkeypatch.setattr(markdown.Markdown, "convert", counting)
    return converted


def test_a_rebuild_converts_only_the_hand_written_pages_and_gives_the_same_site(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    claims = tmp_path / "claims"
    shutil.copytree(FIXTURE_CLAIMS, claims)
    converted = _count_conversions(monkeypatch)
    code, out = build_here(claims, tmp_path, monkeypatch, pdf=False)
    assert code == 0, out
    first, cold = _site(tmp_path / "site"), len(converted)
    hand_written = len(list((pathlib.Path(__file__).parent.parent / "docs").rglob("*.md")))
    assert cold > hand_written + 10
    converted.clear()
    shutil.rmtree(tmp_path / "site")
    code, out = build_here(claims, tmp_path, monkeypatch, pdf=False)
    assert code == 0, out
    assert len(converted) <= hand_written, "generated pages were converted again"
    assert _site(tmp_path / "site") == first
    # one claim's text changes: the pages show it, and only the pages whose Markdown changed convert
    path = claims / "01-intro.yml"
    text = path.read_text(encoding="utf-8")
    assert 'text: "Elites and publics disagree' in text
    converted.clear()
    path.write_text(text.replace('text: "Elites and', 'text: "Edited. Elites and', 1), encoding="utf-8")
    code, out = build_here(claims, tmp_path, monkeypatch, pdf=False)
    assert code == 0, out
    # (a claim's text reaches its page's HTML set aside from the Markdown, so few pages convert)
    assert len(converted) <= hand_written + 3, len(converted)
    assert "Edited." in (tmp_path / "site" / "claims" / "c-gap" / "index.html").read_text(encoding="utf-8")
    code, out = build_here(claims, tmp_path / "clean", monkeypatch, pdf=False)  # an empty cache
    assert code == 0, out
    assert _site(tmp_path / "site") == _site(tmp_path / "clean" / "site")


def test_a_warning_converting_a_page_counts_for_strict_on_the_next_build_too(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.structure import pages

    render = pages.Page.render

    def warning(self: pages.Page, config: object, files: object) -> None:
        render(self, config, files)  # type: ignore[arg-type]
        if self.file.src_uri == "claims/c-gap.md":
            logging.getLogger("mkdocs.structure.pages").warning("Doc file 'claims/c-gap.md' links to nowhere")
    with monkeypatch.context() as patch:
        patch.setattr(pages.Page, "render", warning)
        code, out = build_here(FIXTURE_CLAIMS, tmp_path, monkeypatch, pdf=False)
    assert code == 1 and out.count("Doc file 'claims/c-gap.md' links to nowhere") == 1, out
    code, out = build_here(FIXTURE_CLAIMS, tmp_path, monkeypatch, pdf=False)  # converted last time: kept
    assert code == 1 and out.count("Doc file 'claims/c-gap.md' links to nowhere") == 1, out
    assert "Aborted with 1 warnings in strict mode!" in out
