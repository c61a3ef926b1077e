"""Live preview: after a save, `mkdocs serve --dirty` renders again only the pages that changed.

MkDocs' dirty build skips a page whose :meth:`File.is_modified` is false, but a generated page
(a claim, section or listing page made from the claim files) always counts as modified, so every
save rendered all of them. :class:`Preview` decides instead, from what each page is made of:

- a generated page is rendered again when its Markdown, the HTML blocks it set aside (stash) or a
  map it shows changed (a fingerprint of each, kept from the last build);
- a hand-written page when MkDocs finds its file newer than its output, or when it holds
  ``<!-- argmap:… -->`` fragments (they show the claims);
- every page when anything all pages show changed (the scope): the navigation, the set of
  hand-written files, the theme's and watched folders' files, mkdocs.yml, or the problems list.

What the skipped pages gave the other plugins in the last build is handed back: their titles and
front matter (so the tag listing, rendered on every build, lists them), and their entries in the
search index (Material's and MkDocs' search index only the pages they render in a dirty build).
A page whose source is gone has its output removed. Used only while serving with ``--dirty``.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

_MAP_KEYS = re.compile(r'data-am-(?:map|outline)="([^"]+)"')
#: Pages rendered on every build: the tag listing shows every tagged page.
ALWAYS = ("tags.md",)
#: The fingerprints of hand-written pages: with fragments of the claims they render on every build,
#: else when MkDocs finds their file newer than their output.
FRAGMENTS, FILE = "\0fragments", "\0file"


def _digest(parts: Iterable[str | bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def page_fingerprint(markdown: str, stash: list[str], maps: Mapping[str, Any]) -> str:
    """What a generated page is made of: its Markdown, its stashed blocks and each map it shows
    (by the block cache's digest when the maps come from it, else by the map's own text)."""
    index = getattr(maps, "index", None)
    keys = sorted(set(_MAP_KEYS.findall(markdown)).union(*(_MAP_KEYS.findall(s) for s in stash)))
    parts: list[str] = [markdown, *stash]
    for key in keys:
        if isinstance(index, dict):
            parts += [key, str(index.get(key, ""))]
        else:
            block = maps.get(key)
            parts += [key, "" if block is None else f"{block.svg}\0{block.outline}\0{block.attrs}"]
    return _digest(parts)


def tree_state(paths: Iterable[str]) -> list[str]:
    """Every file under ``paths`` (files or folders) with its size and modification time."""
    out: list[str] = []
    for top in paths:
        if os.path.isfile(top):
            st = os.stat(top)
            out.append(f"{top}|{st.st_size}|{st.st_mtime_ns}")
            continue
        for dirpath, dirnames, names in os.walk(top):
            dirnames.sort()
            for name in sorted(names):
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                out.append(f"{path}|{st.st_size}|{st.st_mtime_ns}")
    return out


def scope(nav: Any, written: Iterable[str], sections: Any, problems: Iterable[str], watched: Iterable[str]) -> str:
    """The digest of what every page shows: the navigation (as configured, and the sections'),
    the hand-written pages, the problems list and each file under the watched paths (the theme's
    overrides, mkdocs.yml, the plugin's ``watch`` folders). A new scope renders every page."""
    return _digest([repr(nav), repr(sorted(written)), repr(sections), *problems, *tree_state(watched)])


@dataclass
class Kept:
    """What a page gave the build the last time it was rendered."""

    fingerprint: str
    dest: str
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Preview:
    """The pages of the last build, and which of this build's pages to render again."""

    scope: str = ""
    kept: dict[str, Kept] = field(default_factory=dict)       # src → last render
    changed: set[str] = field(default_factory=set)            # src rendered in this build
    urls: set[str] = field(default_factory=set)               # their URLs (search entries)
    search: list[dict[str, Any]] | None = None                 # the last full index's page entries
    order: dict[str, int] = field(default_factory=dict)       # page URL → place in the site's page order

    def plan(self, scope: str, generated: Mapping[str, str], pages: Iterable[Any]) -> set[str]:
        """Decide, for each page (a MkDocs ``File`` with ``page``), whether it renders again; mark
        the others not modified (:meth:`restore` gives them back their title and front matter). ``generated``
        maps a generated page's source path to its fingerprint. Returns the sources rendered.
        Called once per build, before any page renders."""
        everything = scope != self.scope
        self.scope = scope
        self.urls = set()
        changed: set[str] = set()
        pages = list(pages)
        self.order = {location(file.url): n for n, file in enumerate(pages)}
        for file in pages:
            src = file.src_uri
            kept = self.kept.get(src)
            if everything or kept is None or src in ALWAYS or not os.path.isfile(file.abs_dest_path):
                modified = True
            elif src in generated:
                modified = generated[src] != kept.fingerprint
            else:
                modified = kept.fingerprint == FRAGMENTS or bool(file.is_modified())
            if modified:
                changed.add(src)
            # MkDocs asks the File (its own test is the files' times); replaced on this File only
            setattr(file, "is_modified", _true if modified else _false)  # noqa: B010
        self.changed = changed
        return changed

    def restore(self, page: Any) -> bool:
        """Give a page that was not rendered again its last title and front matter; False when it
        was rendered (or never was)."""
        kept = self.kept.get(page.file.src_uri)
        if page.file.src_uri in self.changed or kept is None:
            return False
        page.meta = dict(kept.meta)
        if kept.title is not None:
            page.title = kept.title
        return True

    def forget_missing(self, present: Iterable[str]) -> list[str]:
        """Remove the output of each page rendered before whose source is gone; returns their paths."""
        gone = set(self.kept) - set(present)
        removed = []
        for src in sorted(gone):
            dest = self.kept.pop(src).dest
            if os.path.isfile(dest):
                os.remove(dest)
                removed.append(dest)
        return removed

    def keep(self, src: str, fingerprint: str, dest: str, url: str, title: str | None,
             meta: Mapping[str, Any]) -> None:
        self.kept[src] = Kept(fingerprint, dest, title, dict(meta))
        self.urls.add(location(url))

    def merge_search(self, docs: list[dict[str, Any]], skip: str) -> list[dict[str, Any]]:
        """The search index's page entries after a dirty build: the last build's entries of the
        pages not rendered again, then this build's. Entries whose location starts with ``skip``
        (pages the caller indexes itself) are left out and not kept."""
        def page_of(entry: dict[str, Any]) -> str:
            return str(entry.get("location", "")).split("#", 1)[0]

        fresh = [d for d in docs if not page_of(d).startswith(skip)]
        kept = [d for d in self.search or [] if page_of(d) not in self.urls]
        merged = kept + fresh
        last = len(self.order)
        merged.sort(key=lambda d: self.order.get(page_of(d), last))  # stable: a page's entries keep their order
        self.search = merged
        return list(merged)


def location(url: str) -> str:
    """A page's URL as the search index writes it (the home page's ``./`` is "")."""
    return "" if url in ("./", ".") else url


def _false() -> bool:
    return False


def _true() -> bool:
    return True
