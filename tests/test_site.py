"""The website: analysis, page rendering, the MkDocs plugin's build, and XSS safety of the output."""

from __future__ import annotations

import dataclasses
import html.parser
import json
import pathlib
import re
import shutil

import pytest

from argmap.core.analysis import analyse, contested, section_coverage, unsupported
from argmap.core.cite import format_item
from argmap.core.model import Corpus
from argmap.pipeline import build_site
from argmap.website.pages import PageRenderer, SiteOptions, Urls, safe_title
from site_build import FIXTURE_CLAIMS, PAYLOADS, REPOSITORY, build, write_xss_corpus

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


# -- analysis --------------------------------------------------------------------------------

def test_analysis_of_fixture(fixture_corpus: Corpus) -> None:
    a = analyse(fixture_corpus)
    assert a.counts.claims == len(fixture_corpus.claims)
    assert a.counts.stated + a.counts.reconstructed == a.counts.claims
    assert a.counts.evidence_paper == 1 and a.counts.evidence_context == 1
    assert contested(fixture_corpus) == ["c-south-threat", "t-strong"]  # attacked; its support undercut
    assert "c-method" not in unsupported(fixture_corpus)  # method statements need no support
    assert "c-north-threat" not in unsupported(fixture_corpus)
    cov = {c.section: c for c in section_coverage(fixture_corpus)}
    assert cov["s-threats"].with_evidence == 3 and cov["s-unread"].topics_open == 2
    assert [c.section for c in a.coverage] == ["s-intro", "s-threats", "s-unread"]


# -- helpers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("dir_urls,src,target,expected", [
    (True, "claims/a.md", "claims/b.md", "../../claims/b/"),
    (True, "index.md", "claims/b.md", "claims/b/"),
    (True, "claims/a.md", "index.md", "../../"),
    (True, "index.md", "index.md", "./"),
    (False, "claims/a.md", "claims/b.md", "../claims/b.html"),
    (False, "index.md", "evidence.md", "evidence.html"),
    (False, "claims/a.md", "index.md", "../index.html"),
])
def test_relative_urls(dir_urls: bool, src: str, target: str, expected: str) -> None:
    assert Urls(dir_urls).href(src, target) == expected


@pytest.mark.parametrize("text,expected", [
    ("Introduction & \"roadmap\"", "Introduction ＆ ”roadmap”"),
    ("</title><script>x</script>", "‹/title›‹script›x‹/script›"),
    ("{{ 7+7 }}", "｛｛ 7+7 ｝｝"),
    ("*Emphasis* and [a link](https://x.org)", "Emphasis and a link"),
])
def test_safe_title(text: str, expected: str) -> None:
    assert safe_title(text) == expected


def test_citation_escapes_and_flags_uncertain() -> None:
    out = format_item({"type": "book", "title": "<b>T</b>", "author": [{"family": "Doe", "given": "J"}],
                       "issued": {"date-parts": [[2001]]}, "URL": "javascript:alert(1)"}, {"title": "guessed"})
    assert "&lt;b&gt;T&lt;/b&gt;" in out and "<em>" in out and "(?)" in out
    assert "javascript" not in out and out.startswith("Doe, J. 2001.")


# -- pages -----------------------------------------------------------------------------------

