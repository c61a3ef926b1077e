"""The MkDocs plugin: a thin adapter that hands the pipeline's pages to MkDocs as virtual files.

Configured in mkdocs.yml::

    plugins:
      - argmap:
          claims: claims

Options are documented in docs/reference/site.md. Nothing is written into docs/.
"""

from __future__ import annotations

import logging
import os
from collections.abc import MutableMapping
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from argmap import livepreview
from argmap.buildcache import template_cache
from argmap.core.diagnostics import format_text
from argmap.flagoption import Flag
from argmap.fsio import write_atomic
from argmap.pagehtml import PageHtml
from argmap.pipeline import SiteResult, build_site
from argmap.progress import progress
from argmap.repolinks import find as find_repository
from argmap.searchindex import add_entries
from argmap.website.records import SiteOptions
from argmap.website.templating import fragment_names, replace_fragments

log = logging.getLogger("mkdocs.plugins.argmap")

NAV_MARKER = "argmap:sections"
#: The search plugins whose index the claim pages' entries are added to (same index format).
SEARCH_PLUGINS = ("material/search", "search")
# Small fixes to the theme's and the pan-zoom plugin's markup, on every page (the 404 page too):
# names for the search dialog and the pan-zoom buttons (screen readers, axe-core).
_HTML_FIXES = (
    ('<div class="md-search" data-md-component="search" role="dialog">',
     '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'),
    ('<button class="panzoom-info panzoom-button">',
     '<button class="panzoom-info panzoom-button" aria-label="How to pan and zoom" title="How to pan and zoom">'),
    ('<button class="panzoom-reset panzoom-button">',
     '<button class="panzoom-reset panzoom-button" aria-label="Reset zoom" title="Reset zoom">'),
    ('<button class="panzoom-max panzoom-button">',
     '<button class="panzoom-max panzoom-button" aria-label="Full screen" title="Full screen">'),
    ('<button class="panzoom-min panzoom-button panzoom-hidden">',
     '<button class="panzoom-min panzoom-button panzoom-hidden" aria-label="Leave full screen" '
     'title="Leave full screen">'),
)
GENERATED_NAV = (("Evidence", "evidence.md"), ("Sources", "sources.md"), ("Comparison", "comparison.md"),
                 ("Analysis", "analysis.md"), ("Tags", "tags.md"), ("Downloads", "downloads.md"))


class _ToMkdocs(logging.Handler):
    """Passes the library's log records to MkDocs' logger at their own level: information shows
    with -v, and a warning (such as a map left out of the PDF) stays a warning, which
    ``mkdocs build --strict`` counts and fails on."""

    def emit(self, record: logging.LogRecord) -> None:
        log.log(record.levelno, "argmap: %s", record.getMessage())


_LIBRARY_LOG = logging.getLogger("argmap")
if not any(isinstance(h, _ToMkdocs) for h in _LIBRARY_LOG.handlers):
    _LIBRARY_LOG.addHandler(_ToMkdocs())


class ArgmapConfig(Config):
    claims = c.Type(str, default="claims")
    maps = Flag(default=True)
    downloads = Flag(default=True)
    pdf = Flag(default=True)
    cache_dir = c.Type(str, default=".cache/argmap")
    on_error = c.Choice(("fail", "warn", "ignore"), default="fail")
    offline = Flag(default=False)
    watch = c.ListOfItems(c.Type(str), default=["site_config"])


