"""Each claim's label under the chosen semantics and why, on the claim page, in the PDF and on the
analysis page; and `argmap labels --semantics` for every semantics."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.cli import cli
from argmap.core.acceptance import SEMANTICS, summary
from argmap.core.analysis import analyse
from argmap.core.loader import load
from argmap.pdf.printdoc import PrintOptions, build_html
from argmap.website.pages import PageRenderer

JOGGING = Path(__file__).parent / "cases" / "valid" / "label-tests" / "claims"


@pytest.fixture(scope="module")
def jogging():  # the jogging example, shown under Carneades semantics
    corpus = load(str(JOGGING)).corpus
    assert corpus.paper is None
    from argmap.core.model import Paper

    return dataclasses.replace(corpus, paper=Paper("paper", "Jogging", ("jog",), ("s1",), semantics="carneades"))


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_claim_page_says_label_and_why(jogging) -> None:
    r = PageRenderer(jogging, analyse(jogging))
    page = _text(r.claim_page(jogging.claims["no-jog"]))
    assert "Under carneades semantics this claim is out ." in page
    assert "Defeated by: argument a3 from rain It is raining. , hot It is hot. ." in page
    page = _text(r.claim_page(jogging.claims["jog"]))
    assert "this claim is in . Carried by: argument a3 from rain" in page
    assert "as an assumption" in _text(r.claim_page(jogging.claims["rain"]))


def test_grounded_page_explains_asserted_claims(fixture_corpus) -> None:
    r = PageRenderer(fixture_corpus, analyse(fixture_corpus))
    page = _text(r.claim_page(fixture_corpus.claims["c-south-threat"]))
    assert "Under grounded semantics this claim is out . Defeated by:" in page
    assert "ev-poll" in page.split("Defeated by:")[1][:200]


def test_analysis_page_counts_and_differences(jogging) -> None:
    page = PageRenderer(jogging, analyse(jogging)).render("analysis.md.j2", "analysis.md")
    table = _text(page[page.index("## Labels under each semantics"):])
    assert "carneades (shown) 3 1 0" in table and "grounded 4 0 0" in table and "preferred 4 0 0" in table
    assert "no-jog Do not go jogging. in in in in out" in table


def test_pdf_shows_label_and_why(jogging) -> None:
    html = build_html(jogging, PrintOptions(build_date=dt.date(2023, 11, 14), created="2023-11-14T22:13:20Z"))
    m = re.search(r'<article class="[^"]*" id="claim-no-jog">(.*?)</article>', html, re.S)
    assert m
    text = _text(m.group(1))
    assert "carneades: out defeated by argument a3" in text


def test_summary_lists_every_semantics(jogging) -> None:
    s = summary(jogging)
    assert s.chosen == "carneades" and [n for n, _ in s.counts] == list(SEMANTICS)
    assert s.differing == (("no-jog", ("in", "in", "in", "in", "out")),)


@pytest.mark.parametrize("semantics", SEMANTICS)
def test_labels_command_for_every_semantics(semantics: str) -> None:
    result = CliRunner().invoke(cli, ["labels", "--claims", str(JOGGING), "--semantics", semantics,
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    labels = json.loads(result.stdout)
    assert labels["no-jog"] == ("out" if semantics == "carneades" else "in")
    assert labels["jog"] == "in"


def test_labels_why() -> None:
    result = CliRunner().invoke(cli, ["labels", "--claims", str(JOGGING), "--semantics", "carneades", "--why"])
    assert result.exit_code == 0
    assert "no-jog\tout\tcarried by: -\tdefeated by: a3" in result.stdout
    assert "rain\tin\tassumed carried by: -\tdefeated by: -" in result.stdout
