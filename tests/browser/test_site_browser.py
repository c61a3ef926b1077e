"""The built website in headless Chromium: search, map links, keyboard, accessibility, offline, XSS.

The sites, the browser and what a reader does are in harness.py; the reading measures (#15) are in
test_site_reading.py.
"""

from __future__ import annotations

import pathlib
import re
import shutil
from urllib.parse import urlparse

import pytest
from harness import CHROMIUM, browser, map_links, page, search, serious_violations, sites

PAGES = ("", "sections/s-threats/", "claims/c-gap/", "claims/c-dual/", "comparison/", "evidence/", "sources/",
         "analysis/", "tags/", "downloads/", "how-to-read-a-map/")

pytestmark = [pytest.mark.browser, pytest.mark.slow]
playwright_api = pytest.importorskip("playwright.sync_api")
if not shutil.which(CHROMIUM):
    pytest.skip("headless Chromium (/usr/bin/chromium) is not installed", allow_module_level=True)
__all__ = ["browser", "page", "sites"]  # fixtures
_search, _map_links = search, map_links


@pytest.mark.parametrize("query", ["Elites", "c-gap", "日本語", "한국어"])
def test_search_finds_a_claim(page: object, sites: dict[str, str], query: str) -> None:
    hrefs = _search(page, sites["fixture"], query)
    assert any("claims/c-gap/" in h for h in hrefs), hrefs


def test_clicking_a_map_node_opens_its_claim(page: object, sites: dict[str, str]) -> None:
    page.goto(sites["fixture"])  # type: ignore[attr-defined]
    node = _map_links(page, "claims/")[0]
    href = node.get_attribute("xlink:href") or node.get_attribute("href")
    assert href
    node.click()
    page.wait_for_url("**/claims/**")  # type: ignore[attr-defined]
    claim = href.strip("/").split("/")[-1]
    assert f"/claims/{claim}/" in page.url  # type: ignore[attr-defined]
    assert claim in page.locator("h1").first.inner_text()  # type: ignore[attr-defined]


def test_pages_have_no_console_error_and_no_foreign_request(page: object, sites: dict[str, str]) -> None:
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: errors.append(str(e)))  # type: ignore[attr-defined]
    page.on("request", lambda r: foreign.append(r.url)  # type: ignore[attr-defined]
            if urlparse(r.url).hostname not in ("127.0.0.1", None) and not r.url.startswith("data:") else None)
    for path in PAGES:
        page.goto(sites["fixture"] + path)  # type: ignore[attr-defined]
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert not errors, errors
    assert not foreign, foreign


def test_alias_redirects_to_the_claim(page: object, sites: dict[str, str]) -> None:
    page.goto(sites["fixture"] + "claims/old-thesis/")  # type: ignore[attr-defined]
    page.wait_for_url("**/claims/t-strong/")  # type: ignore[attr-defined]


def test_keyboard_reaches_every_map_node(page: object, sites: dict[str, str]) -> None:
    page.goto(sites["fixture"] + "sections/s-threats/")  # type: ignore[attr-defined]
    wanted = {a.get_attribute("xlink:href") or a.get_attribute("href") for a in _map_links(page, "")}
    assert wanted
    reached: set[str] = set()
    for _ in range(400):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        href = page.evaluate(  # type: ignore[attr-defined]
            "() => { const a = document.activeElement;"
            " return a && a.closest('figure.am-map')"
            " ? (a.getAttribute('xlink:href') || a.getAttribute('href')) : null; }")
        if href:
            reached.add(href)
        if wanted <= reached:
            break
    assert wanted <= reached, wanted - reached


@pytest.mark.parametrize("path", ["", "sections/s-threats/", "claims/c-gap/", "comparison/"])
def test_no_serious_accessibility_violation(page: object, sites: dict[str, str], path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(sites["fixture"] + path)  # type: ignore[attr-defined]
    results = Axe().run(page)
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
           if v["impact"] in ("serious", "critical")]
    assert not bad, bad


def test_offline_build_works_from_file_urls(page: object, sites: dict[str, str]) -> None:
    base = sites["offline"]
    hrefs = _search(page, base + "index.html", "Elites")
    assert any("claims/c-gap.html" in h for h in hrefs), hrefs
    page.goto(base + "index.html")  # type: ignore[attr-defined]
    _map_links(page, "claims/")[0].click()
    page.wait_for_url("**/claims/*.html")  # type: ignore[attr-defined]
    assert page.locator(".am-claim-text").count() == 1  # type: ignore[attr-defined]


