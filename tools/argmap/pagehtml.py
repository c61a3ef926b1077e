"""The HTML Python-Markdown made of each generated page, kept between builds (part of the MkDocs adapter).

A build of 5,000 claims converts 5,000 generated pages from Markdown to HTML every time, some
9 s of a 33 s warm build, although a page whose Markdown is unchanged converts to the same HTML.
MkDocs makes a fresh Markdown converter for every page, so the HTML is a function of the page's
Markdown, where the page sits, the files of the site (its links are made relative to them) and
the Markdown settings. :class:`PageHtml` keys each page by all of these and, on a hit, gives the
page what ``Page.render`` would have set (its HTML, table of contents, title, anchors, links to
other pages' anchors) and logs again what converting it logged, so ``--strict`` counts the same
warnings. Only argmap's generated pages are kept: their Markdown includes no other file.

The store is one pickle per page under ``cache_dir/pagehtml/``; a build removes the entries it
did not use, so the folder holds one build's pages.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from argmap.buildcache import code_fingerprint
from argmap.fsio import write_atomic

log = logging.getLogger(__name__)
VERSION = "1"
#: What ``Page.render`` sets, and so what an entry holds (``links_to_anchors`` by source path).
FIELDS = ("content", "toc", "_title_from_render", "present_anchor_ids")


def _versions() -> str:
    out = []
    for dist in ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material"):
        try:
            out.append(f"{dist}={version(dist)}")
        except PackageNotFoundError:
            out.append(f"{dist}=none")
    return ",".join(out)


class _Capture(logging.Handler):
    """What converting one page logs at INFO or above: MkDocs' link checks (on its own logger,
    which does not propagate) and anything else (through the root logger), each record once."""

    LOGGERS = ("mkdocs", "")

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[str, int, str]] = []
        self._seen: set[int] = set()

    def emit(self, record: logging.LogRecord) -> None:
        if id(record) not in self._seen:
            self._seen.add(id(record))
            self.records.append((record.name, record.levelno, record.getMessage()))

    def __enter__(self) -> _Capture:
        for name in self.LOGGERS:
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        for name in self.LOGGERS:
            logging.getLogger(name).removeHandler(self)


class PageHtml:
    """Generated pages' converted HTML for one build (see the module's notes)."""

    def __init__(self, cache_dir: str | None, config: Any, files: Any) -> None:
        self.folder = os.path.join(cache_dir, "pagehtml") if cache_dir else None
        site = sorted((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files)
        settings = repr((VERSION, code_fingerprint(), _versions(), config["markdown_extensions"],
                         sorted((config["mdx_configs"] or {}).items(), key=lambda kv: kv[0]),
                         config["use_directory_urls"], config.get("validation"), site))
        if " at 0x" in settings:  # a setting whose text changes in every process: no key is stable
            log.debug("generated pages' HTML not kept: a Markdown setting has no stable text")
            self.folder = None
        self.base = hashlib.sha256(settings.encode()).hexdigest()
        self.used: set[str] = set()
        self.hits = self.misses = 0

    def _path(self, key: str) -> str:
        assert self.folder is not None
        return os.path.join(self.folder, key[:2], key + ".pickle")

    def key(self, page: Any, markdown: str) -> str:
        return hashlib.sha256(f"{self.base}|{page.file.src_uri}|{markdown}".encode()).hexdigest()

    def attach(self, page: Any, markdown: str) -> None:
        """Make ``page.render`` take its HTML from the store, or convert and keep it."""
        if self.folder is None:
            return
        key = self.key(page, markdown)
        self.used.add(key)
        entry = self._read(key)
        convert = page.render

        def render(config: Any, files: Any) -> None:
            if entry is not None:
                self.hits += 1
                self._restore(page, entry, files)
                return
            self.misses += 1
            with _Capture() as capture:
                convert(config, files)
            self._write(key, page, capture.records)
        page.render = render

    def _read(self, key: str) -> dict[str, Any] | None:
        try:
            with open(self._path(key), "rb") as fh:
                entry = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return entry if isinstance(entry, dict) and all(k in entry for k in (*FIELDS, "links", "log")) else None

    def _write(self, key: str, page: Any, records: list[tuple[str, int, str]]) -> None:
        entry = {name: getattr(page, name, None) for name in FIELDS}
        links = getattr(page, "links_to_anchors", None)
        entry["links"] = {f.src_uri: dict(anchors) for f, anchors in links.items()} if links else None
        entry["log"] = records
        try:
            write_atomic(self._path(key), pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError) as exc:
            log.debug("page HTML not kept for %s: %s", page.file.src_uri, exc)

    @staticmethod
    def _restore(page: Any, entry: dict[str, Any], files: Any) -> None:
        for name in FIELDS:
            setattr(page, name, entry[name])
        if entry["links"] is not None:
            page.links_to_anchors = {files.get_file_from_path(src): anchors for src, anchors in entry["links"].items()}
        for name, level, message in entry["log"]:
            logging.getLogger(name).log(level, "%s", message)

    def prune(self) -> None:
        """Remove the entries this build did not use (pages gone, or changed since)."""
        if self.folder is None or not os.path.isdir(self.folder):
            return
        for sub in os.scandir(self.folder):
            if not sub.is_dir():
                continue
            for entry in os.scandir(sub.path):
                if entry.name.endswith(".pickle") and entry.name[: -len(".pickle")] not in self.used:
                    with contextlib.suppress(OSError):  # gone already, or not ours to remove
                        os.unlink(entry.path)
