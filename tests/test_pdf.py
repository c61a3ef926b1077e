"""The offline PDF (argmap pdf): built once per session from the fixture corpus with real WeasyPrint,
then read back with poppler-utils (pdftotext, pdffonts, pdfinfo, pdfimages) and pypdf."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURE_CORPUS

pytest.importorskip("weasyprint")
pypdf = pytest.importorskip("pypdf")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

EPOCH = 1700000000  # 2023-11-14T22:13:20Z
CJK = "日本語のテキスト 한국어 텍스트"


def _build(corpus, out: Path, **kw) -> Path:
    from argmap.pdf.build import build_pdf

    build_pdf(corpus, out, source_date_epoch=EPOCH, **kw)
    return out


def _run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="session")
def pdf_path(fixture_corpus, tmp_path_factory) -> Path:
    return _build(fixture_corpus, tmp_path_factory.mktemp("pdf") / "map.pdf")


@pytest.fixture(scope="session")
def pdf_text(pdf_path) -> str:
    return _run("pdftotext", "-enc", "UTF-8", str(pdf_path), "-")


@needs_poppler
def test_every_claim_id_and_section_title_is_in_the_text(fixture_corpus, pdf_text):
    flat = " ".join(pdf_text.split())
    for cid in fixture_corpus.claims:
        assert cid in flat, cid
    for section in fixture_corpus.sections.values():
        assert section.title in flat, section.title


@needs_poppler
def test_cjk_text_comes_out_as_the_same_characters(pdf_text):
    assert CJK in " ".join(pdf_text.split())
    assert "防衛白書 / 국방백서" in pdf_text  # a source title in the bibliography


@needs_poppler
def test_claim_text_is_escaped_not_interpreted(pdf_text):
    assert 'a gap of <10 points & "quotes"' in " ".join(pdf_text.split())


@needs_poppler
def test_all_fonts_are_embedded(pdf_path):
    lines = _run("pdffonts", str(pdf_path)).splitlines()[2:]
    assert lines, "no fonts listed"
    for line in lines:
        emb = line.split()[-5]
        assert emb == "yes", line
    assert any("Noto-Sans-CJK" in line for line in lines)


def test_outline_has_every_section_and_claim(fixture_corpus, pdf_path):
    reader = pypdf.PdfReader(str(pdf_path))
    titles: list[str] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    for section in fixture_corpus.sections.values():
        assert section.title in titles
    for cid in fixture_corpus.claims:
        assert any(t.startswith(f"{cid} · ") for t in titles), cid


@needs_poppler
def test_cross_references_print_their_page(pdf_text):
    flat = " ".join(pdf_text.split())
    assert re.search(r"supported by claim c-differ, p\. \d+", flat)
    assert re.search(r"Thesis: claim t-strong, p\. \d+", flat)
    # the contents and the index carry page numbers too
    assert re.search(r"Threat perceptions \.+ \d+", flat)
    assert re.search(r"old-thesis see t-strong[ .]*\d+", flat)


@needs_poppler
def test_cover_date_and_metadata_come_from_source_date_epoch(pdf_path, pdf_text):
    assert "Built 2023-11-14" in pdf_text
    info = _run("pdfinfo", "-isodates", str(pdf_path))
    assert re.search(r"CreationDate:\s+2023-11-14T22:13:20", info)
    assert re.search(r"ModDate:\s+2023-11-14T22:13:20", info)
    assert "A4" in info


def test_the_document_says_it_is_a_contributors_map_of_the_paper(pdf_path, pdf_text):
    meta = pypdf.PdfReader(str(pdf_path)).metadata
    assert meta.title == "Argument map of “Two Alliances Compared”"
    assert meta.author == "Ann Mapper and Bo Charter"       # the map's maintainers, not the paper's author
    assert meta.subject.startswith("A contributors' argument map of Doe, Jane, “Two Alliances Compared” (2015)")
    assert "Not the paper itself" in meta.subject
    assert meta["/Keywords"] == "argument map, Two Alliances Compared, Doe, Jane, claims, evidence"
    cover = " ".join(pdf_text.split("\f")[0].split())
    assert "A CONTRIBUTORS' ARGUMENT MAP OF THE PAPER" in cover
    assert "made and maintained by Ann Mapper and Bo Charter, published under the licence CC BY 4.0" in cover
    from argmap.pdf.identity import map_version

    version = map_version(str(FIXTURE_CORPUS))
    assert re.fullmatch(r"[0-9a-f]{7,} \(\d{4}-\d\d-\d\d\)", version)   # the claim files' last commit
    assert f"Version {version}." in cover
    assert ("Cite the map as: Ann Mapper and Bo Charter. 2023. Argument map of Doe, Jane, “Two Alliances "
            f"Compared”. Version {version}. Licence: CC BY 4.0. https://example.org/map/") in cover


def test_map_version_outside_git_is_empty(tmp_path):
    from argmap.pdf.identity import map_version

    assert map_version(str(tmp_path)) == ""


def test_two_builds_give_the_same_bytes(pdf_path, tmp_path):
    # The second build runs in another process with another hash seed, through the command line.
    again = tmp_path / "again.pdf"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-m", "argmap.cli", "pdf", "--claims", str(FIXTURE_CORPUS), "-o", str(again)],
                   check=True, capture_output=True, env=env)
    assert again.read_bytes() == pdf_path.read_bytes()


def test_tagging_with_page_references_made_once_gives_the_same_bytes(fixture_corpus, pdf_path, tmp_path,
                                                                     monkeypatch):
    # pydyf's page references are remembered per page count while WeasyPrint tags (a speed-up only):
    # without it, the document is the same to the byte, and the remembered tuple is pydyf's own.
    import contextlib

    import pydyf

    from argmap.pdf import build
    from argmap.pdf.tagspeed import page_references_once

    pdf = pydyf.PDF()
    with page_references_once():
        for count in (1, 2, 3):
            pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
            assert len(pdf.page_references) == count  # a new page is seen at once
            assert pdf.page_references is pdf.page_references  # made once for this page count
        remembered = pdf.page_references
    assert pdf.page_references == remembered  # what pydyf itself makes
    assert pdf.page_references is not pdf.page_references  # pydyf's own property again

    monkeypatch.setattr(build, "page_references_once", contextlib.nullcontext)
    plain = _build(fixture_corpus, tmp_path / "plain.pdf")
    assert plain.read_bytes() == pdf_path.read_bytes()


@needs_poppler
def test_letter_paper(fixture_corpus, tmp_path):
    out = _build(fixture_corpus, tmp_path / "letter.pdf", paper="letter", maps=False)
    assert re.search(r"Page size:\s+612 x 792 pts \(letter\)", _run("pdfinfo", str(out)))


def _pdf_of(dot_source: str) -> bytes:
    return subprocess.run(["dot", "-Tpdf"], input=dot_source.encode(), check=True, capture_output=True).stdout


def _words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) of every word on ``page``, in points from the top-left."""
    html = _run("pdftotext", "-bbox", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf), "-")
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)]