def test_no_payload_runs(page: object, sites: dict[str, str]) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    for path in ("", "sections/s-one/", "sections/s-two/", "claims/c-one/", "claims/c-two/", "claims/c-three/",
                 "evidence/", "sources/", "comparison/", "analysis/", "tags/", "downloads/"):
        page.goto(sites["xss"] + path)  # type: ignore[attr-defined]
        for d in page.locator("details").all():  # type: ignore[attr-defined]
            d.evaluate("el => el.open = true")
        for a in page.locator("article a").all()[:40]:  # type: ignore[attr-defined]
            a.hover(timeout=1000, force=True)
        assert page.evaluate("() => window.__xss") is None, path  # type: ignore[attr-defined]
        assert re.search(r"P\d+ ", page.content()) or path in ("tags/", "downloads/"), path  # type: ignore[attr-defined]
    _search(page, sites["xss"], "script")
    assert page.evaluate("() => window.__xss") is None  # type: ignore[attr-defined]
    assert not dialogs, dialogs


def _ready_map(page: object, url: str) -> object:
    """The first map's canvas, once the pan-and-zoom script has taken it over."""
    page.goto(url)  # type: ignore[attr-defined]
    page.wait_for_function("() => { const c = document.querySelector('figure.am-map .am-map-canvas');"  # type: ignore[attr-defined]
                           " return c && c.dataset.zoom === 'true'; }")
    canvas = page.locator("figure.am-map .am-map-canvas").first  # type: ignore[attr-defined]
    canvas.scroll_into_view_if_needed()
    return canvas


def _settled_scroll(page: object) -> float:
    """The page's scroll position once it has stopped moving for ten frames in a row.

    A wheel scrolls the page smoothly over several frames, and more of them on a loaded machine:
    a click aimed while the page still moves can land beside its target.
    """
    return page.evaluate("() => new Promise(done => { let last = window.scrollY, still = 0;"  # type: ignore[attr-defined,no-any-return]
                         " const step = () => { const y = window.scrollY;"
                         " still = y === last ? still + 1 : 0; last = y;"
                         " still >= 10 ? done(y) : requestAnimationFrame(step); };"
                         " requestAnimationFrame(step); })")


def _transform(canvas: object) -> str:
    return canvas.evaluate("e => getComputedStyle(e).transform")  # type: ignore[attr-defined,no-any-return]


def _frames(page: object, n: int = 90) -> None:
    """Let ``n`` animation frames pass (a drag's inertia runs for about two seconds of frames)."""
    page.evaluate("n => new Promise(done => { let i = 0;"  # type: ignore[attr-defined]
                  " const step = () => ++i >= n ? done(null) : requestAnimationFrame(step);"
                  " requestAnimationFrame(step); })", n)


#: The map's transform and where its drawing is in the frame (CSS px), as the reader sees it.
_VIEW = """f => { const c = f.querySelector('.am-map-canvas'), box = f.querySelector('.panzoom-box');
  const s = c.querySelector('svg').getBoundingClientRect(), b = box.getBoundingClientRect();
  return [getComputedStyle(c).transform, Math.round(s.left - b.left), Math.round(s.top - b.top),
          Math.round(s.width)]; }"""


