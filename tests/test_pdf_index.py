"""The index of claims prints its page numbers like the other references (boxes filled after layout),
so the document is laid out once; the numbers are WeasyPrint's own target-counter()'s, as text."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("weasyprint")
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

ENTRY = re.compile(r"([a-z0-9-]+(?: see [a-z0-9-]+)?) (?:\. ?)+\s+(\d+)")


def _index(pdf: Path) -> list[tuple[str, str]]:
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return sorted(ENTRY.findall(text[text.rindex("Index of claims"):]))


def test_the_index_prints_what_target_counter_prints_and_every_page_is_laid_out_once(fixture_corpus, tmp_path,
                                                                                     monkeypatch):
    from collections import Counter

    import weasyprint.layout.page as layout

    from argmap.pdf import build as pdf

    laid_out: Counter[tuple[int, int]] = Counter()
    real = layout.remake_page

    def counting(index, context, root_box, html):  # type: ignore[no-untyped-def]
        laid_out[(id(html), index)] += 1
        return real(index, context, root_box, html)
    monkeypatch.setattr(layout, "remake_page", counting)
    ours = tmp_path / "ours.pdf"
    pdf.build_pdf(fixture_corpus, ours, source_date_epoch=0, maps=False)
    assert laid_out and max(laid_out.values()) == 1  # no page laid out twice (the stamp included)
    html = pdf.build_print(fixture_corpus, pdf.PrintOptions(number_slots=2)).html
    index = html[html.index('id="claim-index"'):]
    aliases = [a for a, t in fixture_corpus.aliases.items() if t in fixture_corpus.claims]
    labels = [c for c in fixture_corpus.claims.values() if c.label]  # the index lists claims by label too
    assert index.count('class="pno"') == len(fixture_corpus.claims) + len(aliases) + len(labels) == 11
    laid_out.clear()
    css = tmp_path / "css.pdf"
    pdf.build_pdf(fixture_corpus, css, source_date_epoch=0, maps=False, css_page_numbers=True)
    assert max(laid_out.values()) > 1  # target-counter() lays pages out again
    entries = _index(ours)
    assert len(entries) == len(fixture_corpus.claims) + len(aliases) + len(labels)
    assert ("old-thesis see t-strong", "3") in entries
    assert entries == _index(css)
