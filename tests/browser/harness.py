"""The browser tests' harness: the sites they browse, headless Chromium, and what a reader does.

Uses Debian's /usr/bin/chromium through Playwright (never `playwright install`). Each site is built
once per session (tests/site_build.py) and served on 127.0.0.1 at a random free port. The test
modules import the fixtures from here (``from harness import browser, page, sites``).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import pathlib
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest

TESTS = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TESTS))
from site_build import FIXTURE_CLAIMS, PAPER_CLAIMS, ROOT, build, write_xss_corpus  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
#: The size of the synthetic corpus (bench/corpus.py) the reading measures are also taken on.
BIG = 1000


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def handle(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the browser left before it loaded
            super().handle()


def serve(root: pathlib.Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


#: What the session fixtures made, shared by every test module that imports them (each module
#: that imports a fixture gets a fixture of its own; Playwright's sync API runs once per process).
_SHARED: dict[str, Any] = {}


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    if "sites" not in _SHARED:
        fixture = build("fixture", FIXTURE_CLAIMS, tmp_path_factory.mktemp("fixture-site"), pdf=True)
        tmp = tmp_path_factory.mktemp("xss-site")
        xss = build("xss", write_xss_corpus(tmp / "claims"), tmp, on_error="ignore")
        offline = build("offline", FIXTURE_CLAIMS, tmp_path_factory.mktemp("offline-site"), offline=True)
        paper = build("paper", PAPER_CLAIMS, tmp_path_factory.mktemp("paper-site"))
        _SHARED["sites"] = {"fixture": serve(fixture)[1], "xss": serve(xss)[1], "offline": offline.as_uri() + "/",
                            "paper": serve(paper)[1], "paper_dir": str(paper), "paper_claims": str(PAPER_CLAIMS)}
    return dict(_SHARED["sites"])  # the servers are daemon threads: they end with the session


@pytest.fixture(scope="session")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The site of the 1,000-claim synthetic corpus (bench/corpus.py), built once per session."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from corpus import generate
    finally:
        sys.path.pop(0)
    out = tmp_path_factory.mktemp("big-site")
    claims = pathlib.Path(generate(BIG, str(out / "gen")))
    site = build("big", claims, out)
    server, url = serve(site)
    yield {"url": url, "dir": str(site), "claims": str(claims)}
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if "browser" not in _SHARED:
        playwright_api = pytest.importorskip("playwright.sync_api")
        _SHARED["playwright"] = playwright_api.sync_playwright().start()
        _SHARED["browser"] = _SHARED["playwright"].chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield _SHARED["browser"]
    if "playwright" in _SHARED:  # the first module's fixture to end closes it, at the session's end
        _SHARED.pop("browser").close()
        _SHARED.pop("playwright").stop()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


def search(page: Any, base: str, query: str) -> list[str]:
    """Type ``query`` into the site's search box; the hrefs of the results."""
    page.goto(base)
    box = page.locator("input[data-md-component=search-query]")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box.fill(query)
    box.dispatch_event("input")
    box.press("End")  # Material reads the query on key events
    items = page.locator(".md-search-result__item a")
    items.first.wait_for()
    return [items.nth(i).get_attribute("href") or "" for i in range(items.count())]


def map_links(page: Any, part: str) -> list[Any]:
    """The links of the first map on the page (SVG links use xlink:href)."""
    links = page.locator("figure.am-map").first.locator("svg a").all()
    hrefs = [(a, a.get_attribute("xlink:href") or a.get_attribute("href")) for a in links]
    return [a for a, href in hrefs if href and part in href]


def most_connected(claims: str) -> str:
    """The claim most relations and evidence items touch (ties: the first id)."""
    from argmap.core.loader import load

    corpus = load(claims).corpus
    degree = dict.fromkeys(corpus.claims, 0)
    for rel in corpus.relations.values():
        for end in (rel.source, rel.target):
            if end in degree:
                degree[end] += 1
    return min(degree, key=lambda cid: (-degree[cid], cid))


def serious_violations(pg: Any, base: str, paths: Any, scheme: str) -> dict[str, list[Any]]:
    """axe's serious and critical violations on each page ``base + path``, opened in ``pg`` (whose
    colour scheme must be ``scheme``): path → (rule, impact, first three targets)."""
    from axe_playwright_python.sync_playwright import Axe

    bad: dict[str, list[Any]] = {}
    for path in paths:
        pg.goto(base + path)
        assert pg.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == (
            "slate" if scheme == "dark" else "default")
        found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                 for v in Axe().run(pg).response["violations"] if v["impact"] in ("serious", "critical")]
        if found:
            bad[path] = found
    return bad