@pytest.mark.parametrize("path", ["claims/c-gap/", "sections/s-threats/", ""])
def test_alt_wheel_drag_reset_full_screen_and_help_work_on_a_map(page: object, sites: dict[str, str],
                                                                 path: str) -> None:
    canvas = _ready_map(page, sites["fixture"] + path)
    figure = page.locator("figure.am-map").first  # type: ignore[attr-defined]
    frame = figure.locator(".panzoom-box")
    start = figure.evaluate(_VIEW)
    assert start[0] in ("none", "matrix(1, 0, 0, 1, 0, 0)"), start
    box = canvas.bounding_box()  # type: ignore[attr-defined]
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 150))  # type: ignore[attr-defined]
    before = page.evaluate("() => window.scrollY")  # type: ignore[attr-defined]
    page.mouse.wheel(0, -300)  # type: ignore[attr-defined]
    after = _settled_scroll(page)
    assert _transform(canvas) == start[0], "a wheel without Alt must scroll the page, not zoom the map"
    assert after < before or before == 0, f"the page did not scroll: {before} -> {after}"
    canvas.scroll_into_view_if_needed()  # type: ignore[attr-defined]
    _settled_scroll(page)
    start = figure.evaluate(_VIEW)  # the page has scrolled: the map's place in its frame has not
    box = canvas.bounding_box()  # type: ignore[attr-defined]
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # type: ignore[attr-defined]
    page.keyboard.down("Alt")  # type: ignore[attr-defined]
    page.mouse.wheel(0, -300)  # type: ignore[attr-defined]
    page.wait_for_function("([e, t]) => getComputedStyle(e).transform !== t",  # type: ignore[attr-defined]
                           arg=[canvas.element_handle(), start[0]])  # type: ignore[attr-defined]
    zoomed = _transform(canvas)
    assert float(zoomed.split("(")[1].split(",")[0]) > 1, zoomed
    # Alt+drag pans the map, and reset (pressed while the drag's inertia still runs) returns it
    # exactly to its opening view: the same transform (translate and scale) and the same place.
    area = frame.bounding_box()
    x, y = area["x"] + area["width"] / 3, area["y"] + area["height"] / 2
    page.mouse.move(x, y)  # type: ignore[attr-defined]
    page.mouse.down()  # type: ignore[attr-defined]
    page.mouse.move(x + 80, y + 40, steps=5)  # type: ignore[attr-defined]
    page.mouse.up()  # type: ignore[attr-defined]
    page.keyboard.up("Alt")  # type: ignore[attr-defined]
    page.wait_for_function("([e, t]) => getComputedStyle(e).transform !== t",  # type: ignore[attr-defined]
                           arg=[canvas.element_handle(), zoomed])  # type: ignore[attr-defined]
    frame.locator(".panzoom-reset").click()
    _frames(page, 2)  # the pan-zoom script applies each change to the page at the next frame
    assert figure.evaluate(_VIEW) == start
    _frames(page)
    assert figure.evaluate(_VIEW) == start, "the drag's inertia went on after the reset"
    # Reset after a plain Alt+drag (no zoom) too.
    page.keyboard.down("Alt")  # type: ignore[attr-defined]
    page.mouse.move(x, y)  # type: ignore[attr-defined]
    page.mouse.down()  # type: ignore[attr-defined]
    page.mouse.move(x - 70, y - 30, steps=5)  # type: ignore[attr-defined]
    page.mouse.up()  # type: ignore[attr-defined]
    page.keyboard.up("Alt")  # type: ignore[attr-defined]
    _frames(page, 10)
    assert figure.evaluate(_VIEW)[0] != start[0]
    frame.locator(".panzoom-reset").click()
    _frames(page)
    assert figure.evaluate(_VIEW) == start
    frame.locator(".panzoom-max").click()
    size = page.viewport_size  # type: ignore[attr-defined]
    full = frame.bounding_box()
    assert "panzoom-fullscreen" in (frame.get_attribute("class") or "")
    assert (full["width"], full["height"]) == (size["width"], size["height"]), full
    frame.locator(".panzoom-min").click()
    assert "panzoom-fullscreen" not in (frame.get_attribute("class") or "")
    canvas.scroll_into_view_if_needed()  # type: ignore[attr-defined]
    _frames(page, 2)
    assert figure.evaluate(_VIEW) == start
    frame.locator(".panzoom-info").click()
    assert frame.locator(".panzoom-info-box").is_visible()
    assert "Alt" in frame.locator(".panzoom-info-box").inner_text()


#: Where each map's subject is, the reader's view of it, and the smallest label drawn (CSS px).
_MAP_VIEW = """f => { const box = f.querySelector('.panzoom-box').getBoundingClientRect();
  const focus = f.querySelector('.am-focus');
  const r = focus ? focus.getBoundingClientRect() : null;
  let smallest = 1e9;
  for (const t of f.querySelectorAll('svg text')) {
    const m = t.getScreenCTM();
    smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b));
  }
  return {frame: [box.left, box.top, box.right, box.bottom], focus: r && [r.left, r.top, r.right, r.bottom],
          smallest}; }"""


