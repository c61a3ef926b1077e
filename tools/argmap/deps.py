"""Dependency records: a generated page is rendered again only when something it read changed.

While a claim page renders, the corpus it sees is a recording view (:class:`TrackedCorpus`):
every claim, evidence item, source, section, argument or relation looked up is noted by its
collection and id, and anything read whole (the vocabulary, an iteration over all claims, a
method such as ``section_order``) by its name. The lookups the page makes through the
renderer's indexes (its relations, undercuts, arguments, evidence list, grounded label and
whether it has a map) are noted as the page's own inputs (:func:`claim_inputs`). The record
keeps a digest of each thing read; on the next build a page whose every digest is unchanged is
taken from the record, with the HTML blocks it had set aside (``stash``), instead of rendered.

Records are kept in the build cache (:mod:`argmap.buildcache`) under a key of argmap's code, the
site options and the libraries that write the pages, so a new argmap or other options start
afresh. Pickled records are only ever read from argmap's own cache folder.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import logging
import pickle
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from argmap import buildcache

if TYPE_CHECKING:
    from argmap.core.model import Claim, Corpus
    from argmap.website.pages import PageRenderer

log = logging.getLogger(__name__)

KIND = "pages"
_MISSING = "\0missing"
#: The name under which a page that called one of the corpus' methods depends on all of it.
WHOLE = "\0corpus"
#: Attributes of the corpus whose own collections are tracked one entry at a time.
NESTED = ("vocabulary",)


@dataclass
class Recorder:
    """What one page read: (collection, id) pairs and collections read whole."""

    reads: set[tuple[str, str]] = field(default_factory=set)
    whole: set[str] = field(default_factory=set)


class TrackedMap(Mapping[str, Any]):
    """A read-only view of one of the corpus' collections that notes every id looked up."""

    def __init__(self, name: str, data: Mapping[str, Any], rec: Recorder) -> None:
        self._name, self._data, self._rec = name, data, rec

    def __getitem__(self, key: str) -> Any:
        self._rec.reads.add((self._name, key))
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self._rec.reads.add((self._name, key))
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        self._rec.whole.add(self._name)
        return iter(self._data)

    def __len__(self) -> int:
        self._rec.whole.add(self._name)
        return len(self._data)


#: Corpus methods that read the corpus only through its tables: a page calling them reads what
#: they look up, not the whole corpus.
READING_METHODS = frozenset({"notices", "kind_of"})


class TrackedCorpus:
    """The corpus as one page sees it: collections are :class:`TrackedMap`, and so are the
    vocabulary's tables (``vocabulary.actors``); any other attribute (the paper, a method) counts
    as read whole."""

    def __init__(self, corpus: Any, rec: Recorder, prefix: str = "") -> None:
        self._corpus, self._rec, self._prefix = corpus, rec, prefix
        self._views: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        if not self._prefix and name in READING_METHODS:  # run on this view: their reads are tracked
            return functools.partial(getattr(type(self._corpus), name), self)
        value = getattr(self._corpus, name)
        full = self._prefix + name
        if isinstance(value, Mapping):
            if name not in self._views:
                self._views[name] = TrackedMap(full, value, self._rec)
            return self._views[name]
        if full in NESTED:
            if name not in self._views:
                self._views[name] = TrackedCorpus(value, self._rec, full + ".")
            return self._views[name]
        self._rec.whole.add(WHOLE if callable(value) else full)  # a method may read anything
        return value


def claim_inputs(renderer: PageRenderer, claim: Claim) -> str:
    """A digest of what :meth:`PageRenderer.claim_page` takes from the renderer besides the
    corpus: the claim itself (its place in its file too: the edit link has the line), its
    relations both ways and the undercuts of them, its arguments, evidence list, its labels (and
    why) under the semantics shown, edit link and map (its block too when the SVG goes into the page). A change to what
    claim_page reads must be mirrored here (tests/test_deps.py compares with a fresh build)."""
    ix = renderer.ix
    out, inc = ix.by_source.get(claim.id, []), ix.by_target.get(claim.id, [])
    steps = [r.id for r in (*out, *inc)] + [a.id for a in ix.conclusion_of.get(claim.id, [])]
    key = f"claim:{claim.id}"
    block = renderer.maps.get(key) if key in renderer.maps and not renderer.opts.defer_svg else None
    parts = (repr(claim), repr(out), repr(inc), repr([ix.by_target.get(s, []) for s in steps]),
             repr(ix.premise_of.get(claim.id, [])), repr(ix.conclusion_of.get(claim.id, [])),
             repr(renderer.analysis.evidence.get(claim.id, ())), repr(renderer.labels.get(claim.id, "")),
             renderer.edit_url(claim), repr(key in renderer.maps), repr(block),
             # its labels and why, computed from the whole corpus once per renderer, outside the tracking
             repr(renderer.standing(claim.id, inc)), repr(renderer.semantics_summary().statuses.get(claim.id)))
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


