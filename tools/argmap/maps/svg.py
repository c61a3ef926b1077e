"""DOT → SVG, PDF or PNG: the one place that runs Graphviz.

Every output is cached by a hash of (argmap's code fingerprint, Graphviz version, format, DOT source) under
``.cache/maps/`` of the project root (or ``cache_dir``), so an unchanged map is never rendered
twice. :func:`render_many` lays out many maps per ``dot`` process, one process per core at a
time (:func:`render_batch`). A missing ``dot``, a failing one or one that runs out of time becomes a
:class:`RenderError` that names the map and says what to do.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import hashlib
import logging
import os
import pathlib
import re
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence

from argmap.buildcache import code_fingerprint
from argmap.fsio import write_atomic

log = logging.getLogger(__name__)

FORMATS = ("svg", "pdf", "png")
#: The Graphviz layout command; tests point it elsewhere.
DOT_COMMAND = "dot"
INSTALL_HINT = "install Graphviz: `apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS)"
#: The most graphs one ``dot`` process lays out (:func:`render_batch`): a process of its own per
#: map costs some 11 ms of CPU for start-up alone, most of the layout of a small claim map.
BATCH = 64
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
    """Render ``(name, dot_source)`` jobs, many per ``dot`` process; name → output, in the order of ``jobs``.

    Fails with the first error in job order (after the others finish) so the message is stable.
    """
    done = render_each(jobs, fmt, cache_dir=cache_dir, timeout=timeout, workers=workers, progress=progress)
    for name, _ in jobs:
        if name in done.errors:
            raise done.errors[name]
    return done.outputs


@dataclasses.dataclass
class Rendered:
    """What :func:`render_each` made: outputs and errors by map name."""

    outputs: dict[str, bytes]
    errors: dict[str, RenderError]


def batchable(dot_source: str) -> bool:
    """Whether ``dot`` gives this graph the same output in a batch as alone: at most one cluster.

    Graphviz 2.43 keeps the clusters of a graph in the order their names lie in memory, and in a
    process that laid out other graphs before, that order changes from run to run: a graph with
    several clusters (section maps, the overview) would not come out the same twice. With one
    cluster there is no order to change (tests check the bytes against ``dot`` alone)."""
    return len(_CLUSTER.findall(dot_source)) <= 1


_CLUSTER = re.compile(r"\bsubgraph\s+\"?cluster")


def render_each(jobs: Iterable[tuple[str, str]], fmt: str = "svg", *,
                cache_dir: str | os.PathLike[str] | None = None, timeout: float = 60, workers: int | None = None,
                progress: ProgressFn | None = None, expected: int | None = None) -> Rendered:
    """Render ``(name, dot_source)`` jobs: maps in the cache are read from it, the others laid out
    ``workers`` processes at a time (default: one per core), up to :data:`BATCH` graphs per ``dot``
    process when :func:`batchable`. A map that fails is reported under its own name and the
    others are still drawn (:func:`render_batch`).

    ``jobs`` may be a generator: batches are laid out while it writes the next maps' DOT, so
    Python and Graphviz work at the same time; ``expected`` (how many jobs it will give) sizes
    the batches and the progress."""
    _check_fmt(fmt)
    if fmt == "dot":
        return Rendered({name: src.encode("utf-8") for name, src in jobs}, {})
    if isinstance(jobs, Sequence):
        expected = len(jobs)
    dot_version()  # fail once, early, when dot is missing
    done = Rendered({}, {})
    order: list[str] = []
    paths: dict[str, pathlib.Path] = {}
    workers = max(1, workers or os.cpu_count() or 1)
    size = max(1, min(BATCH, -(-(expected or BATCH * workers * 4) // (workers * 4))))
    together: list[tuple[str, str]] = []
    count = 0

    def finished(fut: concurrent.futures.Future[tuple[dict[str, bytes], dict[str, RenderError]]]) -> None:
        nonlocal count
        outs, errs = fut.result()
        for name, data in outs.items():
            store(paths[name], data)
        done.outputs.update(outs)
        done.errors.update(errs)
        count += len(outs) + len(errs)
        if progress is not None:
            progress(count, max(expected or 0, len(order)))

    futures: list[concurrent.futures.Future[tuple[dict[str, bytes], dict[str, RenderError]]]] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        def submit(batch: list[tuple[str, str]]) -> None:
            futures.append(pool.submit(render_batch, batch, fmt, timeout=timeout))
        for name, src in jobs:
            if name in paths:
                raise RenderError(f"two maps share the name {name!r}")
            order.append(name)
            paths[name] = cache_path(cache_dir, cache_key(src, fmt), fmt)
            try:
                done.outputs[name] = paths[name].read_bytes()
                count += 1
                continue
            except OSError:
                pass
            if not batchable(src):
                submit([(name, src)])
            else:
                together.append((name, src))
                if len(together) >= size:
                    submit(together)
                    together = []
        if together:
            submit(together)
        if progress is not None and count:
            progress(count, max(expected or 0, len(order)))
        for fut in futures:  # in submission order, so that progress and errors are stable
            finished(fut)
    done.outputs = {name: done.outputs[name] for name in order if name in done.outputs}
    return done


def render_batch(jobs: list[tuple[str, str]], fmt: str, *,
                 timeout: float = 60) -> tuple[dict[str, bytes], dict[str, RenderError]]:
    """Lay out several graphs with one ``dot`` process, uncached: (name → output, name → error).

    Each DOT source goes into its own file and ``dot -T<fmt> -O 0.dot 1.dot …`` writes ``0.dot.<fmt>``
    and so on, so the outputs never need to be told apart inside one stream (a PDF or PNG may hold
    any bytes) and a graph that fails leaves only its own file missing: Graphviz goes on with the
    next. A graph with no whole output is laid out again alone, so that its error names it and
    says what Graphviz said; when the process crashed or ran out of time, every graph is.
    """
    if len(jobs) == 1:
        return _render_alone(jobs, fmt, timeout)
    outs: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="argmap-dot-") as tmp:
        files = []
        for index, (_, src) in enumerate(jobs):
            path = pathlib.Path(tmp, f"{index}.dot")
            path.write_bytes(src.encode("utf-8"))
            files.append(path)
        try:
            # A whole batch of claim maps takes seconds; one that takes twice a map's limit holds a
            # map that is too slow, and laying each out alone finds it (and names it) within its own.
            proc = _spawn([f"-T{fmt}", "-O", *(str(f) for f in files)], b"", timeout * 2,
                          f"{jobs[0][0]} and {len(jobs) - 1} more")
        except DotNotFound:
            raise
        except RenderError:  # out of time: which graph is slow is found by laying each out alone
            return _render_alone(jobs, fmt, timeout)
        if proc.returncode >= 0:  # not killed by a signal: every output that is there is whole
            for (name, _), path in zip(jobs, files, strict=True):
                try:
                    data = path.with_name(f"{path.name}.{fmt}").read_bytes()
                except OSError:
                    continue
                if _complete(data, fmt):
                    outs[name] = _clean(data, fmt)
    again, errors = _render_alone([job for job in jobs if job[0] not in outs], fmt, timeout)
    outs.update(again)
    return {name: outs[name] for name, _ in jobs if name in outs}, errors


#: Graphviz names the graph group of every graph after the first in a process ``page0,1_<id>``.
_PAGE_ID = re.compile(rb'(<g id=")page\d+,\d+_')


def _clean(data: bytes, fmt: str) -> bytes:
    return readable_titles(_PAGE_ID.sub(rb"\1", data, count=1)) if fmt == "svg" else data


def _render_alone(jobs: list[tuple[str, str]], fmt: str,
                  timeout: float) -> tuple[dict[str, bytes], dict[str, RenderError]]:
    outs: dict[str, bytes] = {}
    errors: dict[str, RenderError] = {}
    for name, src in jobs:
        try:
            data = run_dot([f"-T{fmt}"], src.encode("utf-8"), timeout=timeout, name=name)
        except DotNotFound:
            raise
        except RenderError as exc:
            errors[name] = exc
            continue
        outs[name] = readable_titles(data) if fmt == "svg" else data
    return outs, errors


#: How each format's file ends when Graphviz finished writing it.
_ENDS = {"svg": (b"</svg>\n", b"</svg>"), "pdf": (b"%%EOF\n", b"%%EOF", b"%%EOF\r\n"), "png": (b"IEND\xaeB`\x82",)}


def _complete(data: bytes, fmt: str) -> bool:
    return data.rstrip(b"\n").endswith(tuple(e.rstrip(b"\n") for e in _ENDS.get(fmt, (b"",))))