def _assert_vector_page(pdf: Path, first: str, second: str, caption: str) -> None:
    """The map's labels are text on the page of its caption, above the caption and inside the page's
    margins; the page holds no image, and the map is drawn with path operators."""
    pages = _run("pdftotext", "-enc", "UTF-8", str(pdf), "-").split("\f")
    page = next(i for i, p in enumerate(pages, 1) if first in p and second in p and caption in p)
    images = _run("pdfimages", "-list", "-f", str(page), "-l", str(page), str(pdf)).splitlines()[2:]
    assert images == [], images
    words = _words(pdf, page)
    label = next(w for w in words if w[0] == first.split()[0])
    cap = next(w for w in words if w[0] == caption.split()[0] and w[2] > label[4])
    assert label[4] < cap[2], "the map is drawn above its caption"
    assert label[1] >= 18 * 72 / 25.4 - 1 and label[3] <= (210 - 18) * 72 / 25.4 + 1, "inside the margins"
    drawn = pypdf.PdfReader(str(pdf)).pages[page - 1]
    forms = [x.get_object() for x in drawn["/Resources"]["/XObject"].values()]
    assert forms and all(f["/Subtype"] == "/Form" for f in forms)
    assert any(re.search(rb"\b(c|l|re)\b", f.get_data()) for f in forms), "no path operators in the map"
    assert any(re.search(rb"/ArgmapMap\d+ Do", c.get_object().get_data()) for c in drawn["/Contents"])


