"""Pages as a reader sees them (#15), measured in headless Chromium on the paper's site and on the
site of the 1,000-claim synthetic corpus: the most connected claim's page height and widest text
column at 1366 and 390 px, no sideways scrolling on a phone on any generated page type, map labels
at least 11 CSS px as shown, and axe with no serious or critical violation, light and dark.

The figures are printed (``pytest -s``) beside the bounds they are held to.
"""

from __future__ import annotations

import pathlib
from typing import Any

import pytest
from harness import BIG, CHROMIUM, big_site, browser, most_connected, serious_violations, sites

pytestmark = [pytest.mark.browser, pytest.mark.slow]
pytest.importorskip("playwright.sync_api")
if not pathlib.Path(CHROMIUM).exists():
    pytest.skip("headless Chromium (/usr/bin/chromium) is not installed", allow_module_level=True)
__all__ = ["big_site", "browser", "sites"]  # fixtures

#: One page of each generated type (and the home and 404 pages), by site. The paper has no actor
#: pages of its own: actors, dimensions and levels are listed on the tags page.
PAGE_TYPES = {
    "paper": ("", "sections/alliance-management/", "claims/{claim}/", "evidence/", "sources/", "comparison/",
              "analysis/", "tags/", "downloads/", "404.html"),
    "big": ("", "sections/s0000/", "claims/{claim}/", "evidence/", "sources/", "comparison/", "analysis/",
            "tags/", "downloads/", "404.html"),
}

#: The page's height, its widest block of text in the article, and whether it has a table.
_MEASURE = """() => { let widest = 0;
  for (const el of document.querySelectorAll('article p, article li, article dd, article td')) {
    if (el.closest('figure.am-map') || !el.textContent.trim()) continue;
    widest = Math.max(widest, el.getBoundingClientRect().width); }
  return {height: document.documentElement.scrollHeight, widest: Math.round(widest),
          tables: document.querySelectorAll('article table').length}; }"""

#: What scrolls sideways: the page itself, or any box of it other than a map's pan-and-zoom frame.
_SIDEWAYS = """() => { const out = [];
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth)
    out.push(['page', document.documentElement.scrollWidth]);
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('.panzoom-box') || e.clientWidth === 0) continue;
    const ox = getComputedStyle(e).overflowX;
    if ((ox === 'auto' || ox === 'scroll') && e.scrollWidth > e.clientWidth + 1)
      out.push([e.tagName.toLowerCase() + '.' + e.className, e.scrollWidth, (e.textContent || '').trim().slice(0, 40)]);
  }
  return out; }"""

#: The smallest map label on the page as drawn (CSS px), and whether its map opens full screen.
_LABELS = """() => { let smallest = null;
  for (const t of document.querySelectorAll('figure.am-map svg text')) {
    const m = t.getScreenCTM();
    const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    smallest = smallest === null ? px : Math.min(smallest, px); }
  return smallest; }"""


#: Bounds: before #15 the paper's best-evidenced claim page was 14,941 px tall at 1366 and 16,512 at 390.
_HEIGHT = {1366: 6_000, 390: 9_000}
#: Material's content column is 688 px wide at 1366; at 390 it is the screen less its margins.
_WIDEST = {1366: 600, 390: 340}


def _site(name: str, sites: dict[str, str], big_site: dict[str, str]) -> tuple[str, str, str]:
    """(base URL, site folder, claims folder) of ``paper`` or ``big``."""
    if name == "paper":
        return sites["paper"], sites["paper_dir"], sites["paper_claims"]
    return big_site["url"], big_site["dir"], big_site["claims"]


def _pages(name: str, claims: str) -> list[str]:
    claim = most_connected(claims)
    return [p.format(claim=claim) for p in PAGE_TYPES[name]]


