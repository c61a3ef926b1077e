"""PDF/UA-1 (ISO 14289-1), checked on the built PDF: the failure conditions of the Matterhorn
Protocol 1.1 that software can decide and that apply to this document, read back with pypdf.

No external validator is installable here (veraPDF is on neither PyPI, Debian nor npm), so each
condition is its own test, and each failure message names the page or object that fails. The
fixture corpus' PDF is built once per session, A4 in PDF/UA-1 (the default) and PDF/A-3b; the
checks that do not depend on the XMP identification run on both.
"""

from __future__ import annotations

import itertools
import re
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


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>|\[([^\]]*)\]")


def _to_unicode(font: Any) -> dict[bytes, str] | None:
    """A font's ToUnicode CMap as code → text (bfchar, bfrange, ranges given as arrays too); None
    when the font has none."""
    if "/ToUnicode" not in font:
        return None
    data = _obj(font["/ToUnicode"]).get_data()
    out: dict[bytes, str] = {}

    def text(h: bytes) -> str:
        return bytes.fromhex(h.decode()).decode("utf-16-be", "replace")
    for block in _BFCHAR.findall(data):
        hexes = [h for h, _ in _HEX.findall(block)]
        for code, uni in zip(hexes[0::2], hexes[1::2], strict=False):
            out[bytes.fromhex(code.decode())] = text(uni)
    for block in _BFRANGE.findall(data):
        items = _HEX.findall(block)
        for k in range(0, len(items) - 2, 3):
            lo, hi, (start, array) = items[k][0], items[k + 1][0], items[k + 2]
            width, first = len(lo) // 2, int(lo, 16)
            if array:
                for j, h in enumerate(re.findall(rb"<([0-9A-Fa-f]*)>", array)):
                    out[(first + j).to_bytes(width, "big")] = text(h)
            else:
                base = bytes.fromhex(start.decode())
                for j in range(int(hi, 16) - first + 1):
                    last = (int.from_bytes(base[-2:], "big") + j).to_bytes(2, "big")
                    out[(first + j).to_bytes(width, "big")] = text((base[:-2] + last).hex().encode())
    return out


def _unmapped(font: Any, raw: bytes, cmaps: dict[int, Any]) -> list[bytes]:
    """The character codes of ``raw`` (a string shown in ``font``) that map to no Unicode text."""
    key = id(font)
    if key not in cmaps:
        cmaps[key] = _to_unicode(font)
    cmap = cmaps[key]
    width = 2 if font.get("/Subtype") == "/Type0" else 1
    if cmap is None:  # a simple font in a standard encoding maps by its glyph names (test_every_font_maps_to_unicode)
        return [] if width == 1 else [raw[i:i + 2] for i in range(0, len(raw), 2)]
    codes = [raw[i:i + width] for i in range(0, len(raw), width)]
    return [c for c in codes if not cmap.get(c) or "\ufffd" in cmap[c]]


def _raw(operand: Any) -> bytes:
    if hasattr(operand, "original_bytes"):
        return bytes(operand.original_bytes)
    return bytes(operand) if isinstance(operand, (bytes, bytearray)) else str(operand).encode("latin-1")


