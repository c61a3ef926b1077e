"""``argmap import FORMAT``: every importer's command, registered by :mod:`argmap.cli`.

Each command has one shape: read the files with the format's own reader (argmap's AIF, JSON,
Carneades and microtexts readers; Argdown's CLI; arguebuf for Kialo, xAIF and SADFace), write one
corpus into ``--out`` (atomically, never over a non-empty folder without ``--force``), say what
was kept in side files, and check the result as ``argmap check --strict`` does. Input that cannot
be read is an error naming the file (and the position when the reader gives one), exit status 1,
no traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import click

from argmap.exitcodes import EXIT_PROBLEMS, EXIT_USAGE
from argmap.progress import progress

_OUT = click.option("--out", "out", required=True, type=click.Path(file_okay=False),
                    help="The folder to write the claim files into (created; must be empty unless --force).")
_FORCE = click.option("--force", is_flag=True, help="Replace the --out folder as a whole when it is not empty.")
_FILES = click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))


@click.group("import")
def import_() -> None:
    """Turn other formats into claim files."""


def _paths(name: str, files: tuple[str, ...], suffixes: tuple[str, ...]) -> list[str]:
    """The files named, with each folder replaced by its files ending in ``suffixes``; exit 2 if none."""
    paths: list[str] = []
    for f in files:
        if os.path.isdir(f):
            paths.extend(sorted(os.path.join(f, n) for n in os.listdir(f) if n.endswith(suffixes)))
        else:
            paths.append(f)
    if not paths:
        click.echo(f"argmap import {name}: error: no {' or '.join('*' + s for s in suffixes)} files in "
                   + ", ".join(files), err=True)
        sys.exit(EXIT_USAGE)
    return paths


def _run(name: str, label: str, out: str, work: Callable[[Callable[[int, int], None] | None], Any],
         *, min_total: int = 50) -> Any:
    """Run an import under a progress bar; a reader's or writer's error becomes a message and exit 1."""
    from argmap.interchange.aif import AifError

    try:
        with progress(label, min_total=min_total) as bar:
            result = work(bar)
    except AifError as exc:  # ImportProblem and every reader's error derive from it
        click.echo(f"argmap import {name}: error: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    except OSError as exc:
        click.echo(f"argmap import {name}: error: cannot write {out}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    for message in result.messages:
        click.echo(f"note: {message}", err=True)
    return result


def _check_written(name: str, out: str, *, notes: frozenset[str] = frozenset()) -> None:
    """Check what was written as ``argmap check --strict`` does; exit 1 on a problem.

    Diagnostics whose code is in ``notes`` are shown as notes and do not fail the import (an
    expected label the source states but argmap computes otherwise, AM060).
    """
    from argmap.core.diagnostics import format_text
    from argmap.core.loader import load

    found = load(out).report.sorted()
    for d in found:
        if d.code in notes:
            click.echo(f"note: {format_text(d)}", err=True)
    problems = [d for d in found if d.code not in notes]
    if problems:
        for d in problems:
            click.echo(format_text(d), err=True)
        click.echo(f"argmap import {name}: the written claim files do not pass `argmap check --strict`", err=True)
        sys.exit(EXIT_PROBLEMS)


@import_.command("aif")
@_FILES
@_OUT
@_FORCE
def import_aif(files: tuple[str, ...], out: str, force: bool) -> None:
    """Write claim files from AIF JSON FILES (or folders of *.json): one section per file."""
    from argmap.interchange.aifimport import import_files

    paths = _paths("aif", files, (".json",))
    result = _run("aif", "Importing AIF files", out, lambda bar: import_files(paths, out, force=force, progress=bar))
    c = result.counts
    click.echo(f"imported {len(paths)} file(s) into {out}: {c['claims']} claims, {c['arguments']} arguments, "
               f"{c['relations']} relations; {c['kept_nodes']} nodes kept in {out}/_aif/")
    _check_written("aif", out)


@import_.command("carneades")
@_FILES
@_OUT
@_FORCE
def import_carneades(files: tuple[str, ...], out: str, force: bool) -> None:
    """Write claim files from Carneades 4 YAML FILES (or folders of *.yml): one section per file."""
    from argmap.interchange.carneades import SIDE_DIR, import_files

    paths = _paths("carneades", files, (".yml", ".yaml"))
    result = _run("carneades", "Importing Carneades files", out,
                  lambda bar: import_files(paths, out, force=force, progress=bar))
    c = result.counts
    click.echo(f"imported {len(paths)} file(s) into {out}: {c['claims']} claims ({c['assumptions']} assumed), "
               f"{c['arguments']} arguments, {c['relations']} undercuts, {c['issues']} issues, "
               f"{c['tests']} expected labels; schemes and metadata kept in {out}/{SIDE_DIR}/")
    _check_written("carneades", out, notes=frozenset({"AM060"}))


@import_.command("json")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@_OUT
@_FORCE
def import_json(file: str, out: str, force: bool) -> None:
    """Write claim files from FILE, argmap's own JSON export (lossless: export, import, export is the same)."""
    from argmap.interchange.jsonimport import import_file

    result = _run("json", "Importing the JSON export", out,
                  lambda bar: import_file(file, out, force=force, progress=bar))
    c = result.counts
    click.echo(f"imported {file} into {out}: {c['sections']} sections, {c['claims']} claims, "
               f"{c['arguments']} arguments, {c['relations']} relations, {c['evidence']} evidence items")
    _check_written("json", out)


