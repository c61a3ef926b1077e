"""Reading a tagged PDF's structure and content streams with pypdf, for the PDF/UA-1 checks
(tests/test_pdf_ua.py): the structure tree, role map and ParentTree, every content stream's
marked content (forms included) and the fonts' ToUnicode CMaps."""

from __future__ import annotations

import itertools
import re
import weakref
from collections.abc import Iterator
from typing import Any

from pypdf.generic import (
    ArrayObject,
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


def deref(x: Any) -> Any:
    return x.get_object() if isinstance(x, IndirectObject) else x


def kids_of(x: Any) -> list[Any]:
    k = deref(x).get("/K") if isinstance(deref(x), DictionaryObject) else None
    k = deref(k)
    return [] if k is None else list(k) if isinstance(k, ArrayObject) else [k]


def child_elements(x: Any) -> list[Any]:
    """The structure elements among ``x``'s kids (not MCIDs, MCRs or OBJRs)."""
    return [k for k in map(deref, kids_of(x)) if isinstance(k, DictionaryObject) and "/S" in k]


def object_name(x: Any) -> str:
    ref = getattr(x, "indirect_reference", None)
    return f"object {ref.idnum}" if ref is not None else "a direct object"


def elements(reader: Any) -> Iterator[tuple[Any, Any]]:
    """Every structure element and its parent element (None under the root), in document order."""
    def walk(e: Any, parent: Any) -> Iterator[tuple[Any, Any]]:
        yield e, parent
        for kid in kids_of(e):
            kid = deref(kid)
            if isinstance(kid, DictionaryObject) and "/S" in kid:
                yield from walk(kid, e)
    for top in kids_of(reader.trailer["/Root"]["/StructTreeRoot"]):
        yield from walk(deref(top), None)


def role_of(reader: Any, e: Any) -> str:
    """The standard type of element ``e``: its /S, through the role map."""
    rolemap = deref(reader.trailer["/Root"]["/StructTreeRoot"].get("/RoleMap")) or {}
    s, seen = str(e["/S"])[1:], set()
    while s not in STANDARD and f"/{s}" in rolemap and s not in seen:
        seen.add(s)
        s = str(rolemap[f"/{s}"])[1:]
    return s


def number_tree(tree: Any) -> dict[int, Any]:
    """A number tree (ISO 32000-1, 7.9.7) as a dict."""
    out: dict[int, Any] = {}
    tree = deref(tree)
    nums = deref(tree.get("/Nums")) or []
    for i in range(0, len(nums) - 1, 2):
        out[int(nums[i])] = nums[i + 1]
    for kid in deref(tree.get("/Kids")) or []:
        out.update(number_tree(kid))
    return out


def parent_tree(reader: Any) -> dict[int, Any]:
    return number_tree(reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"])


def described(reader: Any, e: Any) -> str:
    return f"{role_of(reader, e)} element ({object_name(e)})"


# -- the content streams ------------------------------------------------------------------------

def page_id(x: Any) -> int | None:
    ref = x if isinstance(x, IndirectObject) else getattr(x, "indirect_reference", None)
    return ref.idnum if ref is not None else None


def holds(owner: Any, mcid: int, page: Any) -> bool:
    """Whether structure element ``owner`` holds marked content ``mcid`` of ``page`` (a bare MCID
    is on the element's /Pg; a marked-content reference names its own /Pg or inherits it)."""
    for kid in kids_of(owner):
        kid = deref(kid)
        if isinstance(kid, NumberObject) and int(kid) == mcid:
            on = owner.raw_get("/Pg")
        elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR" and kid.get("/MCID") == mcid:
            on = kid.raw_get("/Pg") if "/Pg" in kid else owner.raw_get("/Pg")
        else:
            continue
        if page_id(on) == page_id(page):
            return True
    return False


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>|\[([^\]]*)\]")


def to_unicode(font: Any) -> dict[bytes, str] | None:
    """A font's ToUnicode CMap as code → text (bfchar, bfrange, ranges given as arrays too); None
    when the font has none."""
    if "/ToUnicode" not in font:
        return None
    data = deref(font["/ToUnicode"]).get_data()
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


def unmapped(font: Any, raw: bytes, cmaps: dict[int, Any]) -> list[bytes]:
    """The character codes of ``raw`` (a string shown in ``font``) that map to no Unicode text."""
    key = id(font)
    if key not in cmaps:
        cmaps[key] = to_unicode(font)
    cmap = cmaps[key]
    width = 2 if font.get("/Subtype") == "/Type0" else 1
    if cmap is None:  # a simple font in a standard encoding maps by its glyph names (test_every_font_maps_to_unicode)
        return [] if width == 1 else [raw[i:i + 2] for i in range(0, len(raw), 2)]
    codes = [raw[i:i + width] for i in range(0, len(raw), width)]
    return [c for c in codes if not cmap.get(c) or "\ufffd" in cmap[c]]


def raw_bytes(operand: Any) -> bytes:
    if hasattr(operand, "original_bytes"):
        return bytes(operand.original_bytes)
    return bytes(operand) if isinstance(operand, (bytes, bytearray)) else str(operand).encode("latin-1")


def walk_content(reader: Any, stream: Any, resources: Any, where: str, page: Any, parents: dict[int, Any],
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
    resources = deref(resources) or DictionaryObject()
    props = deref(resources.get("/Properties")) or {}
    xobjects = deref(resources.get("/XObject")) or {}
    fonts = deref(resources.get("/Font")) or {}
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
            prop = deref(operands[1]) if op == b"BDC" else None
            if isinstance(prop, NameObject):
                prop = deref(props.get(prop))
            if isinstance(prop, DictionaryObject) and "/MCID" in prop:
                mcid = int(prop["/MCID"])
                if "artifact" in stack:
                    problems.append(("01-003", f"{where}: MCID {mcid} ({tag}) inside an artifact"))
                owners = deref(parents.get(int(struct_parents))) if struct_parents is not None else None
                owner = deref(owners[mcid]) if isinstance(owners, ArrayObject) and mcid < len(owners) else None
                if not isinstance(owner, DictionaryObject):
                    problems.append(("mcid", f"{where}: MCID {mcid} ({tag}) has no structure element in the "
                                     "ParentTree"))
                elif not holds(owner, mcid, page):
                    problems.append(("mcid", f"{where}: MCID {mcid} points at {described(reader, owner)}, which does "
                                     "not hold it on this page"))
                stack.append("mcid")
            else:
                stack.append("other")
        elif op == b"EMC":
            if len(stack) <= len(outer):
                problems.append(("syntax", f"{where}: EMC without an open marked-content sequence"))
            else:
                stack.pop()
        elif op == b"Tf":
            font = deref(fonts.get(operands[0]))
        if op in (b"Tj", b"TJ", b"'", b'"') and font is not None:
            shown = operands[-1] if op != b"TJ" else operands[0]
            items = shown if isinstance(shown, ArrayObject) else [shown]
            raw = b"".join(raw_bytes(x) for x in items if not isinstance(x, (int, float)))
            bad = unmapped(font, raw, cmaps)
            if bad:
                problems.append(("10-001", f"{where}: font {font.get('/BaseFont')} shows codes "
                                 f"{sorted({c.hex() for c in bad})} that map to no Unicode"))
        if op == b"Do":
            xo = deref(xobjects.get(operands[0]))
            if isinstance(xo, StreamObject) and xo.get("/Subtype") == "/Form":
                problems += walk_content(reader, xo, xo.get("/Resources", resources), f"{where}, form {operands[0]}",
                                         page,
                                  parents, xo.get("/StructParents", struct_parents), tuple(stack), cmaps)
                continue
        if op in PAINT and not any(s in ("artifact", "mcid") for s in stack):
            name = op.decode() if op != b"INLINE IMAGE" else "an inline image"
            problems.append(("01-005", f"{where}: {name} paints outside marked content and outside an artifact"))
    if len(stack) > len(outer):
        problems.append(("syntax", f"{where}: {len(stack) - len(outer)} marked-content sequence(s) left open"))
    return problems


_FOUND: weakref.WeakKeyDictionary[Any, list[tuple[str, str]]] = weakref.WeakKeyDictionary()


def content_problems(reader: Any) -> list[tuple[str, str]]:
    """:func:`walk_content` over every page of the document (once per document)."""
    if reader not in _FOUND:
        parents = parent_tree(reader)
        found: list[tuple[str, str]] = []
        cmaps: dict[int, Any] = {}
        for n, page in enumerate(reader.pages, 1):
            contents = page.get_contents()
            if contents is not None:
                found += walk_content(reader, contents, page.get("/Resources"), f"page {n}", page, parents,
                               page.get("/StructParents"), cmaps=cmaps)
        _FOUND[reader] = found
    return _FOUND[reader]


def unmarked(reader: Any, stream: Any, resources: Any, where: str, page: Any, parents: dict[int, Any],
              struct_parents: Any) -> list[str]:
    """The messages of :func:`walk_content` about tagging (all but 10-001) for one stream."""
    return [m for code, m in walk_content(reader, stream, resources, where, page, parents, struct_parents)
            if code != "10-001"]


def heading_problems(headings: list[tuple[str, str]]) -> list[str]:
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


def elements_under(reader: Any, top: Any) -> Iterator[tuple[Any, Any]]:
    for kid in kids_of(top):
        kid = deref(kid)
        if isinstance(kid, DictionaryObject) and "/S" in kid:
            yield kid, top
            yield from elements_under(reader, kid)


def attributes(e: Any) -> list[Any]:
    attrs = deref(e.get("/A"))
    return [deref(a) for a in (attrs if isinstance(attrs, ArrayObject) else [attrs] if attrs else [])
            if isinstance(deref(a), DictionaryObject)]


def annotations_of(reader: Any) -> Iterator[tuple[int, Any]]:
    for n, page in enumerate(reader.pages, 1):
        for a in deref(page.get("/Annots")) or []:
            yield n, deref(a)


def fonts_used(reader: Any) -> Iterator[tuple[str, Any]]:
    """Every font the pages use, with where it is, forms (the maps) included, each font once."""
    seen: set[int] = set()

    def walk(resources: Any, where: str) -> Iterator[tuple[str, Any]]:
        resources = deref(resources) or {}
        for name, f in (deref(resources.get("/Font")) or {}).items():
            font = deref(f)
            key = getattr(f, "idnum", id(font))
            if key not in seen:
                seen.add(key)
                yield f"{where}, font {name} ({font.get('/BaseFont')})", font
        for name, x in (deref(resources.get("/XObject")) or {}).items():
            xo = deref(x)
            key = getattr(x, "idnum", id(xo))
            if xo.get("/Subtype") == "/Form" and ("x", key) not in seen:
                seen.add(("x", key))  # type: ignore[arg-type]
                yield from walk(xo.get("/Resources"), f"{where}, form {name}")
    for n, page in enumerate(reader.pages, 1):
        yield from walk(page.get("/Resources"), f"page {n}")


def xmp_of(reader: Any) -> Any:
    return reader.xmp_metadata


def shown_codes(reader: Any) -> dict[int, tuple[str, Any, set[bytes]]]:
    """Every font the document shows text in (forms included): where it is first used, the font,
    and the character codes shown in it (two bytes for a Type 0 font, one for a simple font)."""
    out: dict[int, tuple[str, Any, set[bytes]]] = {}

    def walk(stream: Any, resources: Any, where: str, seen: tuple[int, ...]) -> None:
        resources = deref(resources) or DictionaryObject()
        fonts = deref(resources.get("/Font")) or {}
        xobjects = deref(resources.get("/XObject")) or {}
        font: Any = None
        for operands, op in ContentStream(stream, reader).operations:
            if op == b"Tf":
                font = deref(fonts.get(operands[0]))
                if font is not None and id(font) not in out:
                    out[id(font)] = (f"{where}, font {operands[0]} ({font.get('/BaseFont')})", font, set())
            elif op in (b"Tj", b"TJ", b"'", b'"') and font is not None:
                shown = operands[-1] if op != b"TJ" else operands[0]
                raw = b"".join(raw_bytes(x) for x in (shown if isinstance(shown, ArrayObject) else [shown])
                               if not isinstance(x, (int, float)))
                width = 2 if font.get("/Subtype") == "/Type0" else 1
                out[id(font)][2].update(raw[i:i + width] for i in range(0, len(raw), width))
            elif op == b"Do":
                xo = deref(xobjects.get(operands[0]))
                if isinstance(xo, StreamObject) and xo.get("/Subtype") == "/Form" and id(xo) not in seen:
                    walk(xo, xo.get("/Resources", resources), f"{where}, form {operands[0]}", (*seen, id(xo)))
    for n, page in enumerate(reader.pages, 1):
        if page.get_contents() is not None:
            walk(page.get_contents(), page.get("/Resources"), f"page {n}", ())
    return out


def cid_widths(cid_font: Any) -> dict[int, float]:
    """The /W array of a CIDFont (ISO 32000-1, 9.7.4.3) as CID → width."""
    w = [deref(x) for x in deref(cid_font.get("/W")) or []]
    out: dict[int, float] = {}
    i = 0
    while i < len(w):
        if i + 1 < len(w) and isinstance(w[i + 1], ArrayObject):
            out.update({int(w[i]) + k: float(v) for k, v in enumerate(w[i + 1])})
            i += 2
        else:
            out.update({c: float(w[i + 2]) for c in range(int(w[i]), int(w[i + 1]) + 1)})
            i += 3
    return out


def glyph_of(cid_font: Any, cid: int) -> int:
    """The glyph index of ``cid`` in a Type 2 CIDFont (its CIDToGIDMap, Identity by default)."""
    mapping = deref(cid_font.get("/CIDToGIDMap"))
    if isinstance(mapping, StreamObject):
        data = mapping.get_data()
        return int.from_bytes(data[2 * cid:2 * cid + 2], "big") if 2 * cid + 2 <= len(data) else 0
    return cid