@needs_poppler
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_a_map_is_drawn_as_vector_paths_not_an_image(fixture_corpus, tmp_path, monkeypatch):
    from argmap.pdf import build as pdf
    from argmap.pdf.overlay import fit, page_size
    from argmap.pdf.printdoc import MapFigure

    art = _pdf_of('digraph { "node-alpha" -> "node-beta" [label="supports"]; }')
    figure = MapFigure("overview", "Overview drawn here", art, *fit(*page_size(art), 174, 225))
    monkeypatch.setattr(pdf, "render_maps", lambda corpus, **kw: [figure])
    out = _build(fixture_corpus, tmp_path / "maps.pdf")
    _assert_vector_page(out, "node-alpha", "node-beta", "Overview drawn here")


@needs_poppler
def test_real_maps_are_vector_graphics(fixture_corpus, pdf_path):
    from argmap.pdf.build import render_maps

    figures = render_maps(fixture_corpus)
    assert {f.key for f in figures} >= {"overview", "section-s-intro", "comparison-north-vs-south"}
    assert _run("pdfimages", "-list", str(pdf_path)).splitlines()[2:] == []
    # (the thesis is labelled "Northland: Alliances strong now", its actor named before it)
    _assert_vector_page(pdf_path, "strong now", "Threat perceptions", "Overview of the paper's argument")


def test_the_url_fetcher_refuses_the_network(tmp_path):
    from argmap.pdf.build import offline_fetcher

    fetch = offline_fetcher()
    for url in ("http://example.org/x.png", "https://example.org/a.css", "ftp://example.org/f"):
        with pytest.raises(ValueError, match="refused"):
            fetch(url)
    local = tmp_path / "a.css"
    local.write_text("p {}")
    fetch(local.as_uri()).close()