@import_.command("microtexts")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@_OUT
@_FORCE
@click.option("--main-language", default="en", show_default=True,
              help="The language of each claim's text; the other languages become its translations.")
@click.option("--language", "default_language", default="en", show_default=True,
              help="The language of files whose folder is not named by a language tag (en/, de/).")
def import_microtexts(paths: tuple[str, ...], out: str, force: bool, main_language: str,
                      default_language: str) -> None:
    """Write claim files from arg-microtexts XML files (or folders of them): one section per text.

    The versions of one text in several languages (en/micro_b001.xml, de/micro_b001.xml)
    become one graph whose claims carry their text in every language."""
    from argmap.interchange.microtexts import SIDE_DIR, import_paths

    result = _run("microtexts", "Importing arg-microtexts", out,
                  lambda bar: import_paths(list(paths), out, force=force, main_language=main_language,
                                           default_language=default_language, progress=bar))
    c = result.counts
    click.echo(f"imported {c['texts']} text(s) into {out}: {c['claims']} claims, {c['arguments']} arguments; "
               f"segmentation and ids kept in {out}/{SIDE_DIR}/")
    _check_written("microtexts", out)


def _files_import(name: str, paths: list[str], out: str, run: Callable[..., Any], side: str) -> None:
    """The Argdown and arguebuf imports: read ``paths`` with ``run``, report, check."""
    result = _run(name, f"Importing {name} files", out, lambda bar: run(paths, out, progress=bar), min_total=2)
    c = result.counts
    click.echo(f"imported {len(paths)} file(s) into {out}: {c['claims']} claims, {c['arguments']} arguments, "
               f"{c['relations']} relations; {c['set_aside']} items set aside in {out}/{side}/")
    _check_written(name, out)


@import_.command("argdown")
@_FILES
@_OUT
@_FORCE
def import_argdown(files: tuple[str, ...], out: str, force: bool) -> None:
    """Write claim files from Argdown FILES (or folders of *.argdown), read by Argdown's own CLI."""
    from argmap.interchange.argdownimport import SIDE_DIR, import_files

    paths = _paths("argdown", files, (".argdown", ".ad"))
    _files_import("argdown", paths, out, lambda p, o, **kw: import_files(p, o, force=force, **kw), SIDE_DIR)


def _arguebuf_command(fmt: str, suffixes: tuple[str, ...], what: str) -> None:
    @import_.command(fmt, help=f"Write claim files from {what} FILES (or folders of "
                               f"{' or '.join('*' + s for s in suffixes)}), read by arguebuf.")
    @_FILES
    @_OUT
    @_FORCE
    def command(files: tuple[str, ...], out: str, force: bool) -> None:
        from argmap.interchange.arguebufimport import SIDE_DIR, import_files

        paths = _paths(fmt, files, suffixes)
        _files_import(fmt, paths, out, lambda p, o, **kw: import_files(fmt, p, o, force=force, **kw), SIDE_DIR)


_arguebuf_command("kialo", (".txt",), "Kialo text export")
_arguebuf_command("xaif", (".json",), "xAIF (OVA3) JSON")
_arguebuf_command("sadface", (".json",), "SADFace JSON")