def test_pages_of_fixture(fixture_corpus: Corpus) -> None:
    r = PageRenderer(fixture_corpus, analyse(fixture_corpus), options=SiteOptions(
        edit_base="https://example.org/o/r/edit/main/", repo_root=str(FIXTURE_CLAIMS.parent.parent.parent.parent)))
    pages = r.pages()
    assert {"evidence.md", "sources.md", "comparison.md", "analysis.md", "tags.md", "downloads.md"} <= set(pages)
    assert {f"claims/{c}.md" for c in fixture_corpus.claims} <= set(pages)
    claim = pages["claims/c-differ.md"]
    for text in ("Supported by", "Step undercut by", "Supports", "Edit this claim", "#L"):
        assert text in claim, text
    assert "tests/fixtures/corpus/claims/01-intro.yml#L" in claim
    assert "Premise of" in pages["claims/c-north-threat.md"]
    assert "Conclusion of" in pages["claims/c-dual.md"]
    assert 'id="ev-poll"' in pages["evidence.md"] and "2013-12" in pages["evidence.md"]
    assert "invitation to contribute" in pages["sections/s-unread.md"]
    assert "Cited by" in pages["sources.md"] and "(?)" in pages["sources.md"]
    assert 'href="../claims/c-north-threat/"' in pages["comparison.md"]
    assert r.redirects() == {"claims/old-thesis/index.html": r.redirects()["claims/old-thesis/index.html"]}
    assert 'url=../../claims/t-strong/' in r.redirects()["claims/old-thesis/index.html"]
    counts = r.fragment("counts", "index.md")
    assert "<strong>5</strong> claims <strong>stated</strong>" in counts
    assert "<strong>4</strong> claims <strong>reconstructed</strong>" in counts


def test_pages_are_deterministic() -> None:
    a = build_site(str(FIXTURE_CLAIMS), maps=False, with_downloads=False)
    b = build_site(str(FIXTURE_CLAIMS), maps=False, with_downloads=False)
    assert a.pages == b.pages and a.files == b.files


def test_claim_page_does_not_grow_with_corpus(fixture_corpus: Corpus) -> None:
    """Adding unrelated claims leaves an existing claim's page the same size."""
    extra = {f"x-{i}": dataclasses.replace(fixture_corpus.claims["c-public"], id=f"x-{i}") for i in range(300)}
    big = dataclasses.replace(fixture_corpus, claims={**fixture_corpus.claims, **extra})
    small_page = PageRenderer(fixture_corpus, analyse(fixture_corpus)).claim_page(fixture_corpus.claims["c-dual"])
    big_page = PageRenderer(big, analyse(big)).claim_page(big.claims["c-dual"])
    assert small_page == big_page


def _poison(obj: object, text: str) -> object:
    """Every str field of a record replaced by ``text`` (ids, enums and references kept)."""
    keep = {"id", "section", "source", "target", "conclusion", "kind", "basis", "type", "coverage",
            "provenance", "verdict", "colour", "loc", "path", "date"}
    changes = {}
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if f.name not in keep and isinstance(value, str):
            changes[f.name] = text
    return dataclasses.replace(obj, **changes)  # type: ignore[type-var]


def test_payloads_in_every_model_field_stay_inert(fixture_corpus: Corpus) -> None:
    bad = " ".join(PAYLOADS)
    c = fixture_corpus
    v = c.vocabulary
    corpus = dataclasses.replace(
        c,
        paper=_poison(c.paper, bad),
        sections={k: dataclasses.replace(_poison(s, bad), topics=tuple(_poison(t, bad) for t in s.topics))
                  for k, s in c.sections.items()},
        claims={k: dataclasses.replace(_poison(x, bad), tags=(bad,),
                                       locator=_poison(x.locator, bad) if x.locator else None)
                for k, x in c.claims.items()},
        arguments={k: _poison(x, bad) for k, x in c.arguments.items()},
        relations={k: _poison(x, bad) for k, x in c.relations.items()},
        evidence={k: dataclasses.replace(_poison(x, bad), url="javascript:window.__xss=1")
                  for k, x in c.evidence.items()},
        sources={k: dataclasses.replace(_poison(x, bad), csl={**x.csl, "title": bad, "URL": "javascript:x"},
                                        uncertain={"title": bad}) for k, x in c.sources.items()},
        vocabulary=dataclasses.replace(v, actors={k: _poison(x, bad) for k, x in v.actors.items()},
                                       dimensions={k: _poison(x, bad) for k, x in v.dimensions.items()},
                                       levels={k: _poison(x, bad) for k, x in v.levels.items()}),
        comparisons={k: dataclasses.replace(_poison(x, bad), rows=tuple(_poison(r, bad) for r in x.rows))
                     for k, x in c.comparisons.items()},
    )
    r = PageRenderer(corpus, analyse(corpus), problems=[bad])
    out = "\n".join(r.pages().values()) + "\n".join(r.redirects().values())
    out += "".join(r.fragment(n, "index.md") for n in ("paper", "counts", "sections", "problems"))
    assert_inert(out)
    # Front matter (titles, tags) carries no character a theme could act on.
    for page in r.pages().values():
        head = page.split("---", 2)[1]
        assert not re.search(r"[<>&{}]", head), head


