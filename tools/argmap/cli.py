"""The command line: a thin adapter over the library. Only this module writes to the terminal."""

from __future__ import annotations

import itertools
import os
import sys
from typing import Any

import click

from argmap import __version__
from argmap.authorcmds import diff_, fmt_, new, schema_
from argmap.core.diagnostics import CODES, NON_BLOCKING, format_github, format_json, format_text, summary_line
from argmap.exitcodes import EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from argmap.importcmds import import_
from argmap.interchange import FORMATS as EXPORT_FORMATS
from argmap.maps import LAYOUTS
from argmap.maps.graph import VIEWS
from argmap.maps.svg import FORMATS as MAP_FORMATS
from argmap.pdf import PAPER_SIZES
from argmap.progress import progress

_SEMANTICS = ("grounded", "complete", "preferred", "stable", "carneades")  # argmap.core.schema.SEMANTICS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="argmap")
def cli() -> None:
    """argmap: a paper's argument as YAML claim files, checked, mapped and published."""


def _wants_json(args: list[str]) -> bool:
    return "--format=json" in args or any(a == "--format" and b == "json" for a, b in itertools.pairwise(args))


def _json_usage_error(message: str, hint: str = "") -> None:
    import json

    click.echo(json.dumps({"error": {"kind": "usage", "message": message, "hint": hint, "exit_code": EXIT_USAGE}},
                          indent=2, ensure_ascii=False, sort_keys=True))
    sys.exit(EXIT_USAGE)


