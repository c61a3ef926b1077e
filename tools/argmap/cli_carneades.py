"""``argmap import carneades``: Carneades 4 YAML argument graphs → claim files."""

from __future__ import annotations

import os
import sys

import click

from argmap.core.diagnostics import format_text
from argmap.progress import progress

EXIT_PROBLEMS = 1
EXIT_USAGE = 2


@click.command("carneades")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="The folder to write the claim files into (created; must be empty unless --force).")
@click.option("--force", is_flag=True, help="Replace the --out folder as a whole when it is not empty.")
def import_carneades(files: tuple[str, ...], out: str, force: bool) -> None:
    """Write claim files from Carneades 4 YAML FILES (or folders of *.yml): one section per file."""
    from argmap.core.loader import load
    from argmap.interchange.aifimport import ImportProblem
    from argmap.interchange.carneades import SIDE_DIR, import_files

    paths: list[str] = []
    for f in files:
        if os.path.isdir(f):
            paths.extend(sorted(os.path.join(f, n) for n in os.listdir(f) if n.endswith((".yml", ".yaml"))))
        else:
            paths.append(f)
    if not paths:
        click.echo("argmap import carneades: error: no *.yml files in " + ", ".join(files), err=True)
        sys.exit(EXIT_USAGE)
    try:
        with progress("Importing Carneades files") as bar:
            result = import_files(paths, out, force=force, progress=bar)
    except ImportProblem as exc:
        click.echo(f"argmap import carneades: error: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    except OSError as exc:
        click.echo(f"argmap import carneades: error: cannot write {out}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    for message in result.messages:
        click.echo(f"note: {message}", err=True)
    c = result.counts
    click.echo(f"imported {len(paths)} file(s) into {out}: {c['claims']} claims ({c['assumptions']} assumed), "
               f"{c['arguments']} arguments, {c['relations']} undercuts, {c['issues']} issues, "
               f"{c['tests']} expected labels; schemes and metadata kept in {out}/{SIDE_DIR}/")
    check = load(out)
    problems = [d for d in check.report.sorted() if d.code != "AM060"]
    for d in check.report.sorted():
        if d.code == "AM060":  # an expected label of the source that argmap computes otherwise
            click.echo(f"note: {format_text(d)}", err=True)
    if problems:
        for d in problems:
            click.echo(format_text(d), err=True)
        click.echo("argmap import carneades: the written claim files do not pass `argmap check --strict`", err=True)
        sys.exit(EXIT_PROBLEMS)
