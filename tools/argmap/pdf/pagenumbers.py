"""The page numbers printed after cross-references ("claim c-x, p. 12"), filled in after layout.

With CSS ``target-counter()`` WeasyPrint lays out every page that holds a reference three times
(once, then again for each round of page-counter updates), which was most of the PDF's build
time. Instead the print document holds, after each reference, a placeholder of as many zeros as
the page count has digits (:class:`argmap.pdf.records.PageSlots`): real text in the text flow,
in the regular face of the body font, whose digits all have the same width, so no number can
change the layout. Once the pages are laid out (one pass), each placeholder's target is found
among the pages' anchors (:func:`numbers`), and :func:`fill_writer` rewrites the placeholder's glyphs in
the page's content stream to the target's page number. The number then sits where it is read:
text extraction, copy and paste, and the tagged PDF's structure tree find "p. 12" right after its
reference. A shorter number than the placeholder leaves the rest of it blank ("p. 5" may be
followed by a little more space than "p. 12"); one that ends a line (contents, index) is moved
right so that it still ends there. The index of claims has such placeholders too, so every page
is laid out once.

:func:`fill_writer` is the one entry point for turning laid-out placeholders into numbers; it needs the
digits 0-9 in the placeholder's font, which every document of ten pages or more has in its page
footers (and a shorter one has the digits of all its page numbers).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

#: What a placeholder is made of (one per digit of the page count).
PLACEHOLDER = "0"
#: How far (CSS px) a placeholder's text may be from where WeasyPrint reports its box.
TOLERANCE = 1.0


@dataclass(frozen=True)
class Number:
    """Print ``text`` into the placeholder on page ``page`` (0-based) whose box starts at ``x`` and
    spans ``top``..``bottom`` (CSS px); ``end``: the number ends where the placeholder ends."""

    page: int
    x: float
    top: float
    bottom: float
    text: str
    end: bool = False
    right: float = 0.0   # where the placeholder's box ends (for ``end``)


def digits_for(claims: int, evidence: int, sources: int, maps: int) -> int:
    """A first guess of how many digits the page count has, from the corpus' size (at least 2).

    The guess errs high; when the laid-out document needs more digits it is laid out again."""
    estimate = 8 + maps + claims / 3 + evidence / 12 + sources / 12
    return max(2, len(str(int(estimate))))


def numbers(pages: Iterable[Any], slots: Mapping[str, str]) -> tuple[list[Number], list[str]]:
    """The number for every placeholder in ``slots`` (placeholder id → target anchor) on the
    laid-out ``pages``, and the placeholders whose target is not in the document (their number
    is empty: the placeholder is blanked)."""
    pages = list(pages)
    first: dict[str, int] = {}
    for index, page in enumerate(pages):
        for name in page.anchors:
            first.setdefault(name, index)
    out: list[Number] = []
    missing: list[str] = []
    for index, page in enumerate(pages):
        for name, position in sorted(page.anchors.items()):
            target = slots.get(name)
            if target is None:
                continue
            if target not in first:  # its placeholder is blanked
                missing.append(name)
            x, top = float(position[0]), float(position[1])
            right, bottom = (float(position[2]), float(position[3])) if len(position) >= 4 else (x, top + 16.0)
            text = str(first[target] + 1) if target in first else ""
            out.append(Number(index, x, top, bottom, text, name.startswith("pnr-"), right))
    return out, missing


# -- the content streams ------------------------------------------------------------------------

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def _codes(tounicode: bytes) -> dict[str, bytes]:
    """A font's ToUnicode CMap → the code that draws each single character it maps."""
    out: dict[str, bytes] = {}

    def put(code: bytes, uni: str) -> None:
        if len(uni) == 1:
            out.setdefault(uni, code)

    for block in _BFCHAR.findall(tounicode):
        hexes = _HEX.findall(block)
        for code, uni in zip(hexes[0::2], hexes[1::2], strict=False):
            put(bytes.fromhex(code.decode()), bytes.fromhex(uni.decode()).decode("utf-16-be", "replace"))
    for block in _BFRANGE.findall(tounicode):
        hexes = _HEX.findall(block)
        for lo, hi, start in zip(hexes[0::3], hexes[1::3], hexes[2::3], strict=False):
            width, first, base = len(lo) // 2, int(lo, 16), int(start, 16)
            for k in range(int(hi, 16) - first + 1):
                put((first + k).to_bytes(width, "big"), chr(base + k))
    return out