@pytest.mark.parametrize("width", [1366, 390])
def test_every_claim_map_opens_on_its_claim_at_a_legible_size(browser: object, sites: dict[str, str],
                                                              width: int) -> None:
    claims = sorted(p.parent.name for p in pathlib.Path(sites["paper_dir"], "claims").glob("*/index.html")
                    if "am-map-canvas" in p.read_text(encoding="utf-8"))
    assert len(claims) > 30, claims
    context = browser.new_context(viewport={"width": width, "height": 844})  # type: ignore[attr-defined]
    pg = context.new_page()
    bad = []
    for cid in claims:
        pg.goto(sites["paper"] + f"claims/{cid}/")
        figure = pg.locator("figure.am-map").first
        figure.scroll_into_view_if_needed()
        view = figure.evaluate(_MAP_VIEW)
        f, n = view["frame"], view["focus"]
        inside = n is not None and f[0] <= n[0] and n[2] <= f[2] and f[1] <= n[1] and n[3] <= f[3]
        if not inside or view["smallest"] < 11 - 1e-6:
            bad.append((cid, view))
    context.close()
    assert not bad, bad


def test_section_maps_open_on_their_own_section(page: object, sites: dict[str, str]) -> None:
    for path in sorted(pathlib.Path(sites["paper_dir"], "sections").glob("*/index.html")):
        sid = path.parent.name
        page.goto(sites["paper"] + f"sections/{sid}/")  # type: ignore[attr-defined]
        figure = page.locator("figure.am-map").first  # type: ignore[attr-defined]
        figure.scroll_into_view_if_needed()
        shown = figure.evaluate(  # the section's own nodes whose box is in the frame
            """f => { const box = f.querySelector('.panzoom-box').getBoundingClientRect(); let n = 0;
              for (const g of f.querySelectorAll('g.am-node:not(.am-faded)')) { const r = g.getBoundingClientRect();
                if (r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom) n++; }
              return n; }""")
        assert shown >= 1, sid


@pytest.mark.parametrize(("query", "actor"), [("中国", "china"), ("중국", "china"), ("北朝鮮", "north-korea"),
                                             ("북한", "north-korea")])
def test_japanese_and_korean_names_find_the_actors_claims(page: object, sites: dict[str, str], query: str,
                                                          actor: str) -> None:
    from argmap.core.loader import load

    corpus = load(sites["paper_claims"]).corpus
    wanted = {cid for cid, c in corpus.claims.items() if actor in c.actors}
    hrefs = _search(page, sites["paper"], query)
    found = {h.split("claims/")[1].split("/")[0] for h in hrefs if "/claims/" in h}
    assert len(found) >= 3 and found <= wanted, (found - wanted, hrefs)


@pytest.mark.parametrize(("query", "field", "term"), [("脅威", "dimension", "strategic"),
                                                    ("위협", "dimension", "strategic"),
                                                    ("歴史認識", "dimension", "identity"),
                                                    ("국민", "level", "public")])
def test_japanese_and_korean_names_find_the_dimensions_and_levels_claims(page: object, sites: dict[str, str],
                                                                         query: str, field: str, term: str) -> None:
    """脅威 / 위협 ("threat") are names of the strategic dimension in vocabulary.yml: they find its claims."""
    from argmap.core.loader import load

    corpus = load(sites["paper_claims"]).corpus
    assert query in getattr(corpus.vocabulary, field + "s")[term].alt_labels
    wanted = {cid for cid, c in corpus.claims.items() if getattr(c, field) == term}
    hrefs = _search(page, sites["paper"], query)
    found = {h.split("claims/")[1].split("/")[0] for h in hrefs if "/claims/" in h}
    assert len(found) >= 3 and found <= wanted, (found - wanted, hrefs)


