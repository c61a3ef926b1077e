"""PDF/UA-1 (ISO 14289-1), checked on the built PDF: the failure conditions of the Matterhorn
Protocol 1.1 that software can decide and that apply to this document, read back with pypdf.

No external validator is installable here (veraPDF is on neither PyPI, Debian nor npm), so each
condition is its own test, and each failure message names the page or object that fails. The
fixture corpus' PDF is built once per session, A4 in PDF/UA-1 (the default) and PDF/A-3b; the
checks that do not depend on the XMP identification run on both.
"""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("weasyprint")
pypdf = pytest.importorskip("pypdf")
from pypdf.generic import (  # noqa: E402
    ArrayObject,
    BooleanObject,
    ContentStream,
    DictionaryObject,
)

from pdf_structure import (  # noqa: E402
    STANDARD,
    annotations_of,
    attributes,
    child_elements,
    content_problems,
    deref,
    elements,
    elements_under,
    heading_problems,
    kids_of,
    object_name,
    page_id,
    parent_tree,
    role_of,
    unmarked,
    walk_content,
    xmp_of,
)


@pytest.fixture(params=["pdf/ua-1", "pdf/a-3b"], ids=["ua", "a3b"])
def reader(request, tagged_pdfs) -> Any:
    return tagged_pdfs(request.param)


@pytest.fixture()
def ua_reader(tagged_pdfs) -> Any:
    return tagged_pdfs("pdf/ua-1")


# -- reading the structure ----------------------------------------------------------------------

def test_all_page_content_is_tagged_or_an_artifact(reader):
    """Matterhorn 01-005 (content neither marked as artifact nor tagged as real content), with the
    maps (overlay) and the page numbers (pagenumbers) laid in after WeasyPrint; marked content is
    balanced."""
    assert [m for code, m in content_problems(reader) if code in ("01-005", "syntax")] == []


def test_every_mcid_is_held_by_its_structure_element(reader):
    """Matterhorn 01-005 / ISO 32000-1, 14.7.4.4: each MCID on a page leads, through the page's
    /StructParents and the ParentTree, to a structure element that holds it on that page."""
    assert [m for code, m in content_problems(reader) if code == "mcid"] == []


def test_no_real_content_inside_an_artifact_nor_an_artifact_inside_real_content(reader):
    """Matterhorn 01-003 and 01-004 (forms included: the maps are drawn inside the overlay's artifact)."""
    assert [m for code, m in content_problems(reader) if code in ("01-003", "01-004")] == []


def test_every_mcid_on_a_page_is_listed_once(reader):
    """No MCID is used twice on one page (each is one marked-content sequence, ISO 32000-1, 14.7.4.2)."""
    problems = []
    for n, page in enumerate(reader.pages, 1):
        seen: set[int] = set()
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            prop = deref(operands[1]) if op == b"BDC" else None
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
    rolemap = deref(reader.trailer["/Root"]["/StructTreeRoot"].get("/RoleMap")) or {}
    problems = [f"{object_name(e)}: /S {e['/S']} is neither standard nor role-mapped to a standard type"
                for e, _ in elements(reader) if role_of(reader, e) not in STANDARD]
    problems += [f"the RoleMap remaps the standard type {k}" for k in rolemap if str(k)[1:] in STANDARD]
    assert problems == []


def test_headings_do_not_skip_a_level(reader):
    """Matterhorn 14-002 (the first numbered heading is not H1), 14-003 (a level skipped going
    down) and 14-007 (both H and H1-H6)."""
    pages = {p.indirect_reference.idnum: n for n, p in enumerate(reader.pages, 1)}
    headings = [(role_of(reader, e), f"{object_name(e)}, page {pages.get(page_id(e.raw_get('/Pg')))}")
                for e, _ in elements(reader) if role_of(reader, e) in {"H", "H1", "H2", "H3", "H4", "H5", "H6"}]
    assert any(role == "H1" for role, _ in headings), "no H1"
    assert heading_problems(headings) == []


def test_the_heading_check_finds_a_skipped_level():
    assert heading_problems([("H1", "a"), ("H2", "b"), ("H3", "c"), ("H2", "d"), ("H1", "e")]) == []
    assert heading_problems([("H2", "a"), ("H1", "b"), ("H3", "c"), ("H", "d")]) == [
        "the first heading is H2 (a), not H1", "H3 (c) follows H1", "the document uses both H and H1-H6"]