@dataclass
class PageRecord:
    text: str
    stash: list[str]
    inputs: str
    reads: dict[tuple[str, str], str]
    whole: dict[str, str]


class Digests:
    """Digests of the corpus' parts, each made once per build."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._one: dict[tuple[str, str], str] = {}
        self._whole: dict[str, str] = {}

    def _get(self, name: str) -> Any:
        value: Any = self.corpus
        for part in name.split("."):
            value = getattr(value, part, _MISSING)
        return value

    def one(self, name: str, key: str) -> str:
        if (name, key) not in self._one:
            table = self._get(name)
            value = table.get(key, _MISSING) if isinstance(table, Mapping) else _MISSING
            self._one[(name, key)] = hashlib.sha256(repr(value).encode("utf-8")).hexdigest()
        return self._one[(name, key)]

    def whole(self, name: str) -> str:
        if name not in self._whole:
            value = self.corpus if name == WHOLE else self._get(name)
            text = repr(sorted(value.items())) if isinstance(value, Mapping) else repr(value)
            self._whole[name] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return self._whole[name]


class PageCache:
    """Claim pages from the records of the last build when nothing they read changed.

    ``rendered`` lists the pages rendered in this build (the others came from their records).
    With ``store`` false (the live preview) the records stay in this process between builds
    instead of being pickled to the cache after each one."""

    #: The records the last build with ``store`` false made, under their key.
    _memory: ClassVar[dict[str, dict[str, PageRecord]]] = {}

    def __init__(self, cache_dir: str | None, options: object, *, store: bool = True) -> None:
        self.cache_dir = cache_dir
        self.store = store
        self.key = buildcache.product_key([], "pages", repr(options), *_versions()) if cache_dir else None
        self.records: dict[str, PageRecord] = {}
        self.fresh: dict[str, PageRecord] = {}
        self.rendered: list[str] = []
        self.digests: Digests | None = None
        if not store and self.key is not None and self.key in self._memory:
            self.records = self._memory[self.key]
            return
        hit = buildcache.get(cache_dir, KIND, self.key)
        if hit is not None:
            try:
                data = pickle.loads(hit)
            except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError) as exc:
                # an unreadable record only costs speed
                log.debug("page records unreadable: %s", exc)
            else:
                if isinstance(data, dict):
                    self.records = data

    def claim_page(self, renderer: PageRenderer, claim: Claim) -> str:
        page = f"claims/{claim.id}.md"
        if self.digests is None or self.digests.corpus is not renderer.corpus:
            self.digests = Digests(renderer.corpus)
        inputs = claim_inputs(renderer, claim)
        old = self.records.get(page)
        if old is not None and self._current(old, inputs):
            if old.stash:
                renderer._stash[page] = list(old.stash)
            self.fresh[page] = old
            return old.text
        rec = Recorder()
        real = renderer.corpus
        renderer.corpus = TrackedCorpus(real, rec)  # type: ignore[assignment]
        try:
            text = renderer.claim_page(claim)
        finally:
            renderer.corpus = real
        self.rendered.append(page)
        digests = self.digests
        self.fresh[page] = PageRecord(text, list(renderer._stash.get(page, [])), inputs,
                                      {r: digests.one(*r) for r in sorted(rec.reads)},
                                      {w: digests.whole(w) for w in sorted(rec.whole)})
        return text

    def _current(self, record: PageRecord, inputs: str) -> bool:
        assert self.digests is not None
        return (record.inputs == inputs
                and all(self.digests.one(*r) == d for r, d in record.reads.items())
                and all(self.digests.whole(w) == d for w, d in record.whole.items()))

    def save(self) -> None:
        """Keep this build's records (only the pages it made) for the next build."""
        if not self.cache_dir or not self.key:
            return
        if not self.store:
            self._memory.clear()
            self._memory[self.key] = self.fresh
            return
        try:
            data = pickle.dumps(self.fresh, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as exc:
            log.debug("page records not kept: %s", exc)
            return
        buildcache.put(self.cache_dir, KIND, self.key, data, keep=2)


def _versions() -> list[str]:
    out = []
    for dist in ("jinja2", "markupsafe", "markdown-it-py", "pyyaml"):
        try:
            out.append(f"{dist} {importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            out.append(f"{dist} none")
    return out
