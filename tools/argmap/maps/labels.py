"""Map labels: wrapped by display width (so Japanese and Korean without spaces wrap too) and shortened."""

from __future__ import annotations

import unicodedata

ELLIPSIS = "…"


def char_width(ch: str) -> int:
    """Columns a character takes: 2 for wide and full-width (CJK), 0 for combining marks, else 1."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    if text.isascii():  # the common case, and no ASCII character is wide or combining
        return len(text)
    return sum(char_width(ch) for ch in text)


def _drop(ch: str) -> bool:
    """Control and format characters (bidi overrides too), surrogates, and non-characters (U+FFFE ...),
    which XML cannot hold."""
    code = ord(ch)
    return (unicodedata.category(ch) in ("Cc", "Cf", "Cs") and ch not in "\t\n") or \
        0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def clean(text: str) -> str:
    """Text fit for a label or tooltip: unsafe characters removed, whitespace collapsed to single spaces."""
    if text.isascii() and text.isprintable():  # nothing to remove: no control character
        return " ".join(text.split())
    return " ".join("".join(ch for ch in text if not _drop(ch)).split())


_clean = clean


def _tokens(text: str) -> list[str]:
    """Words, with every wide character a token of its own (a line may break between any two)."""
    out: list[str] = []
    for word in text.split(" "):
        if word.isascii():  # no wide character: the word is one token
            if word:
                out.append(word)
            out.append(" ")
            continue
        cur = ""
        for ch in word:
            if char_width(ch) == 2:
                if cur:
                    out.append(cur)
                    cur = ""
                out.append(ch)
            else:
                cur += ch
        if cur:
            out.append(cur)
        out.append(" ")
    return out[:-1]


def _split_long(token: str, width: int) -> list[str]:
    parts, cur, w = [], "", 0
    for ch in token:
        cw = char_width(ch)
        if cur and w + cw > width:
            parts.append(cur)
            cur, w = "", 0
        cur += ch
        w += cw
    return parts + ([cur] if cur else [])


def wrap(text: str, width: int = 26, max_lines: int = 4) -> list[str]:
    """Lines of at most ``width`` columns; at most ``max_lines`` of them, the last ending in … if cut."""
    width = max(width, 2)
    lines: list[str] = []
    cur, w = "", 0
    for tok in _tokens(_clean(text)):
        if tok == " ":
            if cur:
                cur, w = cur + " ", w + 1
            continue
        tw = display_width(tok)
        if w + tw > width and cur.strip():
            lines.append(cur.rstrip())
            cur, w = "", 0
        if tw > width:
            pieces = _split_long(tok, width)
            lines += pieces[:-1]
            cur, w = pieces[-1], display_width(pieces[-1])
        else:
            cur, w = cur + tok, w + tw
    if cur.strip():
        lines.append(cur.rstrip())
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and display_width(last) + 1 > width:
            last = last[:-1]
        lines = [*lines[:max_lines - 1], last.rstrip() + ELLIPSIS]
    return lines