class _Font:
    def __init__(self, font: Any) -> None:
        data = font["/ToUnicode"].get_object().get_data() if "/ToUnicode" in font else b""
        self.encode_map = _codes(data)
        self.decode_map = {code: ch for ch, code in self.encode_map.items()}
        self.width = max((len(c) for c in self.decode_map), default=1)

    def decode(self, raw: bytes) -> str:
        w = self.width
        return "".join(self.decode_map.get(raw[i:i + w], "\ufffd") for i in range(0, len(raw), w))

    def encode(self, text: str) -> bytes | None:
        parts = [self.encode_map.get(ch) for ch in text]
        return None if any(p is None for p in parts) else b"".join(p for p in parts if p is not None)


def _raw(operand: Any) -> bytes:
    """The bytes of a string operand of TJ/Tj as they are in the content stream."""
    if hasattr(operand, "original_bytes"):
        return bytes(operand.original_bytes)
    return bytes(operand) if isinstance(operand, (bytes, bytearray)) else str(operand).encode("latin-1")


#: What the quick pass reads of a content stream: text matrices, font selections and the TJ arrays
#: of hex strings WeasyPrint writes, and anything that makes it hand the page to the full parser
#: (a literal string or an inline image, which WeasyPrint does not write).
_TOKEN = re.compile(rb"(?P<tm>(?:[-+.0-9]+\s+){6})Tm\b"
                    rb"|/(?P<font>[^\s/\[\]()<>{}%]+)\s+[-+.0-9]+\s+Tf\b"
                    rb"|\[(?P<array>[^\]()]*)\]\s*TJ\b"
                    rb"|\bBT\b|(?P<other>[()]|\bBI\b)")


def _fill_page(writer: Any, page: Any, wanted: list[Number]) -> tuple[int, list[Number]]:
    """Rewrite the placeholders of one page; how many were filled, and the numbers not found."""
    fonts_dict = page["/Resources"].get_object().get("/Font")
    fonts = {str(k): _Font(v.get_object()) for k, v in (fonts_dict.get_object().items() if fonts_dict else ())}
    contents = page.get_contents()
    data = contents.get_data() if contents is not None else b""
    quick = _fill_quick(data, fonts, wanted)
    if quick is None:  # something the quick pass does not read: pypdf parses the page
        return _fill_parsed(writer, page, fonts, wanted)
    edited, filled, left = quick
    if filled:
        from pypdf.generic import DecodedStreamObject

        stream = DecodedStreamObject()
        stream.set_data(edited)
        page.replace_contents(stream.flate_encode())
    return filled, left


def _fill_quick(data: bytes, fonts: Mapping[str, _Font],
                wanted: list[Number]) -> tuple[bytes, int, list[Number]] | None:
    """:func:`_fill_parsed` on the stream's bytes, by a scan of the few operators that matter
    (pypdf's parser of whole content streams took most of the PDF's finishing time). None when
    the stream holds something the scan does not read."""
    left = list(wanted)
    edits: list[tuple[int, int, bytes]] = []
    tm: re.Match[bytes] | None = None
    font: _Font | None = None
    for m in _TOKEN.finditer(data):
        if m.group("other") is not None:
            return None
        if m.group("tm") is not None:
            tm = m
        elif m.group("font") is not None:
            font = fonts.get("/" + m.group("font").decode("latin-1"))
        elif m.group("array") is not None:
            if tm is None or font is None or not left:
                continue
            text = font.decode(b"".join(bytes.fromhex(h.decode()) for h in _HEX.findall(m.group("array"))))
            if not text or text.strip(PLACEHOLDER):
                continue
            numbers_ = tm.group("tm").split()
            placed = _place(left, text, float(numbers_[4]), float(numbers_[5]), font)
            if placed is None:
                continue
            code, moved = placed
            if moved is not None:
                numbers_[4] = _number(moved)
                edits.append((tm.start(), tm.end(), b" ".join(numbers_) + b" Tm"))
            edits.append((m.start(), m.end(), b"[<" + code.hex().encode() + b">] TJ"))
        else:  # BT
            tm = None
    out = bytearray(data)
    for start, end, new in sorted(edits, reverse=True):
        out[start:end] = new
    return bytes(out), sum(1 for e in edits if e[2].endswith(b"TJ")), left