def test_tables_have_header_cells_and_rows(reader):
    """Matterhorn 15 / ISO 32000-1, 14.8.4.3.4: a Table holds rows (directly or in THead, TBody,
    TFoot), rows hold TH or TD, and each table has header cells."""
    problems = []
    for e, parent in elements(reader):
        role = role_of(reader, e)
        kids = child_elements(e)
        roles = [role_of(reader, k) for k in kids]
        if role == "Table":
            if not set(roles) <= {"TR", "THead", "TBody", "TFoot", "Caption"}:
                problems.append(f"Table ({object_name(e)}) holds {sorted(set(roles))}")
            cells = [c for c, _ in elements_under(reader, e) if role_of(reader, c) == "TH"]
            if not cells:
                problems.append(f"Table ({object_name(e)}) has no TH cell")
        elif role in {"THead", "TBody", "TFoot"}:
            if role_of(reader, parent) != "Table" or set(roles) - {"TR"}:
                problems.append(f"{role} ({object_name(e)}) in {role_of(reader, parent)} holds {sorted(set(roles))}")
        elif role == "TR":
            if role_of(reader, parent) not in {"Table", "THead", "TBody", "TFoot"} or set(roles) - {"TH", "TD"}:
                problems.append(f"TR ({object_name(e)}) in {role_of(reader, parent)} holds {sorted(set(roles))}")
        elif role in {"TH", "TD"} and role_of(reader, parent) != "TR":
            problems.append(f"{role} ({object_name(e)}) is in {role_of(reader, parent)}, not TR")
    assert problems == []


def test_header_cells_have_a_scope_or_the_cells_name_their_headers(reader):
    """Matterhorn 15-003: in a table not organised with Headers attributes and IDs, every TH has a
    Scope attribute. WeasyPrint organises its tables with IDs (on TH) and Headers (on TD): then
    every TH has an ID, every TD a Headers array, and every header named is a TH of the table."""
    problems = []
    for table, _ in elements(reader):
        if role_of(reader, table) != "Table":
            continue
        cells = [(e, role_of(reader, e)) for e, _ in elements_under(reader, table)
                 if role_of(reader, e) in ("TH", "TD")]
        ids = {str(e["/ID"]) for e, role in cells if role == "TH" and "/ID" in e}
        for e, role in cells:
            scoped = any("/Scope" in a for a in attributes(e))
            headers = [h for a in attributes(e) if "/Headers" in a for h in deref(a["/Headers"])]
            if role == "TH" and not scoped and "/ID" not in e:
                problems.append(f"TH ({object_name(e)}) in Table ({object_name(table)}) has neither /Scope nor /ID")
            elif role == "TD" and not any("/Headers" in a for a in attributes(e)) and not all(
                    any("/Scope" in a for a in attributes(th)) for th, r in cells if r == "TH"):
                problems.append(f"TD ({object_name(e)}) in Table ({object_name(table)}) has no /Headers and its THs "
                                "no /Scope")
            unknown = sorted(str(h) for h in headers if str(h) not in ids)
            if unknown:
                problems.append(f"{role} ({object_name(e)}) names headers {unknown}, not TH IDs of Table "
                                f"({object_name(table)})")
    assert problems == []


def test_list_items_are_in_lists(reader):
    """ISO 32000-1, 14.8.4.3.3 (Matterhorn 16): LI only in L, L holds LI (or Caption, L), LI holds
    Lbl and LBody."""
    problems = []
    for e, parent in elements(reader):
        role = role_of(reader, e)
        kids = {role_of(reader, k) for k in child_elements(e)}
        if role == "LI" and (parent is None or role_of(reader, parent) != "L"):
            problems.append(f"LI ({object_name(e)}) is in {role_of(reader, parent) if parent else 'the root'}, not L")
        elif role == "L" and kids - {"LI", "Caption", "L"}:
            problems.append(f"L ({object_name(e)}) holds {sorted(kids)}")
        elif role == "LI" and kids - {"Lbl", "LBody"}:
            problems.append(f"LI ({object_name(e)}) holds {sorted(kids)}")
        elif role in {"Lbl", "LBody"} and (parent is None or role_of(reader, parent) != "LI"):
            problems.append(f"{role} ({object_name(e)}) is not in LI")
    assert problems == []