class ArgmapPlugin(BasePlugin[ArgmapConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.search = False
        self.result: SiteResult | None = None
        self.root = ""
        #: In `mkdocs serve --dirty`: the pages rendered last time (:mod:`argmap.livepreview`).
        self.preview: livepreview.Preview | None = None
        self._fingerprints: dict[str, str] = {}
        self.page_html: PageHtml | None = None

    def _path(self, path: str) -> str:
        return path if os.path.isabs(path) else os.path.join(self.root, path)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.preview = livepreview.Preview() if self.serving and dirty else None

    def _build(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        self.page_html = None
        if self.config.offline:
            config.use_directory_urls = False  # file:// has no index.html for folder URLs
        for name in ("material/offline", "offline"):  # Material's offline plugin follows `offline`
            plugin = config.plugins.get(name)
            if plugin is not None and hasattr(plugin, "config") and "enabled" in plugin.config:
                plugin.config["enabled"] = self.config.offline
        edit_base = self._repository(config)
        self.search = any(name in config.plugins for name in SEARCH_PLUGINS)
        options = SiteOptions(dir_urls=config.use_directory_urls, edit_base=edit_base, repo_root=self.root,
                              defer_svg=True, index_claims=self.search)
        try:
            with progress("Drawing argument maps") as bar:
                result = build_site(self._path(self.config.claims), options=options,
                                    cache_dir=self._path(self.config.cache_dir), maps=self.config.maps,
                                    with_downloads=self.config.downloads, pdf=self.config.pdf, progress=bar,
                                    store=not self.serving, background_maps=True)
                if self.serving:  # the live preview compares the maps' digests at on_nav
                    result.finish(bar)
        except Exception as exc:  # the last line of defence: the live preview keeps its last good state
            cause = "; ".join([str(exc) or type(exc).__name__, *getattr(exc, "__notes__", [])])
            if self.serving and self.result is not None:
                log.error("argmap: the site could not be rebuilt (%s); showing the last good state", cause)
                result = self.result
            else:
                raise PluginError(f"argmap: the site could not be built: {cause}") from exc
        self._report(result)
        self.result = result
        config.nav = self._nav(config.nav, result)
        return config

    @event_priority(-100)  # after every other plugin's on_config
    def _stable_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Put the pan-zoom plugin's selectors in one order: it keeps them in a set, so without this
        each process (each hash seed) writes them into every page in another order, and two builds
        of the same claims would not give the same bytes."""
        if isinstance(config.get("selectors"), list):
            config["selectors"] = sorted(config["selectors"])
        panzoom = config.mdx_configs.get("panzoom")
        if isinstance(panzoom, MutableMapping) and isinstance(panzoom.get("selectors"), list):  # a Config, not a dict
            panzoom["selectors"] = sorted(panzoom["selectors"])
        return config

    on_config = CombinedEvent(_build, _stable_config)

    def _repository(self, config: MkDocsConfig) -> str:
        """Point the repository and edit links at the project's repository (:mod:`argmap.repolinks`)
        unless mkdocs.yml (or ARGMAP_REPO_URL) names one; with none found there are no such links.
        Returns the base of the claim pages' edit links (the repository root on the edit branch)."""
        docs = os.path.relpath(config.docs_dir, self.root).replace(os.sep, "/").strip("/")
        if not config.repo_url:
            repo = find_repository(self.root, os.environ)
            if repo is None:
                config.edit_uri = None
                return ""
            config.repo_url = repo.url
            config.repo_name = config.repo_name or repo.name
            config.edit_uri = config.edit_uri or repo.edit_uri(docs)
        if not config.edit_uri:
            return ""
        uri = str(config.edit_uri).strip("/")
        if docs and docs != "." and uri.endswith("/" + docs):
            uri = uri[: -len(docs) - 1]  # the pages' edit_uri ends in docs/; claim files live at the root
        return config.repo_url.rstrip("/") + "/" + uri + "/"

    def _report(self, result: SiteResult) -> None:
        report = result.report
        errors = [d for d in report.errors if d.code != "AM050"]
        if any(d.code == "AM050" for d in report.errors):
            log.info("argmap: no claim files in %s yet; the site shows an empty map", self.config.claims)
        for d in report.warnings:
            log.info("argmap: %s", format_text(d))
        if not errors:
            return
        lines = "\n".join(format_text(d) for d in errors)
        if self.serving or self.config.on_error == "warn":
            log.warning("argmap: the claim files have %d error(s); the pages show them\n%s", len(errors), lines)
        elif self.config.on_error == "fail":
            raise PluginError(f"argmap: the claim files have {len(errors)} error(s):\n{lines}\n"
                              "run `argmap check claims` for details")
        else:
            log.info("argmap: ignoring %d error(s) in the claim files (on_error: ignore)", len(errors))

    @staticmethod
    def _nav(nav: Any, result: SiteResult) -> Any:
        sections = [{title: src} for title, src in result.nav_sections]
        if nav is None:
            return ([{"Home": "index.md"}, {"Sections": sections}]
                    + [{t: s} for t, s in GENERATED_NAV])

        def walk(items: Any) -> Any:
            if isinstance(items, list):
                return [walk(i) for i in items]
            if isinstance(items, dict):
                return {k: (sections if v == NAV_MARKER else walk(v)) for k, v in items.items()}
            return items
        return walk(nav)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.result is not None
        generated: dict[str, str | bytes] = {**self.result.pages, **self.result.files}
        for src, content in generated.items():
            old = files.get_file_from_path(src)
            if old is not None:
                log.warning("argmap: docs/%s is replaced by a generated page; remove it from docs/", src)
                files.remove(old)
            files.append(File.generated(config, src, content=content))
        return files

    @event_priority(-100)  # after every plugin has added its files and MkDocs has made the nav
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """In `mkdocs serve --dirty`, mark the pages that need no new render (:mod:`argmap.livepreview`)."""
        if self.preview is None or self.result is None:
            return nav
        renderer = self.result.renderer
        self._fingerprints = {src: livepreview.page_fingerprint(text, renderer.stashed(src), renderer.maps)
                              for src, text in self.result.pages.items()}
        pages = list(files.documentation_pages())
        watched = [config.config_file_path or "", *(self._path(p) for p in self.config.watch),
                   config.theme.custom_dir or ""]
        scope = livepreview.scope(config.nav, [f.src_uri for f in pages if f.src_uri not in self.result.pages],
                                  self.result.nav_sections, renderer.problems, [p for p in watched if p])
        changed = self.preview.plan(scope, self._fingerprints, pages)
        for path in self.preview.forget_missing(f.src_uri for f in pages):
            log.info("argmap: removed %s (its page is gone)", path)
        log.info("argmap: live preview renders %d of %d pages", len(changed), len(pages))
        log.debug("argmap: rendered again: %s", ", ".join(sorted(changed)))
        return nav

    @event_priority(110)  # before the tags plugin renders its listings
    def _skipped_tags(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Give the pages not rendered again their last title and front matter, and the tags plugin
        their tags, in the pages' order (its tag listing, rendered on every build, lists them all)."""
        if self.preview is None:
            return env
        pages = [f for f in files.documentation_pages() if f.page is not None]
        restored = [f for f in pages if self.preview.restore(f.page)]
        tags = config.plugins.get("material/tags") or config.plugins.get("tags")
        mappings = getattr(tags, "mappings", None)
        if mappings is None or not isinstance(getattr(mappings, "data", None), dict):
            return env
        keep = getattr(tags, "filter", None)
        for f in restored:
            if keep is None or keep(f):
                mappings.add(f.page, "")
        order = {f.page.url: n for n, f in enumerate(pages) if f.page is not None}
        mappings.data = dict(sorted(mappings.data.items(), key=lambda kv: order.get(kv[0], len(order))))
        return env

    def _page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.result is not None
        src = page.file.src_uri
        if src in self.result.pages:
            page.edit_url = None
            if src.startswith("claims/"):
                claim = self.result.corpus.claims.get(src[len("claims/"):-3])
                page.edit_url = (self.result.renderer.edit_url(claim) or None) if claim else None
        elif fragment_names(markdown):
            if self.preview is not None:
                self._fingerprints[src] = livepreview.FRAGMENTS
            renderer = self.result.renderer
            markdown = replace_fragments(markdown, lambda name: renderer.fragment(name, src))
        if self.result.renderer.problems and (page.is_homepage or src in self.result.pages):
            markdown = self.result.renderer.fragment("problems", src) + "\n\n" + markdown
        return markdown

    @event_priority(-100)  # last: the Markdown every plugin has had its say on is what converts
    def _converted_before(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """An unchanged generated page takes its HTML from the last build (:mod:`argmap.pagehtml`)."""
        if self.result is None or self.serving or page.file.src_uri not in self.result.pages:
            return markdown
        if self.page_html is None:
            self.page_html = PageHtml(self._path(self.config.cache_dir), config, files)
        self.page_html.attach(page, markdown)
        return markdown

    on_page_markdown = CombinedEvent(_page_markdown, _converted_before)

    def _nav_store(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """A per-build store for sidebars shared by all claim pages (see site_config/overrides/main.html)."""
        cache: dict[str, str] = {}

        def store(key: str, html: str) -> str:
            cache[key] = html
            return ""
        env.globals["argmap_nav_cache"] = cache
        env.globals["argmap_nav_store"] = store
        if env.bytecode_cache is None:  # the theme's templates compile once, not on every build
            env.bytecode_cache = template_cache(self._path(self.config.cache_dir))
        return env

    @event_priority(120)  # first: every page's Markdown is converted, none is built yet
    def _maps_drawn(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Wait for the maps drawn in the background (the pages' HTML needs them next)."""
        assert self.result is not None
        try:
            with progress("Drawing argument maps") as bar:
                self.result.finish(bar)
        except Exception as exc:
            cause = "; ".join([str(exc) or type(exc).__name__, *getattr(exc, "__notes__", [])])
            raise PluginError(f"argmap: the site could not be built: {cause}") from exc
        return env

    on_env = CombinedEvent(_maps_drawn, _skipped_tags, _nav_store)

    def _late(self, page: Page) -> bool:
        """Claim pages get their HTML blocks after search indexing: search indexes them from the model."""
        return (self.search and page.file.src_uri.startswith("claims/")
                and bool((page.meta.get("search") or {}).get("exclude")))

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.result is not None and "data-am-stash=" in html and not self._late(page):
            html = self.result.renderer.unstash(html, page.file.src_uri)
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.preview is not None:
            src = page.file.src_uri
            fingerprint = self._fingerprints.get(src, livepreview.FILE)
            self.preview.keep(src, fingerprint, page.file.abs_dest_path, page.url, page.title, page.meta)
        for old, new in _HTML_FIXES:
            output = output.replace(old, new)
        if self.result is not None and "data-am-stash=" in output and self._late(page):
            output = self.result.renderer.unstash(output, page.file.src_uri)
        if self.result is not None and ("data-am-map=" in output or "data-am-outline=" in output):
            output = self.result.renderer.fill_maps(output, page.file.src_uri)
        return output

    @event_priority(-50)  # after the search plugin wrote its index, before the offline plugin copies it
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Add the claim pages' entries (:meth:`PageRenderer.search_entries`) to the search index."""
        if self.page_html is not None:
            log.debug("argmap: generated pages' HTML: %d kept from the last build, %d converted",
                      self.page_html.hits, self.page_html.misses)
            self.page_html.prune()
            self.page_html = None
        not_found = os.path.join(config.site_dir, "404.html")  # rendered by the theme, not as a page
        if os.path.exists(not_found):
            with open(not_found, encoding="utf-8") as fh:
                text = fh.read()
            fixed = text
            for old, new in _HTML_FIXES:
                fixed = fixed.replace(old, new)
            if fixed != text:
                write_atomic(not_found, fixed)
        if self.result is None or not self.search:
            return
        preview = self.preview  # a dirty build indexed only the pages it rendered: merged
        add_entries(os.path.join(config.site_dir, "search", "search_index.json"),
                    self.result.renderer.search_entries(),
                    merge=(lambda docs: preview.merge_search(docs, "claims/")) if preview is not None else None)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """In a dirty build the search plugins index only the pages rendered; the plugin merges the
        index itself (:meth:`Preview.merge_search`), so Material's own merge of the last index is
        turned off (it assumes that one page changed)."""
        if self.preview is not None:
            for name in SEARCH_PLUGINS:
                plugin = config.plugins.get(name)
                if plugin is not None and hasattr(plugin, "search_index_prev"):
                    plugin.search_index_prev = None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        for path in [self.config.claims, *self.config.watch]:
            full = self._path(path)
            if os.path.exists(full):
                server.watch(full)
        return server