def _walk(reader: Any, stream: Any, resources: Any, where: str, page: Any, parents: dict[int, Any],
          struct_parents: Any, outer: tuple[str, ...] = (), cmaps: dict[int, Any] | None = None,
          ) -> list[tuple[str, str]]:
    """(Matterhorn code, message) for what is wrong in one content stream, forms drawn from it
    included: "01-005" painting outside both an artifact and marked content with an MCID; "mcid"
    an MCID the ParentTree does not give to an element that holds it on this page; "01-003" real
    content inside an artifact, "01-004" an artifact inside real content; "10-001" a character code
    that maps to no Unicode; "syntax" unbalanced marked content. ``outer``: the marking around the
    form being read."""
    cmaps = {} if cmaps is None else cmaps
    problems: list[tuple[str, str]] = []
    resources = _obj(resources) or DictionaryObject()
    props = _obj(resources.get("/Properties")) or {}
    xobjects = _obj(resources.get("/XObject")) or {}
    fonts = _obj(resources.get("/Font")) or {}
    font: Any = None
    stack: list[str] = list(outer)   # "artifact", "mcid" or "other", one per open marked-content sequence
    for operands, op in ContentStream(stream, reader).operations:
        if op in (b"BMC", b"BDC"):
            tag = str(operands[0])
            if tag == "/Artifact":
                if "mcid" in stack:
                    problems.append(("01-004", f"{where}: an artifact inside tagged content"))
                stack.append("artifact")
                continue
            prop = _obj(operands[1]) if op == b"BDC" else None
            if isinstance(prop, NameObject):
                prop = _obj(props.get(prop))
            if isinstance(prop, DictionaryObject) and "/MCID" in prop:
                mcid = int(prop["/MCID"])
                if "artifact" in stack:
                    problems.append(("01-003", f"{where}: MCID {mcid} ({tag}) inside an artifact"))
                owners = _obj(parents.get(int(struct_parents))) if struct_parents is not None else None
                owner = _obj(owners[mcid]) if isinstance(owners, ArrayObject) and mcid < len(owners) else None
                if not isinstance(owner, DictionaryObject):
                    problems.append(("mcid", f"{where}: MCID {mcid} ({tag}) has no structure element in the "
                                     "ParentTree"))
                elif not _holds(owner, mcid, page):
                    problems.append(("mcid", f"{where}: MCID {mcid} points at {_texts(reader, owner)}, which does not "
                                     "hold it on this page"))
                stack.append("mcid")
            else:
                stack.append("other")
        elif op == b"EMC":
            if len(stack) <= len(outer):
                problems.append(("syntax", f"{where}: EMC without an open marked-content sequence"))
            else:
                stack.pop()
        elif op == b"Tf":
            font = _obj(fonts.get(operands[0]))
        if op in (b"Tj", b"TJ", b"'", b'"') and font is not None:
            shown = operands[-1] if op != b"TJ" else operands[0]
            items = shown if isinstance(shown, ArrayObject) else [shown]
            raw = b"".join(_raw(x) for x in items if not isinstance(x, (int, float)))
            bad = _unmapped(font, raw, cmaps)
            if bad:
                problems.append(("10-001", f"{where}: font {font.get('/BaseFont')} shows codes "
                                 f"{sorted({c.hex() for c in bad})} that map to no Unicode"))
        if op == b"Do":
            xo = _obj(xobjects.get(operands[0]))
            if isinstance(xo, StreamObject) and xo.get("/Subtype") == "/Form":
                problems += _walk(reader, xo, xo.get("/Resources", resources), f"{where}, form {operands[0]}", page,
                                  parents, xo.get("/StructParents", struct_parents), tuple(stack), cmaps)
                continue
        if op in PAINT and not any(s in ("artifact", "mcid") for s in stack):
            name = op.decode() if op != b"INLINE IMAGE" else "an inline image"
            problems.append(("01-005", f"{where}: {name} paints outside marked content and outside an artifact"))
    if len(stack) > len(outer):
        problems.append(("syntax", f"{where}: {len(stack) - len(outer)} marked-content sequence(s) left open"))
    return problems


_FOUND: dict[int, list[tuple[str, str]]] = {}


def _content_problems(reader: Any) -> list[tuple[str, str]]:
    """:func:`_walk` over every page of the document (once per document)."""
    if id(reader) not in _FOUND:
        parents = _parent_tree(reader)
        found: list[tuple[str, str]] = []
        cmaps: dict[int, Any] = {}
        for n, page in enumerate(reader.pages, 1):
            contents = page.get_contents()
            if contents is not None:
                found += _walk(reader, contents, page.get("/Resources"), f"page {n}", page, parents,
                               page.get("/StructParents"), cmaps=cmaps)
        _FOUND[id(reader)] = found
    return _FOUND[id(reader)]


def _unmarked(reader: Any, stream: Any, resources: Any, where: str, page: Any, parents: dict[int, Any],
              struct_parents: Any) -> list[str]:
    """The messages of :func:`_walk` about tagging (all but 10-001) for one stream."""
    return [m for code, m in _walk(reader, stream, resources, where, page, parents, struct_parents)
            if code != "10-001"]


def test_all_page_content_is_tagged_or_an_artifact(reader):
    """Matterhorn 01-005 (content neither marked as artifact nor tagged as real content), with the
    maps (overlay) and the page numbers (pagenumbers) laid in after WeasyPrint; marked content is
    balanced."""
    assert [m for code, m in _content_problems(reader) if code in ("01-005", "syntax")] == []