def test_every_figure_and_formula_has_alt_text(reader):
    """Matterhorn 13-004 (Figure without alternative text) and 17-002 (Formula)."""
    problems = [f"{role_of(reader, e)} ({object_name(e)}) has no /Alt" for e, _ in elements(reader)
                if role_of(reader, e) in {"Figure", "Formula"} and not str(e.get("/Alt", "")).strip()]
    assert problems == []
    assert any(role_of(reader, e) == "Figure" for e, _ in elements(reader)), "no Figure element"


# -- annotations --------------------------------------------------------------------------------

def test_link_elements_hold_their_annotations(reader):
    """Matterhorn 28-011: every Link annotation is in a Link element (an OBJR to it, and its
    /StructParent leads back to that element); every Link element holds an OBJR."""
    parents = parent_tree(reader)
    owned: dict[int, Any] = {}
    problems = []
    for e, _ in elements(reader):
        if role_of(reader, e) != "Link":
            continue
        objrs = [k for k in map(deref, kids_of(e)) if isinstance(k, DictionaryObject) and k.get("/Type") == "/OBJR"]
        if not objrs:
            problems.append(f"Link element ({object_name(e)}) holds no OBJR")
        for o in objrs:
            owned[o.raw_get("/Obj").idnum] = e
    links = [(n, a) for n, a in annotations_of(reader) if a.get("/Subtype") == "/Link"]
    assert links, "no link annotations"
    for n, a in links:
        where = f"page {n}, link annotation {object_name(a)}"
        if "/StructParent" not in a:
            problems.append(f"{where} has no /StructParent")
            continue
        element = deref(parents.get(int(a["/StructParent"])))
        if a.indirect_reference.idnum not in owned:
            problems.append(f"{where} is in no Link element's OBJR")
        elif element is not owned[a.indirect_reference.idnum] and element != owned[a.indirect_reference.idnum]:
            problems.append(f"{where}: its /StructParent is not the Link element that holds it")
    assert problems == []


def test_every_annotation_has_a_description(reader):
    """Matterhorn 28-012 (a link annotation without /Contents) and 28-004 (other annotations)."""
    problems = [f"page {n}: {a.get('/Subtype')} annotation {object_name(a)} has no /Contents"
                for n, a in annotations_of(reader)
                if a.get("/Subtype") not in ("/Popup",) and not str(a.get("/Contents", "")).strip()]
    assert problems == []


def test_pages_with_annotations_have_tab_order_by_structure(reader):
    """ISO 14289-1, 7.18.3 (Matterhorn 28): a page with annotations has /Tabs /S."""
    problems = [f"page {n} has annotations but /Tabs {page.get('/Tabs')}" for n, page in enumerate(reader.pages, 1)
                if page.get("/Annots") and page.get("/Tabs") != "/S"]
    assert problems == []


def test_the_catalog_says_language_marked_and_title_shown(reader):
    """ISO 14289-1, 7.2 and Matterhorn 11 (the document language: /Lang), 01-002 (MarkInfo
    Marked), 01-007 (Suspects), 07-001/07-002 (DisplayDocTitle)."""
    root = reader.trailer["/Root"]
    problems = []
    if not str(root.get("/Lang", "")).strip():
        problems.append("the Catalog has no /Lang")
    mark = deref(root.get("/MarkInfo")) or {}
    if not (isinstance(mark.get("/Marked"), BooleanObject) and mark["/Marked"]):
        problems.append(f"MarkInfo /Marked is {mark.get('/Marked')}")
    if isinstance(mark.get("/Suspects"), BooleanObject) and mark["/Suspects"]:
        problems.append("MarkInfo /Suspects is true")
    prefs = deref(root.get("/ViewerPreferences")) or {}
    if not (isinstance(prefs.get("/DisplayDocTitle"), BooleanObject) and prefs["/DisplayDocTitle"]):
        problems.append(f"ViewerPreferences /DisplayDocTitle is {prefs.get('/DisplayDocTitle')}")
    assert problems == []


