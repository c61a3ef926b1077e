"""Which language a name is in, as far as its script tells (for ``lang`` attributes on names)."""

from __future__ import annotations

import re

_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_KANA = re.compile(r"[\u3040-\u30ff]")


def script_lang(text: str) -> str:
    """The language a name's script shows: ``ko`` (Hangul), ``ja`` (kana), else "" (Han alone is
    shared by Japanese and Chinese; Latin by many)."""
    return "ko" if _HANGUL.search(text) else "ja" if _KANA.search(text) else ""
