"""The print HTML document (argmap.pdf.printdoc): what it holds, escaped, deterministic."""

from __future__ import annotations

import datetime as dt
import pathlib
import re

import pytest

from argmap.pdf.printdoc import PrintOptions, build_html

ROOT = pathlib.Path(__file__).resolve().parent.parent

OPTIONS = PrintOptions(build_date=dt.date(2023, 11, 14), created="2023-11-14T22:13:20Z")


@pytest.fixture(scope="module")
def html(fixture_corpus) -> str:
    return build_html(fixture_corpus, OPTIONS)


def _article(html: str, anchor: str) -> str:
    m = re.search(rf'<article class="[^"]*" id="{anchor}">(.*?)</article>', html, re.S)
    assert m, anchor
    return " ".join(re.sub(r"<[^>]+>", " ", m.group(1)).split())


def test_same_input_same_html(fixture_corpus, html):
    assert build_html(fixture_corpus, OPTIONS) == html


def test_claim_text_is_escaped(html):
    assert ("a gap of &lt;10 points &amp; &#34;quotes&#34;" in html
            or "a gap of &lt;10 points &amp; &quot;quotes&quot;" in html)
    assert "<10 points" not in html
    assert 'Introduction &amp; &#34;roadmap&#34;' in html or "Introduction &amp; &quot;roadmap&quot;" in html


@pytest.mark.parametrize("anchor, expected", [
    ("claim-t-strong", ["supported by claim c-differ", "qualified by claim c-gap", "undercut by claim c-gap"]),
    ("claim-c-differ", ["supports claim t-strong", "supported by claim c-dual"]),
    ("claim-c-gap", ["qualifies claim t-strong", "undercuts the step c-differ supports t-strong",
                     "contrasted with claim c-method"]),
    ("claim-c-south-threat", ["attacked by claim c-counter", "attacked by evidence ev-poll",
                              "is a premise of argument arg-dual"]),
    ("claim-c-dual", ["concluded by argument arg-dual , claim c-north-threat , claim c-south-threat"]),
    ("claim-c-public", ["supported by evidence ev-poll"]),
])
def test_relations_read_both_ways(html, anchor, expected):
    text = _article(html, anchor)
    for phrase in expected:
        assert phrase in text, (phrase, text)


def test_claim_links_in_text_point_inside_the_document(html):
    assert '<a href="#claim-t-strong" class="am-claim-link">the thesis</a>' in html


def test_badges_locator_and_facets(html):
    text = _article(html, "claim-c-north-threat")
    assert "premise reconstructed doe-2015 , p. 10, read from the roadmap" in text   # the id kept on one line
    assert '<span class="tid">doe-2015</span>, p. 10' in html
    assert "actors: Northland, Bigland" in text


def test_every_anchor_that_is_linked_exists(html):
    anchors = set(re.findall(r'id="([^"]+)"', html))
    for href in set(re.findall(r'href="#([^"]+)"', html)):
        assert href in anchors, href


def test_timeline_is_in_date_order(html):
    dates = re.findall(r'<span class="date">([^<]+)</span>', html)
    assert dates == sorted(dates) and len(dates) == 2


def test_no_url_that_would_be_fetched(html):
    # links (<a href>) are never fetched; nothing else may point outside the document
    assert not re.search(r'(src|srcset)="(?!data:)', html)
    assert "@import" not in html and "url(" not in html


def test_a_corpus_without_paper_is_refused(fixture_corpus):
    import dataclasses

    with pytest.raises(ValueError):
        build_html(dataclasses.replace(fixture_corpus, paper=None), OPTIONS)


def test_evidence_cites_its_source_whole_with_a_link_to_its_bibliography_entry(html):
    text = _article(html, "evidence-ev-poll")
    # the whole entry, as the bibliography prints it, then its number there
    assert 'Example Research Center. 2014. “Threat poll 2014: "who worries?"”. https://example.org/poll-2014 ' \
        'Bibliography [2]' in text.replace("&#34;", '"').replace("&nbsp;", " ")
    assert '<a class="bib" href="#source-poll-2014">Bibliography&nbsp;[2]</a>' in html
    assert "Where: p. 5" in text
    assert text.count("https://example.org/poll-2014") == 1   # the evidence's own link is the source's


def test_bibliography_numbers_match_the_citations(html):
    entries = re.findall(r'<li id="(source-[^"]+)">', html.split('id="bibliography"')[1])
    for n, anchor in enumerate(entries, 1):
        for cited in re.findall(rf'href="#{anchor}">Bibliography&nbsp;\[(\d+)\]', html):
            assert int(cited) == n, anchor


def test_maps_get_an_empty_box_of_their_printed_size(fixture_corpus):
    from argmap.pdf.printdoc import MapFigure

    figure = MapFigure("section-s-intro", "Map <of> intro", b"%PDF-1.5", 120.5, 80.25)
    out = build_html(fixture_corpus, OPTIONS, [figure])
    # an empty image the map is drawn into, tagged as a figure whose alt text names the map
    assert re.search(r'<img class="map-art" id="art-section-s-intro" src="data:image/svg\+xml,[^"]+" '
                     r'alt="Map &lt;of&gt; intro" style="width: 120.50mm; height: 80.25mm">', out)
    assert "<figcaption>Map &lt;of&gt; intro</figcaption>" in out
    assert "made without maps" not in out
    assert "made without maps" in build_html(fixture_corpus, OPTIONS)

