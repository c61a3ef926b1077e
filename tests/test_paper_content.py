"""The map of the paper (claims/): the author's earlier work is kept apart from the 2015 chapter.

The 2013 senior thesis is context evidence. Every item drawn from it is a `context` document,
no claim takes its locator from it, and wherever the site or the PDF shows such an item (or the
thesis itself) it says that the item comes from the author's earlier work, not the chapter.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re

import pytest

from argmap.core.analysis import analyse
from argmap.core.model import Basis, Corpus, EvidenceKind, Provenance
from argmap.pdf.printdoc import PrintOptions, build_html
from argmap.website.pages import PageRenderer

THESIS = "wong-2013-senior-thesis"
OPTIONS = PrintOptions(build_date=dt.date(2023, 11, 14), created="2023-11-14T22:13:20Z")


def _from_thesis(corpus: Corpus) -> list[str]:
    return sorted(e.id for e in corpus.evidence.values() if THESIS in e.sources)


def _notice(corpus: Corpus) -> str:
    return corpus.sources[THESIS].notice


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.fixture(scope="module")
def pages(paper_corpus: Corpus) -> dict[str, str]:
    return PageRenderer(paper_corpus, analyse(paper_corpus)).pages()


@pytest.fixture(scope="module")
def print_html(paper_corpus: Corpus) -> str:
    return build_html(paper_corpus, OPTIONS)


# -- the data ---------------------------------------------------------------------------------

def test_the_thesis_is_a_source_with_an_earlier_work_notice(paper_corpus: Corpus) -> None:
    src = paper_corpus.sources[THESIS]
    assert src.type == "thesis"
    assert "title" in src.uncertain, "the record shows no title: the title must be flagged"
    assert "earlier work" in src.notice and "not from the 2015 chapter" in src.notice
    assert "notice" not in src.csl  # an argmap extension, kept out of the CSL item like `uncertain`


def test_every_item_from_the_thesis_is_a_context_document(paper_corpus: Corpus) -> None:
    items = _from_thesis(paper_corpus)
    assert len(items) >= 5
    for eid in items:
        e = paper_corpus.evidence[eid]
        assert e.provenance is Provenance.CONTEXT, eid
        assert e.kind is EvidenceKind.DOCUMENT, eid
        assert paper_corpus.notices(eid) == (paper_corpus.sources[THESIS].notice,)


def test_the_thesis_bears_on_the_reconstructed_premises(paper_corpus: Corpus) -> None:
    items = set(_from_thesis(paper_corpus))
    targets = {r.target for r in paper_corpus.relations.values() if r.source in items}
    assert {"perceptions-of-china-differ", "perceptions-of-nk-differ", "framework-dual-threat",
            "cmp-jp-threat-china", "cmp-kr-threat-china"} <= targets
    for cid in ("perceptions-of-china-differ", "perceptions-of-nk-differ"):
        assert paper_corpus.claims[cid].basis is Basis.RECONSTRUCTED
    assert paper_corpus.arguments["arg-dual-threat-from-perceptions"].basis is Basis.RECONSTRUCTED


def test_no_claim_of_the_chapter_rests_on_the_thesis(paper_corpus: Corpus) -> None:
    """The thesis is never a claim's locator: no claim becomes the paper's own because of it."""
    for c in paper_corpus.claims.values():
        assert c.locator is None or c.locator.source != THESIS, c.id
    for a in paper_corpus.arguments.values():
        assert a.locator is None or a.locator.source != THESIS, a.id


# -- the site ---------------------------------------------------------------------------------

def test_evidence_page_marks_each_item_from_the_thesis(paper_corpus: Corpus, pages: dict[str, str]) -> None:
    page = pages["evidence.md"]
    notice = _notice(paper_corpus)
    for eid in _from_thesis(paper_corpus):
        row = re.search(rf'<li class="am-entry" id="{eid}">(.*?)</li>', page, re.S)
        assert row and notice in _text(row.group(1)), eid
        entry = re.search(rf'<li><time>[^<]*</time> <a href="#{eid}">(.*?)</li>', page, re.S)
        assert entry and notice in _text(entry.group(1)), eid  # the timeline too
    other = re.search(r'<li class="am-entry" id="genron-eai-military-threat-perceptions-2013-2014">(.*?)</li>',
                      page, re.S)
    assert other and notice not in _text(other.group(1))


def test_claim_pages_mark_the_thesis_items(paper_corpus: Corpus, pages: dict[str, str]) -> None:
    notice = _notice(paper_corpus)
    page = pages["claims/perceptions-of-china-differ.md"]
    evidence = page.split("## Evidence", 1)[1]
    for eid in ("wong-2013-thesis-japan-china-turns-local", "wong-2013-thesis-seoul-china-via-north-korea"):
        # the evidence entry says where the item is from, beside what it shows and how it bears on the claim
        entry = re.search(rf'<li class="am-entry" id="ev-{eid}">(.*?)</li>', evidence, re.S)
        assert entry and notice in _text(entry.group(1)), eid


def test_sources_page_marks_the_thesis(paper_corpus: Corpus, pages: dict[str, str]) -> None:
    entry = re.search(rf'<li id="src-{THESIS}">(.*?)</li>', pages["sources.md"], re.S)
    assert entry and _notice(paper_corpus) in _text(entry.group(1))
    assert "(?)" in entry.group(1)  # the uncertain title


# -- the PDF ----------------------------------------------------------------------------------

def test_print_timeline_marks_each_item_from_the_thesis(paper_corpus: Corpus, print_html: str) -> None:
    notice = paper_corpus.sources[THESIS].notice
    for eid in _from_thesis(paper_corpus):
        article = re.search(rf'<article class="evidence" id="evidence-{eid}">(.*?)</article>', print_html, re.S)
        assert article, eid
        assert '<p class="notice">' in article.group(1) and notice in _text(article.group(1)), eid


def test_print_claims_and_bibliography_mark_the_thesis(paper_corpus: Corpus, print_html: str) -> None:
    notice = paper_corpus.sources[THESIS].notice
    article = re.search(r'<article class="claim [^"]*" id="claim-perceptions-of-nk-differ">(.*?)</article>',
                        print_html, re.S)
    assert article
    lines = [_text(li) for li in re.findall(r"<li>.*?</li>", article.group(1), re.S)]
    from_thesis = [li for li in lines if "wong-2013-thesis-" in li]
    assert from_thesis and all(notice in li for li in from_thesis), from_thesis
    entry = re.search(rf'<li id="source-{THESIS}">(.*?)</li>', print_html, re.S)
    assert entry and notice in _text(entry.group(1))


# -- escaping ---------------------------------------------------------------------------------

def test_a_notice_is_escaped_on_the_site_and_in_the_pdf(fixture_corpus: Corpus) -> None:
    bad = '<script>window.__xss=1</script> & "quotes"'
    ev = fixture_corpus.evidence["ev-poll"]
    sid = ev.sources[0]
    corpus = dataclasses.replace(fixture_corpus, sources={
        **fixture_corpus.sources, sid: dataclasses.replace(fixture_corpus.sources[sid], notice=bad)})
    pages = PageRenderer(corpus, analyse(corpus)).pages()
    printed = build_html(corpus, OPTIONS)
    for out in (pages["evidence.md"], pages["sources.md"], printed):
        assert "<script>window.__xss" not in out
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt; &amp;" in out
