"""Characters that hide what a reader sees: controls, bidirectional overrides, zero-width marks.

YAML itself refuses raw control characters (:mod:`argmap.core.yamlsource` reports them), but a
double-quoted scalar may still write them as escapes (``"\\0"``, ``"\\u202e"``), Markdown turns a
numeric character reference (``&#x202e;``) into the character on the site, and the
bidirectional overrides and zero-width characters are printable as far as YAML is concerned.
:func:`find_flagged` finds the first such character in a scalar and where it is written in the
file, so that the diagnostic points at it rather than at the start of the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from argmap.core.diagnostics import Location
from argmap.core.yamlsource import YScalar, char_name

#: C0 and C1 controls (tab and newline are text) and the bidirectional embeddings,
#: overrides and isolates (the "Trojan Source" characters): errors wherever they are.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: Zero-width characters and invisible direction marks: a warning in text, an error in ids.
INVISIBLE = re.compile("[\u200b-\u200f\u2060\u061c\ufeff]")
FLAGGED = re.compile(f"{CONTROL.pattern}|{INVISIBLE.pattern}")

_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
#: A numeric character reference, which the Markdown of text fields renders as its character.
REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")
_SINGLE = {"0": "\x00", "a": "\x07", "b": "\x08", "t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c",
           "r": "\r", "e": "\x1b", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}


@dataclass(frozen=True)
class Flagged:
    char: str
    location: Location
    how: str  # "raw", "escape" (a YAML escape in double quotes) or "reference" (&#...;)

    @property
    def is_control(self) -> bool:
        return CONTROL.match(self.char) is not None

    def describe(self) -> str:
        how = {"escape": "written as an escape", "reference": "written as a character reference"}.get(
            self.how, "invisible in most editors")
        return f"{char_name(self.char)}, {how}"


def _decode(seq: str) -> str:
    if seq[0] in "xuU" and len(seq) > 1:
        try:
            return chr(int(seq[1:], 16))
        except (ValueError, OverflowError):
            return ""
    return _SINGLE.get(seq, seq)


def _raw_offset(raw: str, double_quoted: bool) -> tuple[int, str, bool] | None:
    """The offset in the scalar's source text of its first flagged character."""
    pos = 0
    while pos < len(raw):
        m = FLAGGED.search(raw, pos)
        e = _ESCAPE.search(raw, pos) if double_quoted else None
        if e is not None and (m is None or e.start() < m.start()):
            ch = _decode(e.group(1))
            if ch and FLAGGED.fullmatch(ch):
                return e.start(), ch, True
            pos = e.end()
            continue
        if m is None:
            return None
        return m.start(), m.group(), False
    return None


def _reference(value: str) -> tuple[str, str] | None:
    """The first character reference in ``value`` that stands for a flagged character: (its text, the char)."""
    for m in REFERENCE.finditer(value):
        try:
            ch = chr(int(m.group(1), 16) if m.group(1) else int(m.group(2)))
        except (ValueError, OverflowError):
            continue
        if FLAGGED.fullmatch(ch):
            return m.group(), ch
    return None


def may_hold_flagged(value: str) -> bool:
    """A quick test: can ``value`` hold a flagged character, raw or as a character reference?"""
    return FLAGGED.search(value) is not None or "&#" in value


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def find_flagged(node: YScalar, path: str, text: str | None) -> Flagged | None:
    """The first flagged character of a scalar, located where the file writes it; ``None`` if clean."""
    start, end = node.start_mark, node.end_mark
    here = Location(path, start.line + 1, start.column + 1)
    raw = text[start.index:end.index] if text is not None and 0 <= start.index <= end.index <= len(text) else None
    m = FLAGGED.search(node.value)
    if m is None:
        ref = _reference(node.value)
        if ref is None:
            return None
        at = raw.find(ref[0]) if raw is not None else -1
        if at < 0:
            return Flagged(ref[1], here, "reference")
        assert text is not None
        line, col = _line_col(text, start.index + at)
        return Flagged(ref[1], Location(path, line, col), "reference")
    if raw is not None:
        found = _raw_offset(raw, node.style == '"')
        if found is not None:
            offset, ch, escaped = found
            line, col = _line_col(text or "", start.index + offset)
            return Flagged(ch, Location(path, line, col), "escape" if escaped else "raw")
    return Flagged(m.group(), here, "escape" if node.style == '"' else "raw")