def test_xmp_title_matches_info_title(reader):
    """Matterhorn 06-001 (no XMP), 06-003 (no dc:title); the /Info Title is the same."""
    xmp = xmp_of(reader)
    assert xmp is not None, "the Catalog has no XMP metadata stream"
    titles = xmp.dc_title or {}
    assert titles.get("x-default"), "the XMP has no dc:title"
    assert reader.metadata.title == titles["x-default"], (reader.metadata.title, titles)


def test_xmp_claims_pdf_ua_1(ua_reader):
    """Matterhorn 06-002: the XMP identifies the document as PDF/UA, part 1 (default variant)."""
    xmp = xmp_of(ua_reader)
    parts = [d.getAttributeNS("http://www.aiim.org/pdfua/ns/id/", "part")
             for d in xmp.rdf_root.getElementsByTagNameNS("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "Description")]
    parts += [n.firstChild.data for n in xmp.rdf_root.getElementsByTagNameNS("http://www.aiim.org/pdfua/ns/id/", "part")
              if n.firstChild]
    assert "1" in parts, "no pdfuaid:part 1 in the XMP"


def test_no_encryption_blocks_assistive_technology(reader):
    """Matterhorn 26-001/26-002: if encrypted, /P allows extraction for accessibility (bit 10)."""
    encrypt = deref(reader.trailer.get("/Encrypt"))
    if encrypt is not None:
        assert "/P" in encrypt, "the Encrypt dictionary has no /P"
        assert int(encrypt["/P"]) & (1 << 9), f"/P {encrypt['/P']} does not allow accessibility extraction"


def test_the_content_check_finds_unmarked_text_a_missing_mcid_and_bad_nesting(tmp_path):
    """The content check is not blind: a rectangle outside any marking, an MCID missing from the
    ParentTree, real content inside an artifact and an artifact inside real content are each
    reported, by page; an artifact's painting is not."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    page = writer.add_blank_page(100, 100)
    content = ContentStream(None, writer)
    content.set_data(b"/P <</MCID 0>> BDC BT ET 0 0 1 1 re f EMC 0 0 1 1 re f /Artifact BMC 0 0 1 1 re f EMC "
                     b"/Artifact BMC /Span <</MCID 1>> BDC EMC EMC /Span <</MCID 2>> BDC /Artifact BMC EMC EMC")
    page.replace_contents(content)
    out = tmp_path / "t.pdf"
    writer.write(out)
    r = pypdf.PdfReader(str(out))
    assert walk_content(r, r.pages[0].get_contents(), r.pages[0].get("/Resources"), "page 1", r.pages[0], {}, None) == [
        ("mcid", "page 1: MCID 0 (/P) has no structure element in the ParentTree"),
        ("01-005", "page 1: f paints outside marked content and outside an artifact"),
        ("01-003", "page 1: MCID 1 (/Span) inside an artifact"),
        ("mcid", "page 1: MCID 1 (/Span) has no structure element in the ParentTree"),
        ("mcid", "page 1: MCID 2 (/Span) has no structure element in the ParentTree"),
        ("01-004", "page 1: an artifact inside tagged content")]


def test_a_map_laid_in_without_its_artifact_marking_is_found(ua_reader, tmp_path):
    """On the real PDF: with the overlay's /Artifact BMC … EMC taken away, the check reads into
    each map's form and reports what it paints, naming the page and the form."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=ua_reader)
    stripped = []
    for n, page in enumerate(writer.pages, 1):
        contents = deref(page.raw_get("/Contents"))
        for ref in contents if isinstance(contents, ArrayObject) else []:
            stream = deref(ref)
            data = stream.get_data()
            if data.startswith(b"/Artifact BMC q") and b"/ArgmapMap" in data:
                stream.set_data(data.replace(b"/Artifact BMC ", b"").replace(b" EMC", b""))
                stripped.append(n)
    assert stripped, "no map was laid in"
    out = tmp_path / "unmarked.pdf"
    writer.write(out)
    r = pypdf.PdfReader(str(out))
    parents = parent_tree(r)
    for n in stripped:
        page = r.pages[n - 1]
        problems = unmarked(r, page.get_contents(), page.get("/Resources"), f"page {n}", page, parents,
                             page.get("/StructParents"))
        assert problems and all(p.startswith(f"page {n}, form /ArgmapMap") and "paints outside" in p for p in problems)