@pytest.fixture(params=["paper", "big"])
def site(request: pytest.FixtureRequest) -> tuple[str, str, str, str]:
    """Each site in turn: (name, base URL, site folder, claims folder)."""
    if request.param == "big":
        return ("big", *_site("big", {}, request.getfixturevalue("big_site")))
    return ("paper", *_site("paper", request.getfixturevalue("sites"), {}))


@pytest.mark.parametrize("width", [1366, 390])
def test_the_most_connected_claim_reads_as_entries(browser: Any, site: tuple[str, str, str, str], width: int) -> None:
    name, base, _, claims = site
    claim = most_connected(claims)
    context = browser.new_context(viewport={"width": width, "height": 844})
    pg = context.new_page()
    pg.goto(base + f"claims/{claim}/")
    got = pg.evaluate(_MEASURE)
    map_top = pg.locator("figure.am-map").first.bounding_box()["y"]
    context.close()
    print(f"\n{name}: {claim} at {width} px: height {got['height']} px (bound {_HEIGHT[width]}), "
          f"widest text column {got['widest']} px (bound >= {_WIDEST[width]}), tables {got['tables']}")
    assert got["tables"] == 0
    assert got["widest"] >= _WIDEST[width], got  # text runs the width of the column, not a table cell's
    assert got["height"] < _HEIGHT[width], got
    assert map_top < 844 * 1.5  # the map near the top



def test_no_page_type_scrolls_sideways_on_a_phone(browser: Any, site: tuple[str, str, str, str]) -> None:
    name, base, _, claims = site
    context = browser.new_context(viewport={"width": 390, "height": 844})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    wide = {}
    for path in _pages(name, claims):
        pg.goto(base + path)
        found = pg.evaluate(_SIDEWAYS)
        if found:
            wide[path] = found
    context.close()
    assert not wide, wide


@pytest.mark.parametrize("width", [1366, 390])
def test_map_labels_are_legible_as_shown(browser: Any, site: tuple[str, str, str, str], width: int) -> None:
    """Every map on the home page, each section page and a spread of claim pages: its smallest label
    is at least 11 CSS px at the size the page shows it, before any zooming."""
    name, base, folder, claims = site
    root = pathlib.Path(folder)
    sections = sorted(f"sections/{p.parent.name}/" for p in root.glob("sections/*/index.html"))
    every = sorted(p.parent.name for p in root.glob("claims/*/index.html"))
    spread = sorted({most_connected(claims), *every[:: max(1, len(every) // 20)]})
    paths = ["", "comparison/", *sections, *(f"claims/{c}/" for c in spread)]
    context = browser.new_context(viewport={"width": width, "height": 844})
    pg = context.new_page()
    smallest: dict[str, float] = {}
    for path in paths:
        pg.goto(base + path)
        px = pg.evaluate(_LABELS)
        if px is not None:
            smallest[path] = px
    context.close()
    assert len(smallest) >= len(sections) + len(spread) // 2, smallest
    print(f"\n{name} at {width} px: smallest map label {min(smallest.values()):.2f} px over {len(smallest)} maps")
    small = {p: round(px, 2) for p, px in smallest.items() if px < 11 - 1e-6}
    assert not small, small


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation_on_any_page_type_of_the_big_corpus(
        browser: Any, big_site: dict[str, str], scheme: str) -> None:
    """axe on one page of each generated type of the 1,000-claim site (the paper's site has its own test)."""
    context = browser.new_context(viewport={"width": 1366, "height": 844}, color_scheme=scheme)
    pg = context.new_page()
    pg.set_default_timeout(120_000)
    bad = serious_violations(pg, big_site["url"], _pages("big", big_site["claims"]), scheme)
    context.close()
    assert not bad, bad


def test_the_big_corpus_has_a_page_of_every_type(big_site: dict[str, str]) -> None:
    root = pathlib.Path(big_site["dir"])
    assert len(list(root.glob("claims/*/index.html"))) == BIG
    for path in _pages("big", big_site["claims"]):
        assert (root / path if path.endswith(".html") else root / path / "index.html").is_file(), path