class _Scan(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and ("__xss" in value or "alert" in value):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "content") and re.search(r"javascript\s*:", value, re.I):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in ("img", "svg", "iframe", "object", "embed") and any("__xss" in (v or "") for _, v in attrs):
            self.problems.append(f"<{tag}> from a payload")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and "__xss" in data:
            self.problems.append("script text from a payload")


def assert_inert(text: str) -> None:
    scan = _Scan()
    scan.feed(text)
    assert not scan.problems, scan.problems[:5]


# -- the built site --------------------------------------------------------------------------

@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    return build("fixture", FIXTURE_CLAIMS, tmp_path_factory.mktemp("fixture-site"), pdf=True)


@pytest.fixture(scope="session")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    tmp = tmp_path_factory.mktemp("xss-site")
    return build("xss", write_xss_corpus(tmp / "claims"), tmp, on_error="ignore")


def test_site_has_every_page(fixture_site: pathlib.Path) -> None:
    for path in ("index.html", "sections/s-intro/index.html", "claims/c-gap/index.html", "evidence/index.html",
                 "sources/index.html", "comparison/index.html", "analysis/index.html", "tags/index.html",
                 "downloads/index.html", "claims/old-thesis/index.html", "how-to-read-a-map/index.html"):
        assert (fixture_site / path).is_file(), path
    home = (fixture_site / "index.html").read_text(encoding="utf-8")
    assert "Two Alliances Compared" in home and "reconstructed" in home
    downloads = (fixture_site / "downloads" / "index.html").read_text(encoding="utf-8")
    for name in ("argument-map.pdf", "argument-map.json", "argument-map.aif.json", "argument-map.argdown",
                 "argument-map.graphml"):  # every product asked for is there (or the build failed)
        assert (fixture_site / "downloads" / name).stat().st_size > 0, name
        assert f"downloads/{name}" in downloads
    assert (fixture_site / "downloads" / "argument-map.pdf").read_bytes().startswith(b"%PDF-")
    assert re.search(r'data-am-map="overview"[^>]*><svg [^>]*viewBox=', home)  # the overview map is drawn
    assert "<!-- argmap:" not in home