@pytest.mark.parametrize("size, box, expected", [
    ((72 / 25.4 * 100, 72 / 25.4 * 50), (174, 225), (100.0, 50.0)),   # small: printed at its own size
    ((72 / 25.4 * 348, 72 / 25.4 * 100), (174, 225), (174.0, 50.0)),  # wide: fits the width
    ((72 / 25.4 * 100, 72 / 25.4 * 450), (174, 225), (50.0, 225.0)),  # tall: fits the height
])
def test_a_map_is_scaled_down_to_fit_never_up(size, box, expected):
    from argmap.pdf.overlay import fit

    assert fit(*size, *box) == pytest.approx(expected, abs=0.01)


def test_a_map_that_is_not_a_pdf_is_refused():
    from argmap.pdf.overlay import MapPlacementError, fit, page_size

    with pytest.raises(MapPlacementError):
        page_size(b"<svg/>")
    with pytest.raises(MapPlacementError):
        fit(0, 10, 174, 225)


def test_page_number_boxes_follow_every_reference(fixture_corpus):
    from argmap.pdf.printdoc import build_print

    doc = build_print(fixture_corpus, PrintOptions(build_date=dt.date(2023, 11, 14), number_slots=2))
    assert 'class="number-slots"' in doc.html
    # a link in a claim's text keeps its markup and gets a box after it
    assert re.search(r'<a href="#claim-t-strong" class="am-claim-link">the thesis</a><span class="pref">, p.&nbsp;'
                     r'<span class="pno" id="pno-\d+">00</span></span>', doc.html)
    assert "&lt;a href" not in doc.html and "&lt;span" not in doc.html
    # relations, and the contents (right-aligned boxes), point at anchors that exist
    assert re.search(r'<a class="xref" href="#claim-c-differ">claim c-differ</a><span class="pref">, p.&nbsp;'
                     r'<span class="pno" id="pno-\d+">00</span></span>', doc.html)
    assert re.search(r'<a href="#section-s-threats">Threat perceptions</a>'
                     r'<span class="pno" id="pnr-\d+">00</span>', doc.html)
    ids = set(re.findall(r'id="([^"]+)"', doc.html))
    assert doc.slots and set(doc.slots) <= ids and set(doc.slots.values()) <= ids
    assert len(doc.slots) == doc.html.count('class="pno"')
    # without boxes, CSS prints the numbers and the document holds no box
    assert 'class="pno"' not in build_html(fixture_corpus, OPTIONS)


def test_long_claims_may_break_between_their_relations_short_ones_stay_whole(html):
    css = (ROOT / "tools" / "argmap" / "pdf" / "print.css").read_text(encoding="utf-8")
    assert re.search(r"article\.claim\.long \{ break-inside: auto; \}", css)
    assert re.search(r"ul\.relations li, ul\.evidence-links li[^{]*\{ break-inside: avoid; \}", css)
    assert re.search(r"\.cover table\.coverage \{ break-inside: avoid; \}", css)
    for m in re.finditer(r'<article class="claim ([^"]*)" id="([^"]+)">(.*?)</article>', html, re.S):
        items = m.group(3).count("<li>")
        assert ("long" in m.group(1).split()) == (items > 6), m.group(2)


def test_the_papers_most_connected_claims_are_marked_long():
    from argmap.core.loader import load

    paper = build_html(load(str(ROOT / "claims")).corpus, OPTIONS)
    long = re.findall(r'<article class="claim [^"]*\blong\b[^"]*" id="claim-([^"]+)"', paper)
    assert "elite-public-identity-gap" in long
    test_long_claims_may_break_between_their_relations_short_ones_stay_whole(paper)


def test_the_paper_is_told_in_readers_words():
    """No working words of the format or the project's files reach readers (issue 20)."""
    from argmap.core.loader import load

    result = load(str(ROOT / "claims"))
    assert not [d for d in result.report if d.code == "AM044"]
    text = re.sub(r"<[^>]+>", " ", build_html(result.corpus, OPTIONS))
    text = " ".join(text.split())
    for words in ("basis: stated", "basis: reconstructed", "provenance: context", "(placeholder", "abstract.txt",
                  "outline.md", "key K8", "K4 ("):
        assert words not in text, words
    assert "stated by the paper" in text and "context evidence" in text


def test_badges_say_what_they_mean(html):
    assert '<span class="badge basis-stated">stated by the paper</span>' in html
    assert '<span class="badge prov-context">context evidence</span>' in html
    assert '<span class="badge prov-paper">cited by the paper</span>' in html


def test_claims_are_indexed_by_label_too(fixture_corpus, html):
    index = html.split('id="claim-index"')[1]
    labelled = [c for c in fixture_corpus.claims.values() if c.label]
    assert labelled
    for c in labelled:
        assert re.search(rf'<span class="ilabel">{re.escape(c.label)}</span> <a class="page" href="#claim-{c.id}">'
                         rf'{c.id}</a>', index), c.id


def test_each_map_lists_its_claims_with_their_pages(fixture_corpus):
    from argmap.pdf.printdoc import MapFigure, build_print

    fig = MapFigure("section-s-intro", "Map of intro", b"%PDF-1.5", 100, 50, nodes=("t-strong", "c-differ"),
                    outline="Claims shown: Alliances strong now (claim t-strong).")
    doc = build_print(fixture_corpus, PrintOptions(number_slots=2), [fig])
    key = re.search(r'<p class="map-key">(.*?)</p>', doc.html, re.S)
    assert key, "no key under the map"
    assert re.search(r'<a class="xref" href="#claim-t-strong">Alliances strong now</a><span class="pref">, p.&nbsp;'
                     r'<span class="pno" id="pno-\d+">00</span>', key.group(1))
    assert 'href="#claim-c-differ"' in key.group(1)
    assert 'alt="Map of intro. Claims shown: Alliances strong now (claim t-strong)."' in doc.html