def test_every_mcid_is_held_by_its_structure_element(reader):
    """Matterhorn 01-005 / ISO 32000-1, 14.7.4.4: each MCID on a page leads, through the page's
    /StructParents and the ParentTree, to a structure element that holds it on that page."""
    assert [m for code, m in _content_problems(reader) if code == "mcid"] == []


def test_no_real_content_inside_an_artifact_nor_an_artifact_inside_real_content(reader):
    """Matterhorn 01-003 and 01-004 (forms included: the maps are drawn inside the overlay's artifact)."""
    assert [m for code, m in _content_problems(reader) if code in ("01-003", "01-004")] == []


def test_every_character_code_maps_to_unicode(reader):
    """Matterhorn 10-001: every code shown, in the document's fonts and the maps' fonts, maps to
    Unicode text through its font's ToUnicode CMap (the digits pagenumbers writes included)."""
    assert [m for code, m in _content_problems(reader) if code == "10-001"] == []


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


def _heading_problems(headings: list[tuple[str, str]]) -> list[str]:
    """Matterhorn 14-002, 14-003 and 14-007 for the headings (standard type, where) in order."""
    numbered = [(int(role[1]), where) for role, where in headings if role != "H"]
    problems = []
    if numbered and numbered[0][0] != 1:
        problems.append(f"the first heading is H{numbered[0][0]} ({numbered[0][1]}), not H1")
    for (before, _), (level, where) in itertools.pairwise(numbered):
        if level > before + 1:
            problems.append(f"H{level} ({where}) follows H{before}")
    if numbered and len(numbered) != len(headings):
        problems.append("the document uses both H and H1-H6")
    return problems


def test_headings_do_not_skip_a_level(reader):
    """Matterhorn 14-002 (the first numbered heading is not H1), 14-003 (a level skipped going
    down) and 14-007 (both H and H1-H6)."""
    pages = {p.indirect_reference.idnum: n for n, p in enumerate(reader.pages, 1)}
    headings = [(_role(reader, e), f"{_ref(e)}, page {pages.get(_page_id(e.raw_get('/Pg')))}")
                for e, _ in _elements(reader) if _role(reader, e) in {"H", "H1", "H2", "H3", "H4", "H5", "H6"}]
    assert any(role == "H1" for role, _ in headings), "no H1"
    assert _heading_problems(headings) == []


def test_the_heading_check_finds_a_skipped_level():
    assert _heading_problems([("H1", "a"), ("H2", "b"), ("H3", "c"), ("H2", "d"), ("H1", "e")]) == []
    assert _heading_problems([("H2", "a"), ("H1", "b"), ("H3", "c"), ("H", "d")]) == [
        "the first heading is H2 (a), not H1", "H3 (c) follows H1", "the document uses both H and H1-H6"]


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
    assert _walk(r, r.pages[0].get_contents(), r.pages[0].get("/Resources"), "page 1", r.pages[0], {}, None) == [
        ("mcid", "page 1: MCID 0 (/P) has no structure element in the ParentTree"),
        ("01-005", "page 1: f paints outside marked content and outside an artifact"),
        ("01-003", "page 1: MCID 1 (/Span) inside an artifact"),
        ("mcid", "page 1: MCID 1 (/Span) has no structure element in the ParentTree"),
        ("mcid", "page 1: MCID 2 (/Span) has no structure element in the ParentTree"),
        ("01-004", "page 1: an artifact inside tagged content")]


def test_the_unicode_check_finds_an_unmapped_code():
    from pypdf.generic import DecodedStreamObject

    cmap = DecodedStreamObject()
    cmap.set_data(b"2 beginbfchar\n<0003> <0020>\n<0024> <0041>\nendbfchar\n"
                  b"1 beginbfrange\n<0030> <0032> [<0061> <FFFD> <0063>]\nendbfrange\n")
    font = DictionaryObject({NameObject("/Subtype"): NameObject("/Type0"), NameObject("/ToUnicode"): cmap})
    assert _to_unicode(font) == {b"\x00\x03": " ", b"\x00\x24": "A", b"\x00\x30": "a", b"\x00\x31": "\ufffd",
                                 b"\x00\x32": "c"}
    assert _unmapped(font, b"\x00\x24\x00\x03\x00\x30\x00\x31\x00\x99", {}) == [b"\x00\x31", b"\x00\x99"]


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
