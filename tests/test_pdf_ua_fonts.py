"""PDF/UA-1 (ISO 14289-1, 7.21), the fonts of the built PDF, the maps' fonts included: embedded,
mapped to Unicode code by code, with complete and consistent font dictionaries. The rest of the
PDF/UA-1 checks, and what they are, are in tests/test_pdf_ua.py."""

from __future__ import annotations

import io
from typing import Any

import pytest

pytest.importorskip("weasyprint")
pypdf = pytest.importorskip("pypdf")
from pypdf.generic import (  # noqa: E402
    ArrayObject,
    DictionaryObject,
    NameObject,
    StreamObject,
)

from pdf_structure import (  # noqa: E402
    cid_widths,
    content_problems,
    deref,
    fonts_used,
    glyph_of,
    shown_codes,
    to_unicode,
    unmapped,
)


@pytest.fixture(params=["pdf/ua-1", "pdf/a-3b"], ids=["ua", "a3b"])
def reader(request, tagged_pdfs) -> Any:
    return tagged_pdfs(request.param)


def test_every_character_code_maps_to_unicode(reader):
    """Matterhorn 10-001: every code shown, in the document's fonts and the maps' fonts, maps to
    Unicode text through its font's ToUnicode CMap (the digits pagenumbers writes included)."""
    assert [m for code, m in content_problems(reader) if code == "10-001"] == []


def test_every_font_is_embedded(reader):
    """ISO 14289-1, 7.21.4.1 (Matterhorn 31): every font program is embedded (Type 3 fonts are their own)."""
    problems = []
    for where, font in fonts_used(reader):
        if font.get("/Subtype") == "/Type3":
            continue
        target = deref(font["/DescendantFonts"][0]) if font.get("/Subtype") == "/Type0" else font
        descriptor = deref(target.get("/FontDescriptor")) or {}
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            problems.append(f"{where} is not embedded")
    assert problems == []


def test_every_font_maps_to_unicode(reader):
    """ISO 14289-1, 7.21.7 (Matterhorn 31): a ToUnicode CMap, or a simple font in a standard
    encoding."""
    problems = []
    standard = {"/WinAnsiEncoding", "/MacRomanEncoding", "/StandardEncoding"}
    for where, font in fonts_used(reader):
        if "/ToUnicode" in font:
            continue
        enc = deref(font.get("/Encoding"))
        simple = font.get("/Subtype") in ("/Type1", "/TrueType")
        if simple and (enc in standard or (isinstance(enc, DictionaryObject) and "/Differences" not in enc
                                           and enc.get("/BaseEncoding") in standard)):
            continue
        problems.append(f"{where} has no ToUnicode CMap and no standard encoding")
    assert problems == []


# -- the document -------------------------------------------------------------------------------

def test_type_2_cid_fonts_name_their_cid_to_gid_map(reader):
    """ISO 14289-1, 7.21.3.2: every embedded Type 2 CIDFont has /CIDToGIDMap (Identity or a
    stream); its CIDSystemInfo agrees with its Identity encoding (7.21.3.1)."""
    problems = []
    for where, font in fonts_used(reader):
        if font.get("/Subtype") != "/Type0":
            continue
        cid = deref(font["/DescendantFonts"][0])
        mapping = deref(cid.get("/CIDToGIDMap"))
        if cid.get("/Subtype") == "/CIDFontType2" and not (mapping == "/Identity" or isinstance(mapping, StreamObject)):
            problems.append(f"{where}: its CIDFontType2 has /CIDToGIDMap {cid.get('/CIDToGIDMap')}")
        info = deref(cid.get("/CIDSystemInfo")) or {}
        if font.get("/Encoding") in ("/Identity-H", "/Identity-V") and info.get("/Ordering") != "Identity":
            problems.append(f"{where}: Identity encoding with CIDSystemInfo ordering {info.get('/Ordering')}")
    assert problems == []


def test_truetype_fonts_are_encoded_as_their_symbolic_flag_says(reader):
    """ISO 14289-1, 7.21.6: a non-symbolic TrueType font has MacRomanEncoding or WinAnsiEncoding;
    a symbolic one has no /Encoding."""
    problems = []
    for where, font in fonts_used(reader):
        if font.get("/Subtype") != "/TrueType":
            continue
        flags = int(deref(font["/FontDescriptor"]).get("/Flags", 0))
        encoding = deref(font.get("/Encoding"))
        base = encoding.get("/BaseEncoding") if isinstance(encoding, DictionaryObject) else encoding
        if flags & 4 and encoding is not None:
            problems.append(f"{where}: symbolic, with /Encoding {encoding}")
        elif not flags & 4 and base not in ("/MacRomanEncoding", "/WinAnsiEncoding"):
            problems.append(f"{where}: non-symbolic, with /Encoding {encoding}")
    assert problems == []