class _JsonUsageCommand(click.Command):
    """A command whose usage errors are JSON on standard output when it is asked for --format json."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        wants_json = _wants_json(args)
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            if not wants_json:
                raise
            _json_usage_error(exc.format_message(), f"run `{ctx.command_path} --help` for the usage")
            raise  # not reached


def _usage_error(fmt: str, message: str, hint: str) -> None:
    if fmt == "json":
        _json_usage_error(message, hint)
    click.echo(f"argmap check: error: {message}\n  hint: {hint}", err=True)
    sys.exit(EXIT_USAGE)


@cli.command(cls=_JsonUsageCommand)
@click.argument("path", required=False, type=click.Path(file_okay=True, dir_okay=True))
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json"]), default="text", show_default=True,
              help="text for people, github for GitHub Actions annotations, json for tools.")
def check(path: str | None, strict: bool, fmt: str) -> None:
    """Check the claim files under PATH and report every problem.

    Without PATH, the claims/ folder of the project: looked for here and then upward, as git
    looks for its repository, so the check works from claims/ or docs/ too.
    """
    from argmap.core.discover import find_claims_dir
    from argmap.core.loader import load

    if path is None:
        path = find_claims_dir()
        if path is None:
            _usage_error(fmt, "no claims/ folder here or in any folder above",
                         "run argmap inside the project, or name the folder: argmap check PATH")
            return
        path = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else path
    elif not os.path.exists(path):
        _usage_error(fmt, f"{path!r} does not exist", "name the folder that holds the claim files, such as claims/")
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


def _load_clean(claims_dir: str, command: str, *, show_progress: bool = False) -> Any:
    """Load the claim files for a command that needs them error-free; print the errors and exit 1 if not."""
    from argmap.core.loader import load

    if show_progress:
        with progress("Reading claim files") as bar:
            result = load(claims_dir, progress=bar)
    else:
        result = load(claims_dir)
    blocking = [d for d in result.report.errors if d.code not in NON_BLOCKING]
    for d in result.report.errors:
        if d.code in NON_BLOCKING:  # a failed tests: entry; the labels show why
            click.echo(f"note: {format_text(d)}", err=True)
    if blocking:
        for d in blocking:
            click.echo(format_text(d), err=True)
        click.echo(summary_line(result.report, len(result.files)), err=True)
        click.echo(f"argmap {command}: the claim files have errors; fix them first (see `argmap check`)", err=True)
        sys.exit(EXIT_PROBLEMS)
    return result


def _write_output(output: str, data: str | bytes, command: str) -> None:
    """Write a command's result to ``output`` (``-``: standard output), atomically; exit 1 if it cannot."""
    from argmap.fsio import write_atomic

    if output == "-":
        click.echo(data, nl=False)
        return
    try:
        write_atomic(output, data)
    except OSError as exc:
        click.echo(f"argmap {command}: error: cannot write {output}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(f"wrote {output} ({len(data):,} bytes)", err=True)


@cli.command()
def codes() -> None:
    """List every diagnostic code with its one-line description."""
    for c in CODES.values():
        click.echo(f"{c.code}  {c.severity.value:<7}  {c.name:<24} {c.summary}")


@cli.command()
@click.option("-o", "--output", default="argmap.pdf", show_default=True, type=click.Path(dir_okay=False),
              help="Where to write the PDF.")
@click.option("--paper", type=click.Choice(list(PAPER_SIZES)), default="a4", show_default=True, help="Paper size.")
@click.option("--claims", "claims_dir", default="claims", show_default=True, type=click.Path(),
              help="The folder that holds the claim files.")
@click.option("--no-maps", is_flag=True, help="Leave the maps out (faster; no Graphviz needed).")
@click.option("--variant", type=click.Choice(["pdf/ua-1", "pdf/a-3b"]), default="pdf/ua-1", show_default=True,
              help="PDF/UA-1 (tagged, accessible) or PDF/A-3b (archival, also tagged).")
def pdf(output: str, paper: str, claims_dir: str, no_maps: bool, variant: str) -> None:
    """Write the whole map as an offline PDF: maps, claims, evidence, bibliography, index.

    Set SOURCE_DATE_EPOCH to make the build date and the PDF's metadata reproducible.
    """
    from argmap.pdf.build import PdfError, build_pdf

    if not os.path.exists(claims_dir):
        click.echo(f"argmap pdf: error: the claims folder {claims_dir!r} does not exist", err=True)
        click.echo("  hint: run it in the project folder, or name the folder with --claims PATH", err=True)
        sys.exit(EXIT_USAGE)
    result = _load_clean(claims_dir, "pdf", show_progress=True)
    try:
        with progress("Making the PDF", min_total=1) as bar:
            build_pdf(result.corpus, output, paper=paper, progress=bar, maps=not no_maps, variant=variant)
    except PdfError as exc:
        click.echo(f"argmap pdf: error: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    except OSError as exc:
        click.echo(f"argmap pdf: error: cannot write {output}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(f"wrote {output}")


@cli.command("map")
@click.argument("view", type=click.Choice(VIEWS))
@click.argument("target", required=False)
@click.option("--claims", "claims_dir", default="claims", show_default=True, type=click.Path(exists=True),
              help="The claims directory.")
@click.option("--format", "fmt", type=click.Choice(("dot", *MAP_FORMATS)), default="svg", show_default=True,
              help="Output format; dot writes the Graphviz source.")
@click.option("-o", "--output", default="-", show_default=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Where to write the map (- for standard output).")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True,
              help="claim view: how many steps around the claim.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=60, show_default=True,
              help="overview: at most this many claims.")
@click.option("--base-url", default=None,
              help="Prefix for node links, such as https://example.org/site/ or @@ROOT@@; default: no links.")
@click.option("--id-prefix", default="", help="Prefix for SVG element ids (to put several maps on one page).")
@click.option("--layout", type=click.Choice(LAYOUTS), default="auto", show_default=True,
              help="large bounds Graphviz's work for big graphs; auto picks it above 400 nodes.")
@click.option("--no-legend", is_flag=True, help="Leave the legend out.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60, show_default=True,
              help="Seconds a map may take to lay out.")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Rendered-map cache (default: .cache/maps/ in the project root).")
def map_(view: str, target: str | None, claims_dir: str, fmt: str, output: str, depth: int, max_nodes: int,
         base_url: str | None, id_prefix: str, layout: str, no_legend: bool, timeout: float,
         cache_dir: str | None) -> None:
    """Draw one map: VIEW is overview, section ID, claim ID, comparison ID or full."""
    from argmap.maps import make_map
    from argmap.maps.graph import ViewError
    from argmap.maps.svg import RenderError

    result = _load_clean(claims_dir, "map")
    try:
        data = make_map(result.corpus, view, target, fmt, url_prefix=base_url, id_prefix=id_prefix,
                        legend=not no_legend, layout=layout, cache_dir=cache_dir, timeout=timeout,
                        depth=depth, max_nodes=max_nodes)
    except ViewError as exc:
        click.echo(f"argmap: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except RenderError as exc:
        click.echo(f"argmap: error: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    _write_output(output, data, "map")


@cli.command("export")
@click.option("--format", "fmt", required=True,
              type=click.Choice(EXPORT_FORMATS),
              help="json (the whole model), aif (AIF JSON), argdown, graphml (yEd, Gephi), dot (one map view) "
                   "or xaif (OVA3's xAIF).")
@click.option("-o", "--output", default="-", show_default=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Where to write the export (- for standard output).")
@click.option("--claims", "claims_dir", default="claims", show_default=True, type=click.Path(),
              help="The folder that holds the claim files.")
@click.option("--view", default="full", show_default=True,
              type=click.Choice(VIEWS),
              help="dot only: the map view; section, claim and comparison take an ID after it.")
@click.argument("target", required=False, metavar="[ID]")
def export_(fmt: str, output: str, claims_dir: str, view: str, target: str | None) -> None:
    """Export the map as JSON, AIF, Argdown, GraphML or DOT (--view VIEW [ID])."""
    from argmap.interchange import ExportError, export

    if not os.path.exists(claims_dir):
        click.echo(f"argmap export: error: the claims folder {claims_dir!r} does not exist", err=True)
        click.echo("  hint: run it in the project folder, or name the folder with --claims PATH", err=True)
        sys.exit(EXIT_USAGE)
    if target is not None and fmt != "dot":
        click.echo(f"argmap export: error: an ID ({target!r}) is only used with --format dot --view VIEW ID", err=True)
        sys.exit(EXIT_USAGE)
    result = _load_clean(claims_dir, "export", show_progress=True)
    try:
        text = export(result.corpus, fmt, view=view, target=target) if fmt == "dot" else export(result.corpus, fmt)
    except ExportError as exc:
        click.echo(f"argmap export: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    _write_output(output, text, "export")


cli.add_command(import_)
for _command in (schema_, new, fmt_, diff_):
    cli.add_command(_command)


@cli.command()
@click.option("--claims", "claims_dir", default="claims", show_default=True, type=click.Path(exists=True),
              help="The folder that holds the claim files.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--semantics", type=click.Choice(list(_SEMANTICS)), default=None,
              help="grounded, complete, preferred, stable or carneades "
                   "(default: the paper's `semantics`, else grounded).")
@click.option("--why", is_flag=True, help="Also print what carries each claim and what defeats it.")
def labels(claims_dir: str, fmt: str, semantics: str | None, why: bool) -> None:
    """Print every claim's label under a semantics: in, out or undecided."""
    import json

    from argmap.core.acceptance import labelling, statuses

    result = _load_clean(claims_dir, "labels")
    corpus = result.corpus
    name = semantics or (corpus.paper.semantics if corpus.paper is not None else "grounded")
    lab = labelling(corpus, name)
    found = dict(lab.claims)
    if not why:
        if fmt == "json":
            click.echo(json.dumps(found, indent=2, sort_keys=True))
            return
        for cid, label in found.items():
            click.echo(f"{cid}\t{label}")
        return
    st = statuses(corpus, name, lab)
    if fmt == "json":
        click.echo(json.dumps({cid: {"label": s.label, "carried_by": list(s.carried_by),
                                     "defeated_by": list(s.defeated_by), "assumed": s.assumed}
                               for cid, s in st.items()}, indent=2, sort_keys=True))
        return
    for cid, s in st.items():
        click.echo(f"{cid}\t{s.label}\t{'assumed ' if s.assumed else ''}carried by: {', '.join(s.carried_by) or '-'}"
                   f"\tdefeated by: {', '.join(s.defeated_by) or '-'}")


def main(argv: list[str] | None = None) -> Any:
    """Entry point: usage errors exit 2; an unexpected failure is one line, never a traceback."""
    try:
        return cli.main(args=argv, prog_name="argmap", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:
        if os.environ.get("ARGMAP_DEBUG"):
            raise
        click.echo(f"argmap: internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo("  hint: this is a bug in argmap; run again with ARGMAP_DEBUG=1 for details and report it",
                   err=True)
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":  # pragma: no cover
    main()
