"""The command line: a thin adapter over the library. Only this module writes to the terminal."""

from __future__ import annotations

import itertools
import os
import sys
from typing import Any

import click

from argmap import __version__
from argmap.core.diagnostics import CODES, NON_BLOCKING, format_github, format_json, format_text, summary_line
from argmap.importcmds import import_
from argmap.interchange import FORMATS as EXPORT_FORMATS
from argmap.maps import LAYOUTS
from argmap.maps.graph import VIEWS
from argmap.maps.svg import FORMATS as MAP_FORMATS
from argmap.pdf import PAPER_SIZES
from argmap.progress import progress

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
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


def _enum(obj: str, name: str) -> tuple[str, ...]:
    """The allowed values of a field, from the format (argmap.schema)."""
    from argmap.core.schema import OBJECTS

    return OBJECTS[obj].fields[name].enum


@cli.command("schema")
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False, allow_dash=True),
              help="Where to write the schema (- for standard output). Default: both files in site_config/schema/.")
@click.option("--ids", "ids_only", is_flag=True,
              help="Only the ids schema (claims-ids.schema.json), generated from the claim files.")
@click.option("--claims", "claims_dir", default="claims", show_default=True, type=click.Path(file_okay=False),
              help="The claim files whose ids the ids schema lists.")
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 when a file is not current.")
def schema_(output: str | None, ids_only: bool, claims_dir: str, check_only: bool) -> None:
    """Write the JSON Schemas for editors: the format (completion, hover, validation) and the ids there are."""
    from argmap.authoring.idschema import IDS_SCHEMA_PATH, render_ids_schema
    from argmap.authoring.jsonschema_export import SCHEMA_PATH, render_schema
    from argmap.fsio import write_atomic

    def ids_text() -> str:
        from argmap.core.loader import load

        if not os.path.isdir(claims_dir):
            click.echo(f"argmap schema: error: the claims folder {claims_dir!r} does not exist", err=True)
            sys.exit(EXIT_USAGE)
        return render_ids_schema(load(claims_dir, run_checks=False).corpus)

    targets: list[tuple[str, Any]] = []
    if output is not None:
        targets.append((output, ids_text if ids_only else render_schema))
    else:
        if not ids_only:
            targets.append((SCHEMA_PATH, render_schema))
        targets.append((IDS_SCHEMA_PATH, ids_text))
    stale = False
    for target, render in targets:
        text = render()
        if target == "-":
            if check_only:
                stale = True
                continue
            click.echo(text, nl=False)
            continue
        try:
            with open(target, encoding="utf-8") as fh:
                current = fh.read() == text
        except OSError:
            current = False
        if check_only:
            stale = stale or not current
            hint = "argmap schema --ids" if render is ids_text else "argmap schema"
            click.echo(f"{target} is current" if current else f"{target} is not current; run `{hint}` and commit "
                       "the result", err=not current)
            continue
        if current:
            click.echo(f"{target} is current", err=True)
            continue
        try:
            write_atomic(target, text)
        except OSError as exc:
            click.echo(f"argmap schema: error: cannot write {target}: {exc.strerror or exc}", err=True)
            sys.exit(EXIT_PROBLEMS)
        click.echo(f"wrote {target}")
    if stale:
        sys.exit(EXIT_PROBLEMS)


@cli.group("new")
def new() -> None:
    """Add a claim, an evidence item or a section skeleton to the claim files."""