def _type2_programs(reader: Any) -> list[tuple[str, Any, set[bytes], Any]]:
    """(where, CIDFont, codes shown, TrueType program) of every Type 2 CIDFont text is shown in."""
    from fontTools.ttLib import TTFont

    out = []
    for where, font, codes in shown_codes(reader).values():
        if font.get("/Subtype") != "/Type0":
            continue
        cid = deref(font["/DescendantFonts"][0])
        program = deref(deref(cid.get("/FontDescriptor")).get("/FontFile2"))
        if cid.get("/Subtype") == "/CIDFontType2" and program is not None:
            out.append((where, cid, codes, TTFont(io.BytesIO(program.get_data()))))
    return out


def test_no_text_shows_the_notdef_glyph_or_a_glyph_the_font_lacks(reader):
    """ISO 14289-1, 7.21.8: no character code shows .notdef (CID 0; glyph 0 of a TrueType
    program) nor a glyph missing from the embedded program."""
    pytest.importorskip("fontTools")
    problems = []
    for where, font, codes in shown_codes(reader).values():
        if font.get("/Subtype") == "/Type0" and b"\x00\x00" in codes:
            problems.append(f"{where} shows CID 0 (.notdef)")
    checked = _type2_programs(reader)
    assert checked, "no Type 2 CIDFont shows text"
    for where, cid, codes, program in checked:
        glyphs = program["maxp"].numGlyphs
        bad = sorted(c.hex() for c in codes if not 0 < glyph_of(cid, int.from_bytes(c, "big")) < glyphs)
        if bad:
            problems.append(f"{where}: codes {bad} show .notdef or a glyph not in its {glyphs}-glyph program")
    assert problems == []


def test_glyph_widths_agree_with_the_font_program(reader):
    """ISO 14289-1, 7.21.5: the width in the font dictionary of every glyph shown in a Type 2
    CIDFont is the embedded program's advance (in 1/1000 em, within 1 unit)."""
    pytest.importorskip("fontTools")
    problems = []
    for where, cid, codes, program in _type2_programs(reader):
        widths, default = cid_widths(cid), float(cid.get("/DW", 1000))
        order, hmtx, em = program.getGlyphOrder(), program["hmtx"], program["head"].unitsPerEm
        for c in sorted(codes):
            code = int.from_bytes(c, "big")
            gid = glyph_of(cid, code)
            if 0 < gid < len(order):
                real = hmtx[order[gid]][0] * 1000 / em
                if abs(widths.get(code, default) - real) > 1:
                    problems.append(f"{where}: CID {code} is {widths.get(code, default):g} wide in /W, {real:g} in "
                                    "the font program")
    assert problems == []


def test_the_unicode_check_finds_an_unmapped_code():
    from pypdf.generic import DecodedStreamObject

    cmap = DecodedStreamObject()
    cmap.set_data(b"2 beginbfchar\n<0003> <0020>\n<0024> <0041>\nendbfchar\n"
                  b"1 beginbfrange\n<0030> <0032> [<0061> <FFFD> <0063>]\nendbfrange\n")
    font = DictionaryObject({NameObject("/Subtype"): NameObject("/Type0"), NameObject("/ToUnicode"): cmap})
    assert to_unicode(font) == {b"\x00\x03": " ", b"\x00\x24": "A", b"\x00\x30": "a", b"\x00\x31": "\ufffd",
                                 b"\x00\x32": "c"}
    assert unmapped(font, b"\x00\x24\x00\x03\x00\x30\x00\x31\x00\x99", {}) == [b"\x00\x31", b"\x00\x99"]


def test_cid_widths_and_glyphs_are_read_as_the_standard_says():
    from pypdf.generic import DecodedStreamObject, FloatObject, NumberObject

    w = ArrayObject([NumberObject(1), ArrayObject([NumberObject(500), FloatObject(600.5)]),
                     NumberObject(10), NumberObject(12), NumberObject(300)])
    font = DictionaryObject({NameObject("/W"): w})
    assert cid_widths(font) == {1: 500.0, 2: 600.5, 10: 300.0, 11: 300.0, 12: 300.0}
    assert glyph_of(font, 7) == 7                      # Identity by default
    mapping = DecodedStreamObject()
    mapping.set_data(b"\x00\x00\x00\x05\x00\x09")
    font[NameObject("/CIDToGIDMap")] = mapping
    assert [glyph_of(font, c) for c in (0, 1, 2, 3)] == [0, 5, 9, 0]   # past the map's end: .notdef