def test_cli_writes_the_pdf(tmp_path, monkeypatch):
    from argmap.cli import cli

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    out = tmp_path / "out" / "map.pdf"
    result = CliRunner().invoke(cli, ["pdf", "--claims", str(FIXTURE_CORPUS), "-o", str(out), "--no-maps"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("case", ["missing-folder", "no-paper", "bad-epoch", "bad-claims"])
def test_cli_errors_are_clear_and_have_no_traceback(case, tmp_path, monkeypatch):
    from argmap.cli import cli

    claims = tmp_path / "claims"
    if case == "no-paper":
        shutil.copytree(FIXTURE_CORPUS, claims)
        (claims / "paper.yml").unlink()
    elif case == "bad-epoch":
        shutil.copytree(FIXTURE_CORPUS, claims)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    elif case == "bad-claims":
        claims.mkdir()
        (claims / "a.yml").write_text("claims: [{id: x}]\n")
    result = CliRunner().invoke(cli, ["pdf", "--claims", str(claims), "-o", str(tmp_path / "x.pdf"), "--no-maps"])
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    expected = {"missing-folder": "does not exist", "no-paper": "no 'paper:' block",
                "bad-epoch": "SOURCE_DATE_EPOCH", "bad-claims": "have errors"}[case]
    assert expected in result.output
    assert not (tmp_path / "x.pdf").exists()


@needs_poppler
def test_printed_page_numbers_match_what_css_target_counter_prints(fixture_corpus, pdf_path, tmp_path):
    """argmap fills the numbers in after layout; WeasyPrint's own target-counter() is the reference."""
    reference = _build(fixture_corpus, tmp_path / "css.pdf", css_page_numbers=True)

    def numbers(pdf: Path) -> tuple[list[str], list[str]]:
        text = _run("pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-")
        refs = re.findall(r"(claim [a-z0-9-]+|evidence [a-z0-9-]+), p\.\s+(\d+)", text)
        toc = re.findall(r"^(\S[^.\n]*?) \.{5,} (\d+)$", text, re.M)  # one entry a line (the index: test_pdf_index)
        return refs, toc
    ours, css = numbers(pdf_path), numbers(reference)
    assert len(ours[0]) > 10 and len(ours[1]) >= 5
    assert ours == css


@needs_poppler
def test_number_boxes_too_narrow_for_the_page_count_mean_one_more_layout(fixture_corpus, pdf_path, tmp_path,
                                                                          monkeypatch, caplog):
    from argmap.pdf import build as pdf

    monkeypatch.setattr(pdf, "digits_for", lambda *a: 1)  # the fixture has more than 9 pages
    with caplog.at_level("INFO", logger="argmap.pdf.build"):
        out = _build(fixture_corpus, tmp_path / "narrow.pdf")
    assert any("laid out again" in r.getMessage() for r in caplog.records)
    assert _run("pdftotext", "-layout", str(out), "-") == _run("pdftotext", "-layout", str(pdf_path), "-")


def test_numbers_are_found_for_every_box():
    from types import SimpleNamespace

    from argmap.pdf.pagenumbers import Number, numbers

    pages = [SimpleNamespace(anchors={"pno-1": (10.0, 20.0, 30.0, 27.0), "claim-a": (0, 0, 1, 1)}),
             SimpleNamespace(anchors={"pnr-2": (40.0, 50.0, 60.0, 57.0), "claim-b": (0, 0, 1, 1),
                                      "pno-3": (5.0, 5.0, 9.0, 12.0)})]
    found, missing = numbers(pages, {"pno-1": "claim-b", "pnr-2": "claim-a", "pno-3": "claim-gone"})
    assert found == [Number(0, 10.0, 20.0, 27.0, "2", right=30.0),
                     Number(1, 5.0, 5.0, 12.0, "", right=9.0),     # a reference to nothing is blanked
                     Number(1, 40.0, 50.0, 57.0, "1", True, 60.0)]
    assert missing == ["pno-3"]


def test_a_tounicode_cmap_gives_the_codes_of_the_digits():
    from argmap.pdf.pagenumbers import _codes

    cmap = (b"2 beginbfchar\n<03> <0030>\n<1A> <0031>\nendbfchar\n"
            b"1 beginbfrange\n<0020> <0027> <0032>\nendbfrange\n1 beginbfchar\n<05> <00660069>\nendbfchar")
    codes = _codes(cmap)
    assert codes["0"] == b"\x03" and codes["1"] == b"\x1a"
    assert codes["2"] == b"\x00\x20" and codes["9"] == b"\x00\x27"
    assert "fi" not in codes    # a ligature is not a digit


def _digit_font():
    from argmap.pdf.pagenumbers import _Font

    class Stream(dict):
        def get_object(self):
            return self

        def get_data(self):
            return b"1 beginbfrange\n<0013> <001c> <0030>\nendbfrange\n"

    return _Font({"/ToUnicode": Stream()})


def test_the_quick_pass_rewrites_placeholders_as_the_parser_does():
    from argmap.pdf.pagenumbers import Number, _fill_quick

    fonts = {"/F1": _digit_font()}
    data = (b"BT\n1 0 0 -1 83 105.85 Tm\n/F1 16 Tf\n[<0014>0<0015>] TJ\nET\n"   # "12": not a placeholder
            b"BT\n1 0 0 -1 188.5 105.85 Tm\n/F1 16 Tf\n[<0013>0<0013>0<0013>0] TJ\nET\n"
            b"BT\n1 0 0 -1 300 200 Tm\n/F1 16 Tf\n[<00130013>] TJ\nET\n")
    wanted = [Number(0, 188.5, 100.0, 110.0, "7"), Number(0, 300.0, 195.0, 205.0, "5", True, 320.0),
              Number(0, 10.0, 10.0, 20.0, "9")]
    edited, filled, left = _fill_quick(data, fonts, wanted)
    assert filled == 2 and left == [wanted[2]]
    assert edited == (b"BT\n1 0 0 -1 83 105.85 Tm\n/F1 16 Tf\n[<0014>0<0015>] TJ\nET\n"
                      b"BT\n1 0 0 -1 188.5 105.85 Tm\n/F1 16 Tf\n[<001a>] TJ\nET\n"
                      b"BT\n1 0 0 -1 310 200 Tm\n/F1 16 Tf\n[<0018>] TJ\nET\n")   # moved right: still ends there
    # a literal string (which WeasyPrint does not write) sends the page to pypdf's parser
    assert _fill_quick(b"BT\n1 0 0 -1 1 1 Tm\n/F1 16 Tf\n[(00)] TJ\nET\n", fonts, wanted) is None


@needs_poppler
def test_the_parser_fallback_prints_the_same_numbers(fixture_corpus, pdf_path, tmp_path, monkeypatch):
    # A page the quick pass cannot read goes to pypdf's parser: made to happen on every page, the
    # text (every page number in it) is the same.
    from argmap.pdf import pagenumbers

    monkeypatch.setattr(pagenumbers, "_fill_quick", lambda *args: None)
    parsed = _build(fixture_corpus, tmp_path / "parsed.pdf")
    text = _run("pdftotext", "-enc", "UTF-8", str(parsed), "-")
    assert re.search(r"p\. ?\d+", text)
    assert text == _run("pdftotext", "-enc", "UTF-8", str(pdf_path), "-")


def test_the_quick_pass_reads_every_page_weasyprint_writes(pdf_path):
    from argmap.pdf.pagenumbers import _fill_quick, _Font

    reader = pypdf.PdfReader(str(pdf_path))
    for index, page in enumerate(reader.pages):
        fonts = page["/Resources"].get_object().get("/Font")
        fonts = {str(k): _Font(v.get_object()) for k, v in (fonts.get_object().items() if fonts else ())}
        data = page.get_contents().get_data()
        assert _fill_quick(data, fonts, []) == (data, 0, []), f"page {index + 1}"


@needs_poppler
def test_page_numbers_are_in_the_text_flow_where_they_are_read(pdf_path):
    """In content order (pdftotext -raw, as a screen reader or copy and paste reads the page) each
    number follows its reference; none is left as a placeholder and none is piled at the end."""
    raw = _run("pdftotext", "-raw", "-enc", "UTF-8", str(pdf_path), "-")
    refs = re.findall(r"(?:claim|evidence) [a-z0-9-]+, p\. (\d+)", raw)
    assert len(refs) > 10
    assert not re.search(r", p\. (?:—|,|;|\n|$)", raw, re.M)     # "p. —": a number drawn elsewhere
    assert not re.search(r"p\. 0+\b", raw)                       # a placeholder left unfilled


@needs_poppler
def test_ids_are_not_broken_in_text_extraction(fixture_corpus, pdf_path):
    """No line ends at a hyphen inside an id (pdftotext would take it for a soft hyphen)."""
    raw = _run("pdftotext", "-enc", "UTF-8", str(pdf_path), "-")
    ids = [i for i in (*fixture_corpus.claims, *fixture_corpus.evidence, *fixture_corpus.sources) if "-" in i]
    for ident in ids:
        parts = ident.split("-")
        for k in range(1, len(parts)):
            joined = "-".join(parts[:k]) + "-".join(parts[k:])
            assert not re.search(rf"(?<![\w-]){re.escape(joined)}(?![\w-])", raw), (ident, joined)
    for line in raw.splitlines():
        for ident in ids:
            for k in range(1, len(ident.split("-"))):
                head = "-".join(ident.split("-")[:k]) + "-"
                assert not line.endswith(" " + head), (line, ident)


@needs_poppler
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_a_map_that_cannot_be_laid_in_is_left_out_alone(fixture_corpus, tmp_path, caplog):
    """A broken map costs only itself: the document and the other maps come out."""
    from argmap.pdf.build import finish
    from argmap.pdf.overlay import Placement

    plain = _build(fixture_corpus, tmp_path / "plain.pdf", maps=False).read_bytes()
    good = _pdf_of('digraph { "node-alpha" -> "node-beta"; }')
    with caplog.at_level("WARNING", logger="argmap.pdf.overlay"):
        out = finish(plain, [], [Placement(1, 50, 50, 80, b"%PDF-1.4 not really"), Placement(2, 50, 50, 80, good)],
                     credit=True)
    assert any("left out" in r.getMessage() for r in caplog.records)
    (tmp_path / "placed.pdf").write_bytes(out)
    assert out.startswith(plain)  # an incremental update: the document's own bytes come first
    assert "node-alpha" in _run("pdftotext", "-f", "3", "-l", "3", str(tmp_path / "placed.pdf"), "-")


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed (only this check needs it)")
def test_the_pdf_is_well_formed_for_qpdf(pdf_path):
    """Page contents stay indirect streams after the maps and numbers are laid in. The one warning
    allowed is pypdf's count of objects in its update's cross-reference stream."""
    out = subprocess.run(["qpdf", "--check", str(pdf_path)], capture_output=True, text=True)
    lines = [line for line in (out.stdout + out.stderr).splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert out.returncode in (0, 3), out.stderr
    assert all("reported number of objects" in line for line in lines), lines[:5]


def test_the_overlay_uses_only_pypdf_public_api():
    """No underscore names of pypdf's objects (writer._info, writer._add_object ...) in the overlay."""
    import ast

    from argmap.pdf import overlay

    tree = ast.parse(Path(overlay.__file__).read_text(encoding="utf-8"))
    private = sorted({f"{ast.unparse(n.value)}.{n.attr}" for n in ast.walk(tree)
                      if isinstance(n, ast.Attribute) and n.attr.startswith("_") and not n.attr.startswith("__")})
    assert private == []
    imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("pypdf")
                for a in n.names]
    assert imported and not [name for name in imported if name.startswith("_") and name != "__version__"]


@needs_poppler
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_map_label_prints_at_6_pt_or_more(paper, pdf_path, tmp_path):
    """Measured on the built PDF: the smallest text inside each map's form, times every scale
    down to the page (argmap.pdf.measure), per page; the paper's own maps too (issue 15)."""
    from argmap.core.loader import load
    from argmap.pdf.measure import smallest_text

    root = Path(__file__).resolve().parents[1]
    out = pdf_path if paper == "a4" else _build(load(str(root / "claims")).corpus, tmp_path / "paper.pdf", paper=paper)
    sizes = [s for s in smallest_text(out.read_bytes(), forms="/ArgmapMap") if s is not None]
    assert len(sizes) >= 3, "maps were drawn"
    assert min(sizes) >= 6.0 - 1e-3, sizes


def test_a_map_too_wide_goes_landscape_and_a_tall_one_is_split():
    from argmap.pdf.mapfit import MIN_LABEL_PT, fit_map

    mm = 72 / 25.4
    small = fit_map(100 * mm, 50 * mm, 11, "a4")
    assert (small.width_mm, small.height_mm, small.pages, small.landscape) == (100.0, 50.0, 1, False)
    wide = fit_map(400 * mm, 100 * mm, 10, "a4")        # 174 mm wide would print 4.35 pt labels
    assert wide.landscape and wide.smallest_pt >= MIN_LABEL_PT and wide.width_mm <= 261
    tall = fit_map(150 * mm, 900 * mm, 9, "a4")
    assert not tall.landscape and tall.pages > 1 and tall.smallest_pt >= MIN_LABEL_PT
    tops = [p[1] for p in tall.parts]
    assert tops == sorted(tops) and all(p[0] <= 225 for p in tall.parts)
    huge = fit_map(900 * mm, 300 * mm, 9, "letter")     # too wide for a landscape page: tiled
    assert huge.smallest_pt >= MIN_LABEL_PT and len({p[3] for p in huge.parts}) > 1


def _structure(reader) -> list:
    """Every structure element of the PDF's structure tree."""
    out = []

    def walk(e) -> None:
        e = e.get_object()
        out.append(e)
        kids = e.get("/K")
        for c in (kids if isinstance(kids, list) else [kids] if kids is not None else []):
            c = c.get_object() if hasattr(c, "get_object") else c
            if isinstance(c, pypdf.generic.DictionaryObject) and "/S" in c:
                walk(c)
    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return out


def _accessible(pdf: Path, part: str) -> None:
    reader = pypdf.PdfReader(str(pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])      # the title is the window's title
    assert bool(root["/MarkInfo"]["/Marked"])
    kinds = {str(e.get("/S")) for e in _structure(reader)}
    assert {"/Document", "/H1", "/H2", "/P", "/L", "/LI", "/Link", "/Table", "/Figure"} <= kinds
    figures = [e for e in _structure(reader) if e.get("/S") == "/Figure"]
    assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)
    # a map's figure is described by its text outline: the claims it shows, with their ids
    assert any("Claims shown:" in str(f["/Alt"]) and "(claim t-strong)" in str(f["/Alt"]) for f in figures)
    xmp = reader.xmp_metadata.stream.get_data().decode("utf-8")
    assert part in xmp, xmp[:400]


@needs_poppler
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_the_pdf_is_tagged_pdf_ua_1_by_default(pdf_path):
    _accessible(pdf_path, 'pdfuaid:part="1"')


@needs_poppler
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_pdf_a_3b_on_request(fixture_corpus, tmp_path):
    out = _build(fixture_corpus, tmp_path / "archive.pdf", variant="pdf/a-3b")
    _accessible(out, 'pdfaid:part="3"')
    assert 'pdfaid:conformance="B"' in pypdf.PdfReader(str(out)).xmp_metadata.stream.get_data().decode()
    # an archival PDF's /Info repeats its XMP: pypdf is not added to the producer
    assert pypdf.PdfReader(str(out)).metadata["/Producer"] == f"WeasyPrint {__import__('weasyprint').__version__}"


def test_an_unknown_variant_is_refused(fixture_corpus, tmp_path):
    from argmap.pdf.build import PdfError

    with pytest.raises(PdfError, match="unknown PDF variant 'pdf/x-9'"):
        _build(fixture_corpus, tmp_path / "x.pdf", variant="pdf/x-9")