def test_claim_pages_stay_out_of_the_nav(fixture_site: pathlib.Path) -> None:
    home = (fixture_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="sections/s-intro/"\s+class="md-nav__link', home)
    assert not re.search(r'href="claims/[^"]*"\s+class="md-nav__link', home)


def test_no_request_leaves_the_site(fixture_site: pathlib.Path) -> None:
    """No page loads anything from another host (links to other sites are fine)."""
    pattern = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", re.I)
    for page in fixture_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        hits = [m.group(0) for m in pattern.finditer(text) if 'rel="canonical"' not in m.group(0)]
        assert not hits, (page, hits[:3])
        assert "fonts.googleapis" not in text and "api.github.com" not in text
        assert 'data-md-component="source"' not in text, page  # the theme would fetch the repository's facts


def test_the_404_page_links_the_repository_without_asking_its_api(fixture_site: pathlib.Path) -> None:
    """Material fetches a GitHub repository's stars from api.github.com for the header's repository
    link; the overridden partial leaves that out on every page, the 404 page too (which MkDocs
    renders without the plugin's page hooks)."""
    page = (fixture_site / "404.html").read_text(encoding="utf-8")
    assert f'<a href="https://github.com/{REPOSITORY}" title="Go to repository" class="md-source">' in page
    assert 'data-md-component="source"' not in page


def test_edit_links_point_at_the_repository_of_the_build(fixture_site: pathlib.Path) -> None:
    claim = (fixture_site / "claims" / "c-gap" / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'href="https://github.com/{REPOSITORY}/edit/main/tests/fixtures/corpus/claims/'
                     r'[0-9a-z-]+\.yml#L\d+"', claim), "no edit link to the claim's line"
    about = (fixture_site / "about" / "index.html").read_text(encoding="utf-8")
    assert f'href="https://github.com/{REPOSITORY}/edit/main/docs/about.md"' in about


def test_search_index_has_claim_text_and_ids(fixture_site: pathlib.Path) -> None:
    docs = json.loads((fixture_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    page = next(d for d in docs if d["location"] == "claims/c-gap/")
    assert "c-gap" in page["title"] and "日本語のテキスト" in page["text"] and "한국어" in page["text"]


def test_built_xss_site_is_inert(xss_site: pathlib.Path) -> None:
    pages = list(xss_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert_inert(text)
        title = re.search(r"<title>(.*?)</title>", text, re.S)
        assert title is None or "<" not in title.group(1), (page, title.group(1))


# -- live preview: a broken claim file never stops `mkdocs serve` ------------------------------

def _plugin_config(claims: pathlib.Path, serving: bool) -> tuple[object, object]:
    from mkdocs.config import load_config

    from argmap.mkdocs_plugin import ArgmapPlugin

    config = load_config(str(pathlib.Path(__file__).resolve().parent.parent / "mkdocs.yml"))
    plugin = config.plugins["argmap"]
    assert isinstance(plugin, ArgmapPlugin)
    plugin.config.claims = str(claims)
    plugin.config.maps = False
    plugin.config.downloads = False
    plugin.on_startup(command="serve" if serving else "build", dirty=False)
    return plugin, config


def test_serve_shows_errors_and_keeps_going(tmp_path: pathlib.Path) -> None:
    from mkdocs.exceptions import PluginError

    claims = tmp_path / "claims"
    shutil.copytree(FIXTURE_CLAIMS, claims)
    (claims / "04-broken.yml").write_text("section:\n  id: s-broken\n  title: [unclosed\n", encoding="utf-8")
    plugin, config = _plugin_config(claims, serving=True)
    plugin._build(config)  # logs the diagnostics, does not raise
    assert plugin.result is not None and plugin.result.renderer.problems
    assert "04-broken.yml" in plugin.result.renderer.fragment("problems", "index.md")
    assert "claims/c-gap.md" in plugin.result.pages  # the rest of the site is still there
    build_plugin, build_config = _plugin_config(claims, serving=False)
    with pytest.raises(PluginError, match=r"04-broken\.yml"):
        build_plugin._build(build_config)


def test_map_blocks_come_from_the_cache(fixture_corpus: Corpus, tmp_path: pathlib.Path) -> None:
    from argmap.website import sitemaps

    first, notes = sitemaps.render_maps(fixture_corpus, cache_dir=str(tmp_path))
    assert first and notes == []
    assert list((tmp_path / "site" / "index").glob("*.json"))
    again, _ = sitemaps.render_maps(fixture_corpus, cache_dir=str(tmp_path))
    assert again == first
    assert "claim:c-gap" in first and "overview" in first
    assert "@@ROOT@@claims/" in first["overview"].svg and "<script" not in first["overview"].svg


def test_claim_pages_are_indexed_once_from_the_model(fixture_site: pathlib.Path, fixture_corpus: Corpus) -> None:
    """One entry per claim page (made by the plugin), none of the page's own sections."""
    docs = json.loads((fixture_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    claim_entries = [d["location"] for d in docs if d["location"].startswith("claims/")]
    assert sorted(claim_entries) == sorted(f"claims/{cid}/" for cid in fixture_corpus.claims)
    assert not [d for d in docs if d["location"].startswith("tags/")]  # the tag listing repeats claim titles
    thesis = next(d for d in docs if d["location"] == "claims/t-strong/")
    assert "old-thesis" in thesis["text"]  # a former id finds the claim
    assert "Section: " in thesis["text"] and thesis["tags"]


def test_search_entries_of_claims_are_escaped(xss_site: pathlib.Path) -> None:
    docs = json.loads((xss_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    claims = [d for d in docs if d["location"].startswith("claims/")]
    assert claims and all("P" in d["text"] for d in claims)
    for d in claims:
        assert_inert(d["title"] + d["text"] + " ".join(d.get("tags", [])))
        assert "<script" not in d["text"] and "<img" not in d["text"] and "<svg" not in d["text"]


# -- map frames ------------------------------------------------------------------------------

_SVG = ('<svg width="300pt" height="120pt" viewBox="0.00 0.00 300.00 120.00">'
        '<g id="claim-x-graph" class="graph am-map" transform="scale(1 1) rotate(0) translate(4 116)">'
        '<g id="claim-x-c-s" class="cluster am-cluster"><path d="M10,-100 L50,-100 L50,-10 L10,-10"/></g>'
        '<!-- n --><g id="claim-x-n" class="node am-node am-claim am-focus">'
        '<a xlink:title="1,000 troops, 2,5 ships"><polygon points="196,-60 256,-60 256,-40 196,-40"/>'
        '<text x="226" y="-48" font-size="10.00">x</text></a></g>'
        '<!-- m --><g id="claim-x-m" class="node am-node am-claim"><polygon points="0,0 1,1"/>'
        '<text font-size="11.00">y</text></g></svg>')


def test_map_frame_is_centred_on_the_subject_at_a_legible_scale() -> None:
    from argmap.website.mapframe import MIN_LABEL_PX, PX_PER_PT, frame, scale

    k = scale(_SVG)
    assert k * 10 * PX_PER_PT == pytest.approx(MIN_LABEL_PX)  # the 10 pt label is drawn at 11 CSS px
    claim = frame("claim:x", _SVG)
    assert claim is not None
    # the focus node's box (196..256, -60..-40) moved by the graph's translate(4 116), in CSS px;
    # the numbers in the tooltip are never read as coordinates
    assert claim.centre == pytest.approx((230 * k * PX_PER_PT, 66 * k * PX_PER_PT))
    assert claim.width == pytest.approx(300 * k * PX_PER_PT)
    section = frame("section:s", _SVG)
    assert section is not None and section.start == pytest.approx((14 * k * PX_PER_PT, 16 * k * PX_PER_PT))
    assert frame("overview", _SVG).centre is None  # type: ignore[union-attr]
    assert frame("claim:x", "<svg></svg>") is None
    assert "--am-cx:" in claim.style() and "--am-cx" not in frame("overview", _SVG).style()  # type: ignore[union-attr]


@pytest.mark.parametrize(("value", "expected"), [
    (True, True), (False, False), (1, True), (0, False), ("1", True), ("0", False), ("TRUE", True),
    ("False", False), ("yes", True), ("No", False), ("on", True), ("OFF", False)])
def test_boolean_options_take_the_usual_spellings(value: object, expected: bool) -> None:
    from argmap.mkdocs_plugin import ArgmapPlugin

    plugin = ArgmapPlugin()
    errors, _ = plugin.load_config({"offline": value, "pdf": value, "maps": value, "downloads": value})
    assert not errors
    assert (plugin.config.offline, plugin.config.pdf, plugin.config.maps, plugin.config.downloads) == (expected,) * 4


@pytest.mark.parametrize("value", ["maybe", 2, "", None])
def test_boolean_options_reject_other_values(value: object) -> None:
    from argmap.mkdocs_plugin import ArgmapPlugin

    errors, _ = ArgmapPlugin().load_config({"offline": value})
    assert errors and "expected true or false" in str(errors[0][1])


def test_a_stated_claim_defeated_only_by_contributors_material_says_so(paper_corpus: Corpus) -> None:
    from argmap.core.semantics import grounded_labels

    r = PageRenderer(paper_corpus, analyse(paper_corpus), labels=grounded_labels(paper_corpus))
    page = r.claim_page(paper_corpus.claims["elite-public-identity-gap"])
    assert "Contributors' context evidence challenges this claim of the paper; the paper itself states it." in page
    assert "am-grounded-out" not in page and "challenged by contributors' material" in page
    assert "Defeated on this map: 2 attacks that nothing answers" in page
    assert "korea-polls-thaad-2016" in page.split("Defeated on this map")[1].split("</p>")[0]
    for cid, label in grounded_labels(paper_corpus).items():  # every page explains its label
        text = r.claim_page(paper_corpus.claims[cid])
        assert {"in": "Accepted on this map", "out": "Defeated on this map", "undecided": "Undecided on this map"}[
            label] in text, cid


def test_claim_page_lists_evidence_against_it_first_and_folds_the_rest(paper_corpus: Corpus) -> None:
    from argmap.core.semantics import grounded_labels

    r = PageRenderer(paper_corpus, analyse(paper_corpus), labels=grounded_labels(paper_corpus))
    page = r.claim_page(paper_corpus.claims["elite-public-identity-gap"])
    evidence = page.split("## Evidence")[1]
    first, folded = evidence.split("more evidence items</summary>")
    assert "<table" not in page
    assert first.count('class="am-entry"') == 5 and folded.count('class="am-entry"') >= 5
    assert "Attacks this claim" in first.split('class="am-entry"')[1]  # the first entry is an attacker
    assert page.index("## Relations") < page.index("## Evidence")


def test_names_get_the_language_their_script_shows(paper_corpus: Corpus) -> None:
    from argmap.website.names import script_lang

    assert [script_lang(n) for n in ("북한", "アメリカ", "中国", "ROK")] == ["ko", "ja", "", ""]
    r = PageRenderer(paper_corpus, analyse(paper_corpus))
    page = r.claim_page(paper_corpus.claims["elite-public-identity-gap"])
    assert '<span lang="ko">한국</span>' in page and '<span lang="ja">アメリカ</span>' in page
    entry = next(e for e in r.search_entries() if e["location"] == "claims/elite-public-identity-gap/")
    assert "韓国" in entry["text"] and "미국" in entry["text"]


def test_dimensions_and_levels_show_and_find_their_other_names(paper_corpus: Corpus) -> None:
    """The vocabulary's alt_labels of a dimension and a level: on the claim page beside the tag, on
    the tags page, and in the claim's search entry (so 歴史認識 or 괴리 finds the claim)."""
    r = PageRenderer(paper_corpus, analyse(paper_corpus))
    claim = paper_corpus.claims["elite-public-identity-gap"]
    assert (claim.dimension, claim.level) == ("identity", "elite-public")
    page = r.claim_page(claim)
    meta = page.split("<dt>Dimension</dt>")[1].split("</dl>")[0]
    assert ('<span class="am-tag am-dimension">Identity <small class="am-other-names">(<span lang="ja">'
            'アイデンティティ</span>, <span lang="ko">정체성</span>, <span>歴史認識</span>, '
            '<span lang="ko">역사 인식</span>)</small></span>') in meta
    assert '<span class="am-tag am-level">Elite versus public <small class="am-other-names">(' in meta
    entry = next(e for e in r.search_entries() if e["location"] == "claims/elite-public-identity-gap/")
    assert "<p>Dimension: Identity アイデンティティ 정체성 歴史認識 역사 인식</p>" in entry["text"]
    assert "<p>Level: Elite versus public エリートと世論 엘리트와 여론 乖離 괴리</p>" in entry["text"]
    tags = r.pages()["tags.md"]
    assert '<li id="dimension-strategic"><strong>Strategic</strong>: <span>戦略的</span>' in tags
    assert '<span>脅威</span>, <span lang="ko">위협</span>' in tags
    assert '<li id="level-public"><strong>Public</strong>: <span>世論</span>, <span lang="ko">여론</span>' in tags
