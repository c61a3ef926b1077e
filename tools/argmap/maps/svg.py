"""DOT → SVG, PDF or PNG: the one place that runs Graphviz.

Every output is cached by a hash of (argmap's code fingerprint, Graphviz version, format, DOT source) under
``.cache/maps/`` of the project root (or ``cache_dir``), so an unchanged map is never rendered
twice. :func:`render_many` renders maps in parallel threads (each waits on its own ``dot``
process). A missing ``dot``, a failing one or one that runs out of time becomes a
:class:`RenderError` that names the map and says what to do.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import logging
import os
import pathlib
import re
import subprocess
import threading
from collections.abc import Callable, Sequence

from argmap.buildcache import code_fingerprint
from argmap.fsio import write_atomic

log = logging.getLogger(__name__)

FORMATS = ("svg", "pdf", "png")
#: The Graphviz layout command; tests point it elsewhere.
DOT_COMMAND = "dot"
INSTALL_HINT = "install Graphviz: `apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS)"
ProgressFn = Callable[[int, int], None]


class RenderError(RuntimeError):
    """A map could not be rendered; the message names the map and what to do."""


class DotNotFound(RenderError):
    """Graphviz's ``dot`` is not installed or not on PATH."""


def _spawn(args: Sequence[str], data: bytes, timeout: float, name: str) -> subprocess.CompletedProcess[bytes]:
    """The one subprocess call: ``dot`` with ``args``, ``data`` on stdin, within ``timeout`` seconds."""
    cmd = [DOT_COMMAND, *args]
    try:
        return subprocess.run(cmd, input=data, capture_output=True, timeout=timeout, check=False)
    except FileNotFoundError:
        raise DotNotFound(
            f"cannot render map {name!r}: Graphviz `{DOT_COMMAND}` was not found; {INSTALL_HINT}") from None
    except PermissionError as exc:
        raise DotNotFound(f"cannot render map {name!r}: cannot run `{DOT_COMMAND}` ({exc.strerror}); {INSTALL_HINT}") \
            from None
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"map {name!r} took longer than {timeout:g}s to lay out and was stopped; "
            "raise the time limit (--timeout), or draw a smaller view (section or claim maps)") from None


def run_dot(args: Sequence[str], data: bytes = b"", *, timeout: float = 60, name: str = "map") -> bytes:
    """Run ``dot`` and return its output; a non-zero exit becomes a RenderError naming the map."""
    proc = _spawn(args, data, timeout, name)
    if proc.returncode != 0:
        err = [line.strip() for line in proc.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        errors = [line for line in err if line.lower().startswith("error")]
        detail = "; ".join((errors or err)[:3]) if err else f"exit status {proc.returncode}"
        raise RenderError(f"Graphviz failed on map {name!r}: {detail}")
    return proc.stdout


_VERSIONS: dict[str, str] = {}
_VERSION_LOCK = threading.Lock()


def dot_version() -> str:
    """``dot -V`` (printed on stderr), asked once per command; part of every cache key."""
    with _VERSION_LOCK:
        if DOT_COMMAND not in _VERSIONS:
            proc = _spawn(["-V"], b"", 30, "version check")
            _VERSIONS[DOT_COMMAND] = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip()
        return _VERSIONS[DOT_COMMAND]


def project_root(start: pathlib.Path | None = None) -> pathlib.Path:
    """The nearest folder at or above ``start`` (default: the working directory) with a mkdocs.yml,
    pyproject.toml or claims/ folder; the working directory when there is none."""
    here = (start or pathlib.Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() or (folder / "pyproject.toml").is_file() or (folder / "claims").is_dir():
            return folder
    return here


def default_cache_dir() -> pathlib.Path:
    return project_root() / ".cache" / "maps"


def cache_key(dot_source: str, fmt: str) -> str:
    h = hashlib.sha256()
    for part in (code_fingerprint(), dot_version(), fmt, dot_source):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def _check_fmt(fmt: str) -> None:
    if fmt not in FORMATS and fmt != "dot":
        raise RenderError(f"unknown map format {fmt!r}; expected one of: dot, {', '.join(FORMATS)}")


def render(dot_source: str, fmt: str = "svg", *, cache_dir: str | os.PathLike[str] | None = None,
           timeout: float = 60, name: str = "map") -> bytes:
    """Render DOT source to ``fmt`` (svg, pdf, png; ``dot`` returns the source), using the cache."""
    _check_fmt(fmt)
    if fmt == "dot":
        return dot_source.encode("utf-8")
    key = cache_key(dot_source, fmt)
    path = cache_path(cache_dir, key, fmt)
    try:
        return path.read_bytes()
    except OSError:
        pass
    out = run_dot([f"-T{fmt}"], dot_source.encode("utf-8"), timeout=timeout, name=name)
    if fmt == "svg":
        out = readable_titles(out)
    store(path, out)
    log.debug("rendered map %s (%d bytes)", name, len(out))
    return out


#: A node, edge or cluster group, its ``<title>`` (Graphviz writes the DOT name there) and its tooltip.
_TITLED = re.compile(rb'(<g id="[^"]*" class="(?:node|edge|cluster)[^"]*">\n<title>)[^<]*(</title>\n'
                     rb'<g id="[^"]*"><a (?:[^>]*? )?xlink:title="([^"]*)")')


def readable_titles(svg: bytes) -> bytes:
    """Give each element's SVG ``<title>`` (what screen readers announce) its tooltip text, not its DOT name.

    Both are text Graphviz has already escaped for XML, so the swap needs no escaping of its own.
    """
    return _TITLED.sub(lambda m: m.group(1) + m.group(3) + m.group(2), svg)


def cache_path(cache_dir: str | os.PathLike[str] | None, key: str, fmt: str) -> pathlib.Path:
    """Where the output with content key ``key`` lives in the cache."""
    folder = pathlib.Path(cache_dir) if cache_dir is not None else default_cache_dir()
    return folder / key[:2] / f"{key}.{fmt}"


def store(path: pathlib.Path, data: bytes) -> None:
    """Write atomically (a temporary file, then a rename), so a crash never leaves half a map in the cache."""
    try:
        write_atomic(path, data)
    except OSError as exc:  # a read-only cache only costs speed
        log.warning("could not write the map cache at %s: %s", path.parent, exc)


def render_many(jobs: list[tuple[str, str]], fmt: str = "svg", *, cache_dir: str | os.PathLike[str] | None = None,
                timeout: float = 60, workers: int | None = None,
                progress: ProgressFn | None = None) -> dict[str, bytes]:
    """Render ``(name, dot_source)`` jobs in parallel; name → output, in the order of ``jobs``.

    Fails with the first error in job order (after the others finish) so the message is stable.
    """
    _check_fmt(fmt)
    names = [n for n, _ in jobs]
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise RenderError(f"two maps share the name {dup[0]!r}")
    if fmt != "dot":
        dot_version()  # fail once, early, when dot is missing
    workers = workers or os.cpu_count() or 1
    results: dict[str, bytes] = {}
    errors: dict[str, RenderError] = {}
    total, done = len(jobs), 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, min(workers, total or 1))) as pool:
        futures = {pool.submit(render, src, fmt, cache_dir=cache_dir, timeout=timeout, name=name): name
                   for name, src in jobs}
        for fut in concurrent.futures.as_completed(futures):
            name = futures[fut]
            try:
                results[name] = fut.result()
            except RenderError as exc:
                errors[name] = exc
            done += 1
            if progress is not None:
                progress(done, total)
    for name in names:
        if name in errors:
            raise errors[name]
    return {name: results[name] for name in names}
