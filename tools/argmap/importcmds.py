"""``argmap import argdown|kialo|xaif|sadface``: the click commands, registered by :mod:`argmap.cli`.

Each reads its files with the format's own reader (Argdown's CLI; arguebuf for the others),
writes one corpus into ``--out`` (atomically, never over a non-empty folder without
``--force``), reports what was kept in side files, and checks the result with
``argmap check --strict``. Input that cannot be read is an error naming the file (and the
position when the reader gives one), exit status 1, no traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import click

from argmap.progress import progress

EXIT_PROBLEMS, EXIT_USAGE = 1, 2


def _paths(files: tuple[str, ...], suffixes: tuple[str, ...]) -> list[str]:
    paths: list[str] = []
    for f in files:
        if os.path.isdir(f):
            paths.extend(sorted(os.path.join(f, n) for n in os.listdir(f) if n.endswith(suffixes)))
        else:
            paths.append(f)
    return paths


def _run(name: str, files: tuple[str, ...], suffixes: tuple[str, ...], out: str, force: bool,
         run: Callable[..., Any], side: str) -> None:
    from argmap.core.diagnostics import format_text
    from argmap.core.loader import load
    from argmap.interchange.aifimport import ImportProblem

    paths = _paths(files, suffixes)
    if not paths:
        click.echo(f"argmap import {name}: error: no {' or '.join(suffixes)} files in " + ", ".join(files), err=True)
        sys.exit(EXIT_USAGE)
    try:
        with progress(f"Importing {name} files", min_total=2) as bar:
            result = run(paths, out, force=force, progress=bar)
    except ImportProblem as exc:
        click.echo(f"argmap import {name}: error: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    except OSError as exc:
        click.echo(f"argmap import {name}: error: cannot write {out}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    for message in result.messages:
        click.echo(f"note: {message}", err=True)
    c = result.counts
    click.echo(f"imported {len(paths)} file(s) into {out}: {c['claims']} claims, {c['arguments']} arguments, "
               f"{c['relations']} relations; {c['set_aside']} items set aside in {out}/{side}/")
    check = load(out)
    if check.report.failed(True):
        for d in check.report.sorted():
            click.echo(format_text(d), err=True)
        click.echo(f"argmap import {name}: the written claim files do not pass `argmap check --strict`", err=True)
        sys.exit(EXIT_PROBLEMS)


_OUT = click.option("--out", "out", required=True, type=click.Path(file_okay=False),
                    help="The folder to write the claim files into (created; must be empty unless --force).")
_FORCE = click.option("--force", is_flag=True, help="Replace the --out folder as a whole when it is not empty.")
_FILES = click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))


@click.command("argdown")
@_FILES
@_OUT
@_FORCE
def import_argdown(files: tuple[str, ...], out: str, force: bool) -> None:
    """Write claim files from Argdown FILES (or folders of *.argdown), read by Argdown's own CLI."""
    from argmap.interchange.argdownimport import SIDE_DIR, import_files

    _run("argdown", files, (".argdown", ".ad"), out, force, import_files, SIDE_DIR)


def _arguebuf_command(fmt: str, suffixes: tuple[str, ...], what: str) -> click.Command:
    @click.command(fmt, help=f"Write claim files from {what} FILES (or folders of {' or '.join(suffixes)}), "
                             "read by arguebuf.")
    @_FILES
    @_OUT
    @_FORCE
    def command(files: tuple[str, ...], out: str, force: bool) -> None:
        from argmap.interchange.arguebufimport import SIDE_DIR, import_files

        def run(paths: list[str], out: str, **kwargs: Any) -> Any:
            return import_files(fmt, paths, out, **kwargs)

        _run(fmt, files, suffixes, out, force, run, SIDE_DIR)

    return command


COMMANDS = [import_argdown,
            _arguebuf_command("kialo", (".txt",), "Kialo text export"),
            _arguebuf_command("xaif", (".json",), "xAIF (OVA3) JSON"),
            _arguebuf_command("sadface", (".json",), "SADFace JSON")]
