"""Bibliography entries (argmap.core.cite): names joined, dates, order, on a table of CSL items."""

from __future__ import annotations

import re

import pytest

from argmap.core.cite import authors, first_creator, format_item, sort_key


def _text(markup: object) -> str:
    return re.sub(r"<[^>]+>", "", str(markup))


@pytest.mark.parametrize(("people", "expected"), [
    ([{"family": "Doe", "given": "Jane"}], "Doe, Jane"),
    ([{"family": "Friedhoff"}, {"family": "Smeltz"}], "Friedhoff and Smeltz"),
    ([{"family": "Doe", "given": "Jane"}, {"family": "Roe", "given": "Max"}], "Doe, Jane, and Max Roe"),
    ([{"family": "Doe", "given": "Jane"}, {"family": "Roe", "given": "Max"}, {"family": "Poe", "given": "Ann"}],
     "Doe, Jane, Max Roe, and Ann Poe"),
    ([{"literal": "Pew Research Center"}], "Pew Research Center"),
    ([{"literal": "Asan Institute"}, {"literal": "Genron NPO"}], "Asan Institute and Genron NPO"),
    ([], ""),
])
def test_names_are_joined_as_a_bibliography_joins_them(people, expected):
    assert authors({"author": people}) == expected


def test_editors_are_named_when_there_is_no_author():
    assert authors({"editor": [{"family": "Doe", "given": "J"}]}) == "Doe, J (ed.)"
    assert authors({"editor": [{"family": "Doe"}, {"family": "Roe"}]}) == "Doe and Roe (eds.)"


@pytest.mark.parametrize(("csl", "expected"), [
    ({"type": "book", "title": "Alliances", "author": [{"family": "Doe", "given": "Jane"}],
      "issued": {"date-parts": [[2015]]}, "publisher": "P"},
     "Doe, Jane. 2015. Alliances. P."),
    # no creator: the title leads, "n.d." once (never "n.d..")
    ({"type": "webpage", "title": "2009 North Korean nuclear test", "container-title": "Wikipedia"},
     "2009 North Korean nuclear test. n.d. In Wikipedia."),
    ({"type": "report", "title": "Strong Alliances", "author": [{"family": "Friedhoff"}, {"family": "Smeltz"}],
      "issued": "2015-10-20"},
     "Friedhoff and Smeltz. 2015. “Strong Alliances”."),
    ({"type": "article-journal", "title": "T.", "author": [{"family": "A"}], "container-title": "J",
      "volume": 3, "page": "1-9"},
     "A. n.d. “T”. In J. 3, pp. 1-9."),
])
def test_entries(csl, expected):
    text = _text(format_item(csl)).replace("<em>", "")
    assert " ".join(text.split()) == expected
    assert "n.d.." not in text


def test_bibliography_order_is_first_creator_else_title():
    items = {
        "wiki": {"title": "2009 North Korean nuclear test"},
        "bracket": {"title": "[Hatoyama says he won't relocate]"},
        "the": {"title": "The Zeitgeist"},
        "pew": {"title": "Global attitudes", "author": [{"literal": "Pew Research Center"}], "issued": "2014"},
        "doe15": {"title": "B", "author": [{"family": "Doe", "given": "Jane"}], "issued": "2015"},
        "doe14": {"title": "Z", "author": [{"family": "Doe", "given": "Jane"}], "issued": "2014"},
        "abe": {"title": "Y", "author": [{"family": "Abe"}], "issued": "2020"},
    }
    order = sorted(items, key=lambda k: sort_key(items[k]))
    assert order == ["wiki", "abe", "doe14", "doe15", "bracket", "pew", "the"]


def test_first_creator_for_short_citations():
    assert first_creator({"author": [{"family": "Doe", "given": "Jane"}, {"family": "Roe"}]}) == "Doe"
    assert first_creator({"author": [{"literal": "Pew Research Center"}]}) == "Pew Research Center"
    assert first_creator({"title": "x"}) == ""