def _scaffold(make: Any, **kwargs: Any) -> None:
    from argmap.authoring.scaffold import ScaffoldError
    from argmap.authoring.yamledit import EditError

    try:
        added = make(**kwargs)
    except (ScaffoldError, EditError) as exc:
        click.echo(f"argmap new: error: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    except OSError as exc:
        click.echo(f"argmap new: error: {exc.strerror or exc}: {exc.filename or ''}", err=True)
        sys.exit(EXIT_PROBLEMS)
    from argmap.authoring.idschema import refresh

    try:
        written = refresh(kwargs["claims_dir"])
    except OSError as exc:  # the claim file is written; only the editor's id list is not
        click.echo(f"argmap new: warning: cannot update the ids schema: {exc.strerror or exc}", err=True)
        written = ""
    if written:
        click.echo(f"updated {os.path.relpath(written)} (ids for editor completion)", err=True)
    for name in getattr(added, "dropped", ()):
        click.echo(f"note: {name!r} has no place in the format and was left out", err=True)
    click.echo(f"{'created' if added.created else 'added ' + added.id + ' to'} {added.path}")


_CLAIMS_OPTION = click.option("--claims", "claims_dir", default="claims", show_default=True,
                              type=click.Path(file_okay=False), help="The folder that holds the claim files.")


@new.command("claim")
@click.option("--section", required=True, help="The id of the section the claim belongs to.")
@click.option("--id", "ident", required=True, help="The new claim's id (lowercase letters, digits, hyphens).")
@click.option("--text", required=True, help="The claim in your own words (never copied from the paper).")
@click.option("--kind", default="claim", show_default=True, type=click.Choice(list(_enum("claim", "kind"))))
@click.option("--basis", default="reconstructed", show_default=True, type=click.Choice(list(_enum("claim", "basis"))),
              help="stated: the paper says it at the locator; reconstructed: your reading.")
@click.option("--source", default="", help="The source of the locator (default: the paper's own source).")
@click.option("--pages", default="", help="Where in the source, such as 144 or 145-150.")
@click.option("--label", default="", help="A short label for maps.")
@_CLAIMS_OPTION
def new_claim_(claims_dir: str, **kwargs: Any) -> None:
    """Append a claim to its section's file (comments and order are kept)."""
    from argmap.authoring.scaffold import new_claim

    _scaffold(new_claim, claims_dir=claims_dir, **kwargs)


@new.command("evidence")
@click.option("--section", required=True, help="The id of the section the evidence belongs to.")
@click.option("--id", "ident", required=True, help="The new evidence item's id.")
@click.option("--summary", required=True, help="The fact, paraphrased; figures exactly as the source gives them.")
@click.option("--kind", required=True, type=click.Choice(list(_enum("evidence", "kind"))))
@click.option("--date", required=True, help="YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--provenance", default="context", show_default=True,
              type=click.Choice(list(_enum("evidence", "provenance"))),
              help="paper: cited by the paper; context: added by contributors.")
@click.option("--source", default="", help="The sources.yml id the fact comes from.")
@click.option("--locator", default="", help="Page, table or section within the source.")
@click.option("--url", default="", help="Where the fact can be checked (http or https).")
@click.option("--supports", multiple=True, help="A claim this evidence supports (repeat for several).")
@click.option("--label", default="", help="A short label for maps and tables.")
@_CLAIMS_OPTION
def new_evidence_(claims_dir: str, supports: tuple[str, ...], **kwargs: Any) -> None:
    """Append an evidence item to its section's file (comments and order are kept)."""
    from argmap.authoring.scaffold import new_evidence

    _scaffold(new_evidence, claims_dir=claims_dir, supports=supports, **kwargs)


@new.command("section")
@click.option("--id", "ident", required=True, help="The new section's id; the file is NN-<id>.yml.")
@click.option("--title", required=True, help="The section's title.")
@click.option("--coverage", default="not-encoded", show_default=True,
              type=click.Choice(list(_enum("section", "coverage"))), help="How much of the section is mapped.")
@click.option("--pages", default="", help="Where in the paper, such as 145-150.")
@_CLAIMS_OPTION
def new_section_(claims_dir: str, **kwargs: Any) -> None:
    """Create NN-<id>.yml with the modeline and a section header; add it to the paper's sections."""
    from argmap.authoring.scaffold import new_section

    _scaffold(new_section, claims_dir=claims_dir, **kwargs)


@new.command("source")
@click.option("--bibtex", default="", help="A BibTeX entry, given as text.")
@click.option("--bibtex-file", type=click.File("r", encoding="utf-8"), default=None,
              help="A file holding one BibTeX entry (- for standard input).")
@click.option("--csl-json", "csl_json_file", type=click.File("r", encoding="utf-8"), default=None,
              help="A file holding a DOI's CSL-JSON (- for standard input).")
@click.option("--id", "ident", default="", help="The entry's id (default: from the BibTeX key, or author-year-title).")
@_CLAIMS_OPTION
def new_source_(claims_dir: str, bibtex: str, bibtex_file: Any, csl_json_file: Any, ident: str) -> None:
    """Append a CSL-YAML entry to sources.yml, from BibTeX or a DOI's CSL-JSON (no network access)."""
    from argmap.authoring.scaffold import new_source

    given = [bool(bibtex), bibtex_file is not None, csl_json_file is not None]
    if sum(given) != 1:
        click.echo("argmap new source: error: give the entry once: --bibtex TEXT, --bibtex-file FILE or "
                   "--csl-json FILE", err=True)
        sys.exit(EXIT_USAGE)
    text = bibtex or (bibtex_file.read() if bibtex_file is not None else "")
    csl = csl_json_file.read() if csl_json_file is not None else ""
    _scaffold(new_source, claims_dir=claims_dir, bibtex=text, csl_json=csl, ident=ident)


@cli.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 listing the files that would change.")
def fmt_(paths: tuple[str, ...], check_only: bool) -> None:
    """Put claim files (default: claims/) in canonical form, keeping comments."""
    from argmap.authoring.fmt import format_paths

    targets = list(paths) or ["claims"]
    for t in targets:
        if not os.path.exists(t):
            click.echo(f"argmap fmt: error: {t!r} does not exist", err=True)
            sys.exit(EXIT_USAGE)
    with progress("Formatting claim files") as bar:
        result = format_paths(targets, check=check_only, progress=bar)
    for message in result.errors:
        click.echo(f"error: {message}", err=True)
    for path in result.changed:
        click.echo(f"would reformat {path}" if check_only else f"reformatted {path}")
    total = len(result.changed) + len(result.unchanged) + len(result.errors)
    verb = "would be reformatted" if check_only else "reformatted"
    click.echo(f"{total} files: {len(result.changed)} {verb}, {len(result.errors)} not readable", err=True)
    if result.errors or (check_only and result.changed):
        sys.exit(EXIT_PROBLEMS)


@cli.command("diff")
@click.argument("base")
@click.argument("head", required=False)
@click.option("--claims", "claims_dir", default="claims", show_default=True, type=click.Path(),
              help="The folder that holds the claim files.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True,
              help="markdown for a pull-request comment, json for tools.")
@click.option("-o", "--output", default="-", show_default=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Where to write the diff (- for standard output).")
@click.option("--map", "map_file", default=None, type=click.Path(dir_okay=False),
              help="Also draw the diff map into this file (.svg, .pdf, .png or .dot).")
def diff_(base: str, head: str | None, claims_dir: str, fmt: str, output: str, map_file: str | None) -> None:
    """What changed in the argument from git revision BASE to HEAD (default: the working tree)."""
    from argmap.authoring.diff import DiffError, diff_revisions, to_json, to_markdown
    from argmap.authoring.gitrev import GitError
    from argmap.fsio import write_atomic

    if not os.path.isdir(claims_dir):
        click.echo(f"argmap diff: error: the claims folder {claims_dir!r} does not exist", err=True)
        sys.exit(EXIT_USAGE)
    try:
        result = diff_revisions(claims_dir, base, head)
    except (DiffError, GitError) as exc:
        click.echo(f"argmap diff: error: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    text = to_json(result) if fmt == "json" else to_markdown(result)
    try:
        if map_file:
            from argmap.authoring.diffmap import render_map
            from argmap.maps.svg import RenderError

            ext = os.path.splitext(map_file)[1].lstrip(".").lower() or "svg"
            if ext not in ("svg", "pdf", "png", "dot"):
                click.echo(f"argmap diff: error: --map must end in .svg, .pdf, .png or .dot, not {map_file!r}",
                           err=True)
                sys.exit(EXIT_USAGE)
            try:
                data = render_map(result, ext)
            except RenderError as exc:
                click.echo(f"argmap diff: error: {exc}", err=True)
                sys.exit(EXIT_PROBLEMS)
            write_atomic(map_file, data)
            click.echo(f"wrote {map_file}", err=True)
        if output == "-":
            click.echo(text, nl=False)
        else:
            write_atomic(output, text)
    except OSError as exc:
        click.echo(f"argmap diff: error: cannot write: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_PROBLEMS)


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
