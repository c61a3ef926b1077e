"""The contributor's commands: ``argmap new`` (claim, evidence, section, source skeletons),
``argmap fmt``, ``argmap schema`` (the editor's JSON Schemas) and ``argmap diff`` (the argument's
diff between git revisions); registered by :mod:`argmap.cli`. Each reports a problem as one line
naming the file, exits non-zero and never prints a traceback.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from argmap.exitcodes import EXIT_PROBLEMS, EXIT_USAGE
from argmap.progress import progress


def _enum(obj: str, name: str) -> tuple[str, ...]:
    """The allowed values of a field, from the format (argmap.schema)."""
    from argmap.core.schema import OBJECTS

    return OBJECTS[obj].fields[name].enum


@click.command("schema")
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


@click.group("new")
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


@click.command("fmt")
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


@click.command("diff")
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
