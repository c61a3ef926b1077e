"""The command line: a thin adapter over the library. Only this module writes to the terminal."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from . import __version__
from .diagnostics import CODES, format_github, format_json, format_text, summary_line
from .progress import progress

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="argmap")
def cli() -> None:
    """argmap: a paper's argument as YAML claim files, checked, mapped and published."""


@cli.command()
@click.argument("path", default="claims", type=click.Path(exists=True, file_okay=True, dir_okay=True))
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json"]), default="text", show_default=True,
              help="text for people, github for GitHub Actions annotations, json for tools.")
def check(path: str, strict: bool, fmt: str) -> None:
    """Check the claim files under PATH (default: claims/) and report every problem."""
    from .loader import load

    with progress("Checking claim files") as bar:
        result = load(path, progress=bar)
    report = result.report
    items = report.sorted()
    if fmt == "json":
        click.echo(format_json(items))
        click.echo(summary_line(report, len(result.files)), err=True)
    elif fmt == "github":
        for d in items:
            click.echo(format_github(d))
        click.echo(summary_line(report, len(result.files)), err=True)
    else:
        for d in items:
            click.echo(format_text(d))
        click.echo(summary_line(report, len(result.files)))
    sys.exit(EXIT_PROBLEMS if report.failed(strict) else EXIT_OK)


@cli.command()
def codes() -> None:
    """List every diagnostic code with its one-line description."""
    for c in CODES.values():
        click.echo(f"{c.code}  {c.severity.value:<7}  {c.name:<24} {c.summary}")


def main(argv: list[str] | None = None) -> Any:
    """Entry point: usage errors exit 2; an unexpected failure is one line, never a traceback."""
    try:
        return cli.main(args=argv, prog_name="argmap", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("ARGMAP_DEBUG"):
            raise
        click.echo(f"argmap: internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo("  hint: this is a bug in argmap; run again with ARGMAP_DEBUG=1 for details and report it",
                   err=True)
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":  # pragma: no cover
    main()