def test_make_site_offline_as_the_readme_gives_it_browses_from_file_urls_with_the_network_off(
        browser: object) -> None:
    import subprocess

    root = pathlib.Path(__file__).resolve().parent.parent.parent
    assert "`make site-offline` builds a copy that browses from `file://`" in (root / "README.md").read_text(
        encoding="utf-8")
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("ARGMAP_")}
    proc = subprocess.run(["make", "site-offline"], cwd=root, env={**env, "NO_MKDOCS_2_WARNING": "1"},
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    site = root / "site-offline"
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    outside: list[str] = []

    def block(route: object) -> None:
        outside.append(route.request.url)  # type: ignore[attr-defined]
        route.abort()  # type: ignore[attr-defined]
    context.route(re.compile(r"^(?!file:|data:|blob:|about:)"), block)
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    hrefs = _search(pg, (site / "index.html").as_uri(), "China")
    assert any(h.startswith("file:") and "/claims/" in h and h.split("?")[0].endswith(".html") for h in hrefs), hrefs
    pg.goto((site / "index.html").as_uri())
    _map_links(pg, "claims/")[0].click()
    pg.wait_for_url("**/claims/*.html")
    assert pg.locator(".am-claim-text").count() == 1
    for path in ("sections/introduction.html", "evidence.html", "comparison.html", "404.html"):
        pg.goto((site / path).as_uri())
        pg.wait_for_load_state("load")
    context.close()
    assert not outside, outside
    assert not errors, errors


#: One page of each generated type (and the hand-written home page) on the paper's site.
PAPER_PAGES = ("", "sections/alliance-management/", "claims/elite-public-identity-gap/", "evidence/", "sources/",
               "comparison/", "analysis/", "tags/", "downloads/", "404.html")


@pytest.mark.parametrize("width", [1366, 390])
def test_the_most_connected_claim_page_reads_as_entries(browser: object, sites: dict[str, str], width: int) -> None:
    """Measured: page height and the widest text column (tables are gone from the claim page)."""
    context = browser.new_context(viewport={"width": width, "height": 844})  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.goto(sites["paper"] + "claims/elite-public-identity-gap/")
    height = pg.evaluate("() => document.documentElement.scrollHeight")
    tables = pg.locator("article table").count()
    entries = pg.locator("article .am-entries > li").count()
    map_top = pg.locator("figure.am-map").first.bounding_box()["y"]
    evidence_top = pg.locator("article .am-evidence").first.bounding_box()["y"]
    context.close()
    print(f"elite-public-identity-gap at {width}px: height {height}px, {entries} evidence entries")
    assert tables == 0 and entries >= 10
    assert map_top < evidence_top  # the map near the top, before the evidence
    assert height < {1366: 6_000, 390: 9_000}[width], height  # before: 14,941 and 16,512 px


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation_on_any_page_type(browser: object, sites: dict[str, str],
                                                             scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)  # type: ignore[attr-defined]
    pg = context.new_page()
    bad = serious_violations(pg, sites["paper"], PAPER_PAGES, scheme)
    context.close()
    assert not bad, bad


#: Text drawn straight on a map's canvas (no box of its own behind it): its colour against the page's.
_CANVAS_TEXT_CONTRAST = """() => {
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => {
    const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const main = getComputedStyle(document.querySelector('.md-main')).backgroundColor;
  const bg = rgb(main === 'rgba(0, 0, 0, 0)' ? getComputedStyle(document.body).backgroundColor : main);
  const out = [];
  for (const t of document.querySelectorAll('figure.am-map svg text')) {
    const g = t.closest('g.node, g.edge, g.cluster');
    if (!g) continue;
    const boxed = g.matches('.node') && [...g.querySelectorAll('polygon, path, ellipse')].some(
      s => !['none', 'transparent'].includes(s.getAttribute('fill') || 'none')
           && getComputedStyle(s).fill !== 'rgba(0, 0, 0, 0)');
    if (boxed) continue;
    const fg = rgb(getComputedStyle(t).fill);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    out.push([t.textContent, (a + 0.05) / (b + 0.05)]);
  }
  return out; }"""


@pytest.mark.parametrize("path", ["comparison/", "", "sections/introduction/"])
def test_map_text_on_the_canvas_has_contrast_in_dark_mode(browser: object, sites: dict[str, str], path: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.goto(sites["paper"] + path)
    ratios = pg.evaluate(_CANVAS_TEXT_CONTRAST)
    context.close()
    assert ratios, path
    low = [(text, round(ratio, 2)) for text, ratio in ratios if ratio < 4.5]
    assert not low, low


def test_no_request_leaves_the_machine_on_any_page(browser: object, sites: dict[str, str]) -> None:
    root = pathlib.Path(sites["paper_dir"])
    paths = sorted(str(p.relative_to(root).parent) + "/" for p in root.rglob("index.html"))
    paths = [p.lstrip("./") if p != "./" else "" for p in paths] + ["404.html"]
    assert len(paths) > 50 and "404.html" in paths
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    outside: list[tuple[str, str]] = []
    errors: list[tuple[str, str]] = []
    current = [""]

    def watch(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if urlparse(url).hostname != "127.0.0.1":
            outside.append((current[0], url))
            route.abort()  # type: ignore[attr-defined]
        else:
            route.continue_()  # type: ignore[attr-defined]
    context.route(re.compile(r"^(?!data:|blob:|about:)"), watch)
    pg = context.new_page()
    pg.on("pageerror", lambda e: errors.append((current[0], str(e))))
    for path in paths:
        current[0] = path
        pg.goto(sites["paper"] + path)
        pg.wait_for_load_state("networkidle")
    context.close()
    assert not outside, outside
    assert not errors, errors
