"""A content-addressed cache for whole-corpus build products (exports, the PDF, compiled templates).

A product is stored under a key made from everything that decides its bytes: the claim files'
paths and bytes, :func:`code_fingerprint` (argmap's own code, templates and stylesheet, and the
versions of the libraries that write outputs, so a changed argmap never reuses an old product),
and whatever the caller adds (the output format, SOURCE_DATE_EPOCH, a
stylesheet, the Graphviz version). Nothing is keyed by time or by file dates, so a cache hit
gives the bytes a fresh build would give. Entries are written atomically; an unreadable or
unwritable cache only costs speed.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import logging
import os
import pathlib
import shutil
from collections.abc import Callable, Iterable

from argmap import __version__
from argmap.fsio import write_atomic

log = logging.getLogger(__name__)

#: Bump when the layout of the cache changes.
CACHE_VERSION = "2"
_PACKAGE = pathlib.Path(__file__).resolve().parent
#: The package's files that decide outputs: modules, templates, the print stylesheet, data.
CODE_SUFFIXES = (".py", ".j2", ".json", ".css")
#: The libraries whose version decides the bytes of a cached product (pages, maps, exports, PDF).
OUTPUT_LIBRARIES = ("jinja2", "markdown-it-py", "graphviz", "networkx", "pyyaml", "weasyprint", "pydyf", "pypdf")
_CODE: str | None = None


def code_fingerprint() -> str:
    """The one code fingerprint of every cache layer (once per process): argmap's version, every
    module, template and stylesheet in the package (paths and bytes), and the versions of
    :data:`OUTPUT_LIBRARIES`. Any edit of argmap's code means no cached product is reused."""
    global _CODE
    if _CODE is None:
        h = hashlib.sha256(f"{CACHE_VERSION}|{__version__}".encode())
        for path in sorted(p for p in _PACKAGE.rglob("*") if p.suffix in CODE_SUFFIXES and p.is_file()):
            h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        for dist in OUTPUT_LIBRARIES:
            try:
                version = importlib.metadata.version(dist)
            except importlib.metadata.PackageNotFoundError:
                version = "none"
            h.update(f"{dist} {version}\0".encode())
        _CODE = h.hexdigest()
    return _CODE


def files_digest(paths: Iterable[str], *extra: str | bytes) -> str | None:
    """A hash of the files' paths and bytes and of ``extra``; None when a file cannot be read."""
    h = hashlib.sha256()
    for part in extra:
        h.update((part.encode() if isinstance(part, str) else part) + b"\0")
    for path in sorted(paths):
        try:
            with open(path, "rb") as fh:
                h.update(path.encode() + b"\0" + fh.read() + b"\0")
        except OSError:
            return None
    return h.hexdigest()


def product_key(paths: Iterable[str], *extra: str | bytes) -> str | None:
    """The key of a product built from the files ``paths`` by this argmap, with ``extra`` inputs."""
    return files_digest(paths, code_fingerprint(), *extra)


def _path(cache_dir: str, kind: str, key: str) -> str:
    return os.path.join(cache_dir, kind, key[:2], key)


def get(cache_dir: str | None, kind: str, key: str | None) -> bytes | None:
    if not cache_dir or not key:
        return None
    try:
        with open(_path(cache_dir, kind, key), "rb") as fh:
            return fh.read()
    except OSError:
        return None


def has(cache_dir: str | None, kind: str, key: str | None) -> bool:
    """True when an entry is stored under ``key`` (without reading it)."""
    return bool(cache_dir and key and os.path.isfile(_path(cache_dir, kind, key)))


def put(cache_dir: str | None, kind: str, key: str | None, data: bytes, *, keep: int = 4) -> None:
    """Store ``data`` under ``key``; of ``kind``'s entries only the ``keep`` newest stay on disk."""
    if not cache_dir or not key:
        return
    try:
        write_atomic(_path(cache_dir, kind, key), data)
    except OSError as exc:
        log.debug("%s not cached: %s", kind, exc)
        return
    prune(os.path.join(cache_dir, kind), keep)


def prune(folder: str, keep: int) -> None:
    """Delete all but the ``keep`` most recently written entries under ``folder``.

    Every edit of a claim file makes new entries, and a site's whole result can be large, so old
    ones go; a concurrent build that loses an entry it was about to read only builds it again."""
    entries: list[tuple[float, str]] = []
    for dirpath, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(dirpath, name)
            try:
                entries.append((os.stat(path).st_mtime_ns, path))
            except OSError:
                continue
    for _, path in sorted(entries, reverse=True)[keep:]:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def cached(cache_dir: str | None, kind: str, key: str | None, make: Callable[[], bytes], *, keep: int = 4) -> bytes:
    """The product under ``key``, made by ``make()`` and stored when it is not in the cache."""
    hit = get(cache_dir, kind, key)
    if hit is not None:
        return hit
    data = make()
    put(cache_dir, kind, key, data, keep=keep)
    return data


def template_cache(cache_dir: str | None) -> object | None:
    """A Jinja2 bytecode cache in ``cache_dir/jinja/<code fingerprint>`` (compiled templates keyed
    by their source, under the code fingerprint like every other layer); the folders of other
    code go."""
    if not cache_dir:
        return None
    from jinja2 import FileSystemBytecodeCache

    current = code_fingerprint()[:16]
    folder = os.path.join(cache_dir, "jinja", current)
    try:
        others = [e.path for e in os.scandir(os.path.join(cache_dir, "jinja")) if e.name != current]
    except OSError:
        others = []
    for path in others:
        if os.path.isdir(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            _unlink(path)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        log.debug("no template cache: %s", exc)
        return None
    return FileSystemBytecodeCache(folder)