def _number(value: float) -> bytes:
    return (f"{value:.6f}".rstrip("0").rstrip(".") or "0").encode()


def _place(left: list[Number], text: str, x: float, y: float, font: _Font) -> tuple[bytes, float | None] | None:
    """The number of ``left`` whose placeholder is the text ``text`` drawn at (``x``, ``y``), taken
    off ``left``: the codes of its digits in ``font`` (none when the font lacks one: the number is
    left blank) and, for a number that ends its line, the x it is moved to; None when no number is
    printed there."""
    match = next((n for n in left if abs(n.x - x) <= TOLERANCE and n.top - TOLERANCE <= y <= n.bottom + TOLERANCE),
                 None)
    if match is None:
        return None
    left.remove(match)
    digits = match.text if len(match.text) <= len(text) else match.text[:len(text)]
    code = font.encode(digits)
    if code is None:
        log.warning("page %d: the digits of %s are not in the placeholder's font; the number is left "
                    "blank", match.page + 1, match.text)
        code = b""
    moved = None
    if match.end and len(digits) < len(text) and match.right > match.x:  # still ends the line
        moved = x + (len(text) - len(digits)) * (match.right - match.x) / len(text)
    return code, moved


def _fill_parsed(writer: Any, page: Any, fonts: Mapping[str, _Font], wanted: list[Number]) -> tuple[int, list[Number]]:
    """The placeholders of one page rewritten with pypdf's parser of the whole content stream."""
    from pypdf.generic import ArrayObject, ByteStringObject, ContentStream, FloatObject

    content = ContentStream(page.get_contents(), writer)
    left = list(wanted)
    filled = 0
    tm: list[Any] | None = None
    font: _Font | None = None
    for operands, op in content.operations:
        if op == b"BT":
            tm = None
        elif op == b"Tm":
            tm = operands
        elif op == b"Tf":
            font = fonts.get(str(operands[0]))
        elif op in (b"TJ", b"Tj") and tm is not None and font is not None and left:
            items = operands[0] if op == b"TJ" else [operands[0]]
            strings = [_raw(s) for s in items if not isinstance(s, (int, float))]
            text = font.decode(b"".join(strings))
            if not text or text.strip(PLACEHOLDER):
                continue
            placed = _place(left, text, float(tm[4]), float(tm[5]), font)
            if placed is None:
                continue
            code, moved = placed
            if moved is not None:
                tm[4] = FloatObject(moved)
            operands[0] = ArrayObject([ByteStringObject(code)]) if op == b"TJ" else ByteStringObject(code)
            filled += 1
    if filled:
        page.replace_contents(content)
    return filled, left


def fill_writer(writer: Any, found: list[Number]) -> None:
    """Every placeholder in ``found`` rewritten to its page number, on an incremental ``PdfWriter`` of
    the document (the document's own bytes, outline, links and structure tree stay), which the
    caller writes (:func:`argmap.pdf.build.finish`, so that the maps go into the same update:
    reading the document into a writer is the costly part)."""
    by_page: dict[int, list[Number]] = {}
    for n in found:
        by_page.setdefault(n.page, []).append(n)
    for index in sorted(by_page):
        _, left = _fill_page(writer, writer.pages[index], by_page[index])
        for n in left:
            log.warning("page %d: no placeholder found at (%.1f, %.1f) for page number %s", index + 1, n.x, n.top,
                        n.text)
