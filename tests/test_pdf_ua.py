"""PDF/UA-1 (ISO 14289-1), checked on the built PDF: the failure conditions of the Matterhorn
Protocol 1.1 that software can decide and that apply to this document, read back with pypdf.

No external validator is installable here (veraPDF is on neither PyPI, Debian nor npm), so each
condition is its own test, and each failure message names the page or object that fails. The
fixture corpus' PDF is built once per session, A4 in PDF/UA-1 (the default) and PDF/A-3b; the
checks that do not depend on the XMP identification run on both.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from test_pdf import _build

pytest.importorskip("weasyprint")
pypdf = pytest.importorskip("pypdf")
from pypdf.generic import (  # noqa: E402
    ArrayObject,
    BooleanObject,
    ContentStream,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
)

#: ISO 32000-1, 14.8.4: the standard structure types.
STANDARD = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index", "NonStruct",
    "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH",
    "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot",
    "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form",
}
#: Operators that paint (text, paths, shadings, XObjects, inline images): ISO 32000-1, 8.2 and 9.4.
PAINT = {b"Tj", b"TJ", b"'", b'"', b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"sh", b"Do",
         b"INLINE IMAGE"}
VARIANTS = {"pdf/ua-1": "ua", "pdf/a-3b": "a3b"}


@pytest.fixture(scope="session", params=list(VARIANTS), ids=list(VARIANTS.values()))
def reader(request, fixture_corpus, tmp_path_factory) -> Any:
    out = tmp_path_factory.mktemp("ua") / f"{VARIANTS[request.param]}.pdf"
    return pypdf.PdfReader(str(_build(fixture_corpus, out, variant=request.param)))


@pytest.fixture(scope="session")
def ua_reader(fixture_corpus, tmp_path_factory) -> Any:
    return pypdf.PdfReader(str(_build(fixture_corpus, tmp_path_factory.mktemp("ua1") / "ua.pdf")))


# -- reading the structure ----------------------------------------------------------------------

def _obj(x: Any) -> Any:
    return x.get_object() if isinstance(x, IndirectObject) else x


def _kids(x: Any) -> list[Any]:
    k = _obj(x).get("/K") if isinstance(_obj(x), DictionaryObject) else None
    k = _obj(k)
    return [] if k is None else list(k) if isinstance(k, ArrayObject) else [k]


def _ref(x: Any) -> str:
    ref = getattr(x, "indirect_reference", None)
    return f"object {ref.idnum}" if ref is not None else "a direct object"


def _elements(reader: Any) -> Iterator[tuple[Any, Any]]:
    """Every structure element and its parent element (None under the root), in document order."""
    def walk(e: Any, parent: Any) -> Iterator[tuple[Any, Any]]:
        yield e, parent
        for kid in _kids(e):
            kid = _obj(kid)
            if isinstance(kid, DictionaryObject) and "/S" in kid:
                yield from walk(kid, e)
    for top in _kids(reader.trailer["/Root"]["/StructTreeRoot"]):
        yield from walk(_obj(top), None)


def _role(reader: Any, e: Any) -> str:
    """The standard type of element ``e``: its /S, through the role map."""
    rolemap = _obj(reader.trailer["/Root"]["/StructTreeRoot"].get("/RoleMap")) or {}
    s, seen = str(e["/S"])[1:], set()
    while s not in STANDARD and f"/{s}" in rolemap and s not in seen:
        seen.add(s)
        s = str(rolemap[f"/{s}"])[1:]
    return s


def _numbers(tree: Any) -> dict[int, Any]:
    """A number tree (ISO 32000-1, 7.9.7) as a dict."""
    out: dict[int, Any] = {}
    tree = _obj(tree)
    nums = _obj(tree.get("/Nums")) or []
    for i in range(0, len(nums) - 1, 2):
        out[int(nums[i])] = nums[i + 1]
    for kid in _obj(tree.get("/Kids")) or []:
        out.update(_numbers(kid))
    return out


def _parent_tree(reader: Any) -> dict[int, Any]:
    return _numbers(reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"])


def _texts(reader: Any, e: Any) -> str:
    return f"{_role(reader, e)} element ({_ref(e)})"


# -- the content streams ------------------------------------------------------------------------

def _page_id(x: Any) -> int | None:
    ref = x if isinstance(x, IndirectObject) else getattr(x, "indirect_reference", None)
    return ref.idnum if ref is not None else None


def _holds(owner: Any, mcid: int, page: Any) -> bool:
    """Whether structure element ``owner`` holds marked content ``mcid`` of ``page`` (a bare MCID
    is on the element's /Pg; a marked-content reference names its own /Pg or inherits it)."""
    for kid in _kids(owner):
        kid = _obj(kid)
        if isinstance(kid, NumberObject) and int(kid) == mcid:
            on = owner.raw_get("/Pg")
        elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR" and kid.get("/MCID") == mcid:
            on = kid.raw_get("/Pg") if "/Pg" in kid else owner.raw_get("/Pg")
        else:
            continue
        if _page_id(on) == _page_id(page):
            return True
    return False


def _unmarked(reader: Any, stream: Any, resources: Any, where: str, page: Any,
              parents: dict[int, Any], struct_parents: Any) -> list[str]:
    """What in one content stream paints outside both an artifact and marked content whose MCID
    the ParentTree gives to a structure element that owns it; forms drawn outside marked content
    are read in turn."""
    problems: list[str] = []
    resources = _obj(resources) or DictionaryObject()
    props = _obj(resources.get("/Properties")) or {}
    xobjects = _obj(resources.get("/XObject")) or {}
    stack: list[str] = []           # "artifact", "mcid" or "other", one per open marked-content sequence
    for operands, op in ContentStream(stream, reader).operations:
        if op in (b"BMC", b"BDC"):
            tag = str(operands[0])
            if tag == "/Artifact":
                stack.append("artifact")
                continue
            prop = _obj(operands[1]) if op == b"BDC" else None
            if isinstance(prop, NameObject):
                prop = _obj(props.get(prop))
            if isinstance(prop, DictionaryObject) and "/MCID" in prop:
                mcid = int(prop["/MCID"])
                owners = _obj(parents.get(int(struct_parents))) if struct_parents is not None else None
                owner = _obj(owners[mcid]) if isinstance(owners, ArrayObject) and mcid < len(owners) else None
                if not isinstance(owner, DictionaryObject):
                    problems.append(f"{where}: MCID {mcid} ({tag}) has no structure element in the ParentTree")
                elif not _holds(owner, mcid, page):
                    problems.append(f"{where}: MCID {mcid} points at {_texts(reader, owner)}, which does not hold it "
                                    "on this page")
                stack.append("mcid")
            else:
                stack.append("other")
        elif op == b"EMC":
            if not stack:
                problems.append(f"{where}: EMC without an open marked-content sequence")
            else:
                stack.pop()
        elif op in PAINT and not any(s in ("artifact", "mcid") for s in stack):
            if op == b"Do":
                xo = _obj(xobjects.get(operands[0]))
                if isinstance(xo, StreamObject) and xo.get("/Subtype") == "/Form":
                    problems += _unmarked(reader, xo, xo.get("/Resources", resources),
                                          f"{where}, form {operands[0]}", page, parents, xo.get("/StructParents",
                                                                                                 struct_parents))
                    continue
            name = op.decode() if op != b"INLINE IMAGE" else "an inline image"
            problems.append(f"{where}: {name} paints outside marked content and outside an artifact")
    if stack:
        problems.append(f"{where}: {len(stack)} marked-content sequence(s) left open")
    return problems


def test_all_page_content_is_tagged_or_an_artifact(reader):
    """Matterhorn 01-005 (content neither marked as artifact nor tagged as real content), with the
    maps (overlay) and the page numbers (pagenumbers) laid in after WeasyPrint."""
    parents = _parent_tree(reader)
    problems: list[str] = []
    for n, page in enumerate(reader.pages, 1):
        contents = page.get_contents()
        if contents is not None:
            problems += _unmarked(reader, contents, page.get("/Resources"), f"page {n}", page, parents,
                                  page.get("/StructParents"))
    assert problems == []


def test_every_mcid_on_a_page_is_listed_once(reader):
    """No MCID is used twice on one page (each is one marked-content sequence, ISO 32000-1, 14.7.4.2)."""
    problems = []
    for n, page in enumerate(reader.pages, 1):
        seen: set[int] = set()
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            prop = _obj(operands[1]) if op == b"BDC" else None
            if isinstance(prop, DictionaryObject) and "/MCID" in prop:
                mcid = int(prop["/MCID"])
                if mcid in seen:
                    problems.append(f"page {n}: MCID {mcid} used twice")
                seen.add(mcid)
    assert problems == []


def test_the_structure_tree_covers_the_pages(reader):
    """Matterhorn 01-006/09: a structure tree with a ParentTree, and every page that holds tagged
    content has /StructParents."""
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    assert "/ParentTree" in root, "the StructTreeRoot has no ParentTree"
    missing = [n for n, page in enumerate(reader.pages, 1) if "/StructParents" not in page]
    assert missing == [], f"pages without /StructParents: {missing}"


# -- the structure elements ---------------------------------------------------------------------

def test_every_structure_type_is_standard_or_role_mapped(reader):
    """Matterhorn 02-001 (a non-standard type not mapped to a standard one) and 02-004 (a standard
    type remapped)."""
    rolemap = _obj(reader.trailer["/Root"]["/StructTreeRoot"].get("/RoleMap")) or {}
    problems = [f"{_ref(e)}: /S {e['/S']} is neither standard nor role-mapped to a standard type"
                for e, _ in _elements(reader) if _role(reader, e) not in STANDARD]
    problems += [f"the RoleMap remaps the standard type {k}" for k in rolemap if str(k)[1:] in STANDARD]
    assert problems == []


def test_headings_do_not_skip_a_level(reader):
    """Matterhorn 14-002 (the first numbered heading is not H1), 14-003 (a level skipped going
    down) and 14-007 (both H and H1-H6)."""
    headings = [(_role(reader, e), e) for e, _ in _elements(reader) if _role(reader, e) in {"H", *(f"H{i}" for i in
                                                                                                  range(1, 7))}]
    numbered = [(int(r[1]), e) for r, e in headings if r != "H"]
    assert numbered, "no numbered headings"
    problems = []
    if numbered[0][0] != 1:
        problems.append(f"the first heading is H{numbered[0][0]} ({_ref(numbered[0][1])}), not H1")
    for (before, _), (level, e) in itertools.pairwise(numbered):
        if level > before + 1:
            problems.append(f"H{level} ({_ref(e)}) follows H{before}")
    if len(numbered) != len(headings):
        problems.append("the document uses both H and H1-H6")
    assert problems == []


def test_tables_have_header_cells_and_rows(reader):
    """Matterhorn 15 / ISO 32000-1, 14.8.4.3.4: a Table holds rows (directly or in THead, TBody,
    TFoot), rows hold TH or TD, and each table has header cells."""
    problems = []
    for e, parent in _elements(reader):
        role = _role(reader, e)
        kids = [_obj(k) for k in _kids(e) if isinstance(_obj(k), DictionaryObject) and "/S" in _obj(k)]
        roles = [_role(reader, k) for k in kids]
        if role == "Table":
            if not set(roles) <= {"TR", "THead", "TBody", "TFoot", "Caption"}:
                problems.append(f"Table ({_ref(e)}) holds {sorted(set(roles))}")
            cells = [c for c, _ in _elements_under(reader, e) if _role(reader, c) == "TH"]
            if not cells:
                problems.append(f"Table ({_ref(e)}) has no TH cell")
        elif role in {"THead", "TBody", "TFoot"}:
            if _role(reader, parent) != "Table" or set(roles) - {"TR"}:
                problems.append(f"{role} ({_ref(e)}) in {_role(reader, parent)} holds {sorted(set(roles))}")
        elif role == "TR":
            if _role(reader, parent) not in {"Table", "THead", "TBody", "TFoot"} or set(roles) - {"TH", "TD"}:
                problems.append(f"TR ({_ref(e)}) in {_role(reader, parent)} holds {sorted(set(roles))}")
        elif role in {"TH", "TD"} and _role(reader, parent) != "TR":
            problems.append(f"{role} ({_ref(e)}) is in {_role(reader, parent)}, not TR")
    assert problems == []


def _elements_under(reader: Any, top: Any) -> Iterator[tuple[Any, Any]]:
    for kid in _kids(top):
        kid = _obj(kid)
        if isinstance(kid, DictionaryObject) and "/S" in kid:
            yield kid, top
            yield from _elements_under(reader, kid)


def _attributes(e: Any) -> list[Any]:
    attrs = _obj(e.get("/A"))
    return [_obj(a) for a in (attrs if isinstance(attrs, ArrayObject) else [attrs] if attrs else [])
            if isinstance(_obj(a), DictionaryObject)]


def test_header_cells_have_a_scope_or_the_cells_name_their_headers(reader):
    """Matterhorn 15-003: in a table not organised with Headers attributes and IDs, every TH has a
    Scope attribute. WeasyPrint organises its tables with IDs (on TH) and Headers (on TD): then
    every TH has an ID, every TD a Headers array, and every header named is a TH of the table."""
    problems = []
    for table, _ in _elements(reader):
        if _role(reader, table) != "Table":
            continue
        cells = [(e, _role(reader, e)) for e, _ in _elements_under(reader, table) if _role(reader, e) in ("TH", "TD")]
        ids = {str(e["/ID"]) for e, role in cells if role == "TH" and "/ID" in e}
        for e, role in cells:
            scoped = any("/Scope" in a for a in _attributes(e))
            headers = [h for a in _attributes(e) if "/Headers" in a for h in _obj(a["/Headers"])]
            if role == "TH" and not scoped and "/ID" not in e:
                problems.append(f"TH ({_ref(e)}) in Table ({_ref(table)}) has neither /Scope nor /ID")
            elif role == "TD" and not any("/Headers" in a for a in _attributes(e)) and not all(
                    any("/Scope" in a for a in _attributes(th)) for th, r in cells if r == "TH"):
                problems.append(f"TD ({_ref(e)}) in Table ({_ref(table)}) has no /Headers and its THs no /Scope")
            unknown = sorted(str(h) for h in headers if str(h) not in ids)
            if unknown:
                problems.append(f"{role} ({_ref(e)}) names headers {unknown}, not TH IDs of Table ({_ref(table)})")
    assert problems == []


def test_list_items_are_in_lists(reader):
    """ISO 32000-1, 14.8.4.3.3 (Matterhorn 16): LI only in L, L holds LI (or Caption, L), LI holds
    Lbl and LBody."""
    problems = []
    for e, parent in _elements(reader):
        role = _role(reader, e)
        kids = {_role(reader, _obj(k)) for k in _kids(e) if isinstance(_obj(k), DictionaryObject) and "/S" in _obj(k)}
        if role == "LI" and (parent is None or _role(reader, parent) != "L"):
            problems.append(f"LI ({_ref(e)}) is in {_role(reader, parent) if parent else 'the root'}, not L")
        elif role == "L" and kids - {"LI", "Caption", "L"}:
            problems.append(f"L ({_ref(e)}) holds {sorted(kids)}")
        elif role == "LI" and kids - {"Lbl", "LBody"}:
            problems.append(f"LI ({_ref(e)}) holds {sorted(kids)}")
        elif role in {"Lbl", "LBody"} and (parent is None or _role(reader, parent) != "LI"):
            problems.append(f"{role} ({_ref(e)}) is not in LI")
    assert problems == []


def test_every_figure_and_formula_has_alt_text(reader):
    """Matterhorn 13-004 (Figure without alternative text) and 17-002 (Formula)."""
    problems = [f"{_role(reader, e)} ({_ref(e)}) has no /Alt" for e, _ in _elements(reader)
                if _role(reader, e) in {"Figure", "Formula"} and not str(e.get("/Alt", "")).strip()]
    assert problems == []
    assert any(_role(reader, e) == "Figure" for e, _ in _elements(reader)), "no Figure element"


# -- annotations --------------------------------------------------------------------------------

def _annotations(reader: Any) -> Iterator[tuple[int, Any]]:
    for n, page in enumerate(reader.pages, 1):
        for a in _obj(page.get("/Annots")) or []:
            yield n, _obj(a)


def test_link_elements_hold_their_annotations(reader):
    """Matterhorn 28-011: every Link annotation is in a Link element (an OBJR to it, and its
    /StructParent leads back to that element); every Link element holds an OBJR."""
    parents = _parent_tree(reader)
    owned: dict[int, Any] = {}
    problems = []
    for e, _ in _elements(reader):
        if _role(reader, e) != "Link":
            continue
        objrs = [_obj(k) for k in _kids(e) if isinstance(_obj(k), DictionaryObject) and _obj(k).get("/Type") == "/OBJR"]
        if not objrs:
            problems.append(f"Link element ({_ref(e)}) holds no OBJR")
        for o in objrs:
            owned[o.raw_get("/Obj").idnum] = e
    links = [(n, a) for n, a in _annotations(reader) if a.get("/Subtype") == "/Link"]
    assert links, "no link annotations"
    for n, a in links:
        where = f"page {n}, link annotation {_ref(a)}"
        if "/StructParent" not in a:
            problems.append(f"{where} has no /StructParent")
            continue
        element = _obj(parents.get(int(a["/StructParent"])))
        if a.indirect_reference.idnum not in owned:
            problems.append(f"{where} is in no Link element's OBJR")
        elif element is not owned[a.indirect_reference.idnum] and element != owned[a.indirect_reference.idnum]:
            problems.append(f"{where}: its /StructParent is not the Link element that holds it")
    assert problems == []


def test_every_annotation_has_a_description(reader):
    """Matterhorn 28-012 (a link annotation without /Contents) and 28-004 (other annotations)."""
    problems = [f"page {n}: {a.get('/Subtype')} annotation {_ref(a)} has no /Contents"
                for n, a in _annotations(reader)
                if a.get("/Subtype") not in ("/Popup",) and not str(a.get("/Contents", "")).strip()]
    assert problems == []


def test_pages_with_annotations_have_tab_order_by_structure(reader):
    """Matterhorn 28-? / ISO 14289-1, 7.18.3: a page with annotations has /Tabs /S."""
    problems = [f"page {n} has annotations but /Tabs {page.get('/Tabs')}" for n, page in enumerate(reader.pages, 1)
                if page.get("/Annots") and page.get("/Tabs") != "/S"]
    assert problems == []


# -- fonts --------------------------------------------------------------------------------------

def _fonts(reader: Any) -> Iterator[tuple[str, Any]]:
    """Every font the pages use, with where it is, forms (the maps) included, each font once."""
    seen: set[int] = set()

    def walk(resources: Any, where: str) -> Iterator[tuple[str, Any]]:
        resources = _obj(resources) or {}
        for name, f in (_obj(resources.get("/Font")) or {}).items():
            font = _obj(f)
            key = getattr(f, "idnum", id(font))
            if key not in seen:
                seen.add(key)
                yield f"{where}, font {name} ({font.get('/BaseFont')})", font
        for name, x in (_obj(resources.get("/XObject")) or {}).items():
            xo = _obj(x)
            key = getattr(x, "idnum", id(xo))
            if xo.get("/Subtype") == "/Form" and ("x", key) not in seen:
                seen.add(("x", key))  # type: ignore[arg-type]
                yield from walk(xo.get("/Resources"), f"{where}, form {name}")
    for n, page in enumerate(reader.pages, 1):
        yield from walk(page.get("/Resources"), f"page {n}")


def test_every_font_is_embedded(reader):
    """Matterhorn 31-009? (31-001..): every font program is embedded (Type 3 fonts are their own)."""
    problems = []
    for where, font in _fonts(reader):
        if font.get("/Subtype") == "/Type3":
            continue
        target = _obj(font["/DescendantFonts"][0]) if font.get("/Subtype") == "/Type0" else font
        descriptor = _obj(target.get("/FontDescriptor")) or {}
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            problems.append(f"{where} is not embedded")
    assert problems == []


def test_every_font_maps_to_unicode(reader):
    """Matterhorn 31-027? / ISO 14289-1, 7.21.7: a ToUnicode CMap, or a simple font in a standard
    encoding."""
    problems = []
    standard = {"/WinAnsiEncoding", "/MacRomanEncoding", "/StandardEncoding"}
    for where, font in _fonts(reader):
        if "/ToUnicode" in font:
            continue
        enc = _obj(font.get("/Encoding"))
        simple = font.get("/Subtype") in ("/Type1", "/TrueType")
        if simple and (enc in standard or (isinstance(enc, DictionaryObject) and "/Differences" not in enc
                                           and enc.get("/BaseEncoding") in standard)):
            continue
        problems.append(f"{where} has no ToUnicode CMap and no standard encoding")
    assert problems == []


# -- the document -------------------------------------------------------------------------------

def test_the_catalog_says_language_marked_and_title_shown(reader):
    """Matterhorn 11-006? (no /Lang), 01-002 (MarkInfo Marked), 01-007 (Suspects), 07-001/07-002
    (DisplayDocTitle)."""
    root = reader.trailer["/Root"]
    problems = []
    if not str(root.get("/Lang", "")).strip():
        problems.append("the Catalog has no /Lang")
    mark = _obj(root.get("/MarkInfo")) or {}
    if not (isinstance(mark.get("/Marked"), BooleanObject) and mark["/Marked"]):
        problems.append(f"MarkInfo /Marked is {mark.get('/Marked')}")
    if isinstance(mark.get("/Suspects"), BooleanObject) and mark["/Suspects"]:
        problems.append("MarkInfo /Suspects is true")
    prefs = _obj(root.get("/ViewerPreferences")) or {}
    if not (isinstance(prefs.get("/DisplayDocTitle"), BooleanObject) and prefs["/DisplayDocTitle"]):
        problems.append(f"ViewerPreferences /DisplayDocTitle is {prefs.get('/DisplayDocTitle')}")
    assert problems == []


def _xmp(reader: Any) -> Any:
    return reader.xmp_metadata


def test_xmp_title_matches_info_title(reader):
    """Matterhorn 06-001 (no XMP), 06-003 (no dc:title); the /Info Title is the same."""
    xmp = _xmp(reader)
    assert xmp is not None, "the Catalog has no XMP metadata stream"
    titles = xmp.dc_title or {}
    assert titles.get("x-default"), "the XMP has no dc:title"
    assert reader.metadata.title == titles["x-default"], (reader.metadata.title, titles)


def test_xmp_claims_pdf_ua_1(ua_reader):
    """Matterhorn 06-002: the XMP identifies the document as PDF/UA, part 1 (default variant)."""
    xmp = _xmp(ua_reader)
    parts = [d.getAttributeNS("http://www.aiim.org/pdfua/ns/id/", "part")
             for d in xmp.rdf_root.getElementsByTagNameNS("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "Description")]
    parts += [n.firstChild.data for n in xmp.rdf_root.getElementsByTagNameNS("http://www.aiim.org/pdfua/ns/id/", "part")
              if n.firstChild]
    assert "1" in parts, "no pdfuaid:part 1 in the XMP"


def test_no_encryption_blocks_assistive_technology(reader):
    """Matterhorn 26-001/26-002: if encrypted, /P allows extraction for accessibility (bit 10)."""
    encrypt = _obj(reader.trailer.get("/Encrypt"))
    if encrypt is not None:
        assert "/P" in encrypt, "the Encrypt dictionary has no /P"
        assert int(encrypt["/P"]) & (1 << 9), f"/P {encrypt['/P']} does not allow accessibility extraction"


def test_the_content_check_finds_unmarked_text_and_a_missing_mcid(tmp_path):
    """The content check is not blind: a rectangle outside any marking and an MCID missing from the
    ParentTree are each reported, by page; an artifact's painting is not."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    page = writer.add_blank_page(100, 100)
    content = ContentStream(None, writer)
    content.set_data(b"/P <</MCID 0>> BDC BT ET 0 0 1 1 re f EMC 0 0 1 1 re f /Artifact BMC 0 0 1 1 re f EMC")
    page.replace_contents(content)
    out = tmp_path / "t.pdf"
    writer.write(out)
    r = pypdf.PdfReader(str(out))
    assert _unmarked(r, r.pages[0].get_contents(), r.pages[0].get("/Resources"), "page 1", r.pages[0], {}, None) == [
        "page 1: MCID 0 (/P) has no structure element in the ParentTree",
        "page 1: f paints outside marked content and outside an artifact"]


def test_a_map_laid_in_without_its_artifact_marking_is_found(ua_reader, tmp_path):
    """On the real PDF: with the overlay's /Artifact BMC … EMC taken away, the check reads into
    each map's form and reports what it paints, naming the page and the form."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=ua_reader)
    stripped = []
    for n, page in enumerate(writer.pages, 1):
        for ref in _obj(page.raw_get("/Contents")) if isinstance(_obj(page.raw_get("/Contents")), ArrayObject) else []:
            stream = _obj(ref)
            data = stream.get_data()
            if data.startswith(b"/Artifact BMC q") and b"/ArgmapMap" in data:
                stream.set_data(data.replace(b"/Artifact BMC ", b"").replace(b" EMC", b""))
                stripped.append(n)
    assert stripped, "no map was laid in"
    out = tmp_path / "unmarked.pdf"
    writer.write(out)
    r = pypdf.PdfReader(str(out))
    parents = _parent_tree(r)
    for n in stripped:
        page = r.pages[n - 1]
        problems = _unmarked(r, page.get_contents(), page.get("/Resources"), f"page {n}", page, parents,
                             page.get("/StructParents"))
        assert problems and all(p.startswith(f"page {n}, form /ArgmapMap") and "paints outside" in p for p in problems)
