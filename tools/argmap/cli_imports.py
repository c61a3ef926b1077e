"""The ``argmap import json`` and ``argmap import microtexts`` commands (registered on ``argmap import``)."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

from argmap.core.diagnostics import format_text
from argmap.progress import progress

EXIT_PROBLEMS, EXIT_USAGE = 1, 2


def _check_written(out: str, command: str) -> None:
    """Load what was written; a failure of ``argmap check --strict`` is reported and exits non-zero."""
    from argmap.core.loader import load

    check = load(out)
    if check.report.failed(True):
        for d in check.report.sorted():
            click.echo(format_text(d), err=True)
        click.echo(f"argmap import {command}: the written claim files do not pass `argmap check --strict`", err=True)
        sys.exit(EXIT_PROBLEMS)


def _run(command: str, label: str, out: str, work: Callable[[Callable[[int, int], None] | None], object]) -> object:
    from argmap.interchange.aif import AifError

    try:
        with progress(label) as bar:
            return work(bar)
    except AifError as exc:  # ImportProblem and the readers' errors derive from it
        click.echo(f"argmap import {command}: error: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    except OSError as exc:
        click.echo(f"argmap import {command}: error: cannot write {out}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_PROBLEMS)


def register(group: click.Group) -> None:
    """Add the commands of this module to the ``argmap import`` group."""

    @group.command("json")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @click.option("--out", "out", required=True, type=click.Path(file_okay=False),
                  help="The folder to write the claim files into (created; must be empty unless --force).")
    @click.option("--force", is_flag=True, help="Replace the --out folder as a whole when it is not empty.")
    def import_json(file: str, out: str, force: bool) -> None:
        """Write claim files from FILE, argmap's own JSON export (lossless: export, import, export is the same)."""
        from argmap.interchange.aifimport import ImportResult
        from argmap.interchange.jsonimport import import_file

        result = _run("json", "Importing the JSON export", out,
                      lambda bar: import_file(file, out, force=force, progress=bar))
        assert isinstance(result, ImportResult)
        for message in result.messages:
            click.echo(f"note: {message}", err=True)
        c = result.counts
        click.echo(f"imported {file} into {out}: {c['sections']} sections, {c['claims']} claims, "
                   f"{c['arguments']} arguments, {c['relations']} relations, {c['evidence']} evidence items")
        _check_written(out, "json")

    @group.command("microtexts")
    @click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
    @click.option("--out", "out", required=True, type=click.Path(file_okay=False),
                  help="The folder to write the claim files into (created; must be empty unless --force).")
    @click.option("--force", is_flag=True, help="Replace the --out folder as a whole when it is not empty.")
    @click.option("--main-language", default="en", show_default=True,
                  help="The language of each claim's text; the other languages become its translations.")
    @click.option("--language", "default_language", default="en", show_default=True,
                  help="The language of files whose folder is not named by a language tag (en/, de/).")
    def import_microtexts(paths: tuple[str, ...], out: str, force: bool, main_language: str,
                          default_language: str) -> None:
        """Write claim files from arg-microtexts XML files (or folders of them): one section per text.

        The versions of one text in several languages (en/micro_b001.xml, de/micro_b001.xml)
        become one graph whose claims carry their text in every language."""
        from argmap.interchange.aifimport import ImportResult
        from argmap.interchange.microtexts import SIDE_DIR, import_paths

        result = _run("microtexts", "Importing arg-microtexts", out,
                      lambda bar: import_paths(list(paths), out, force=force, main_language=main_language,
                                               default_language=default_language, progress=bar))
        assert isinstance(result, ImportResult)
        for message in result.messages:
            click.echo(f"note: {message}", err=True)
        c = result.counts
        click.echo(f"imported {c['texts']} text(s) into {out}: {c['claims']} claims, {c['arguments']} arguments; "
                   f"segmentation and ids kept in {out}/{SIDE_DIR}/")
        _check_written(out, "microtexts")

    _ = import_json, import_microtexts  # registered by the decorators
