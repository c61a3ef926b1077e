"""One table for the claim format: enums defined once, required-field diagnostics and reference
checks taken from the table, and the CLI's choices taken from the code that implements them."""

from __future__ import annotations

import pathlib

import click

from argmap.core import checks, model, schema
from argmap.core.loader import load
from argmap.core.model import Corpus

CASES = pathlib.Path(__file__).parent / "cases"


def test_the_table_takes_its_enums_from_the_model() -> None:
    fields = schema.OBJECTS
    assert fields["claim"].fields["kind"].enum == tuple(k.value for k in model.ClaimKind)
    assert fields["claim"].fields["basis"].enum == tuple(b.value for b in model.Basis)
    assert fields["section"].fields["coverage"].enum == tuple(c.value for c in model.Coverage)
    assert fields["relation"].fields["type"].enum == tuple(t.value for t in model.RelationType)
    assert fields["evidence"].fields["kind"].enum == tuple(k.value for k in model.EvidenceKind)
    assert fields["evidence"].fields["provenance"].enum == tuple(p.value for p in model.Provenance)
    assert fields["row"].fields["verdict"].enum == tuple(v.value for v in model.Verdict)


def test_required_locator_and_source_are_in_the_table() -> None:
    locator = schema.OBJECTS["claim"].fields["locator"]
    source = schema.OBJECTS["evidence"].fields["source"]
    assert locator.required and locator.missing is not None and locator.missing.code == "AM033"
    assert source.required and source.missing is not None and source.missing.code == "AM030"


def test_every_reference_field_is_checked(fixture_corpus: Corpus) -> None:
    """A reference field added to the table is checked unless it is listed as checked elsewhere:
    each object with reference fields is walked by the references check."""
    with_refs = {name for name in schema.OBJECTS if checks.reference_fields(name)} - {"file"}
    issues = load(str(CASES / "valid" / "label-tests" / "claims")).corpus  # the fixture has no issues
    walked = {obj for corpus in (fixture_corpus, issues) for obj, _, _ in checks._records(corpus)}
    assert with_refs <= walked, sorted(with_refs - walked)
    declared = {(obj, name) for obj, o in schema.OBJECTS.items() for name, f in o.fields.items()
                if f.refs and f.type != "link"
                and not (f.type == "list" and f.item is not None and f.item.type == "link")}
    checked = {(obj, name) for obj in schema.OBJECTS for name, _ in checks.reference_fields(obj)}
    assert declared - checked == checks.CHECKED_ELSEWHERE
    for obj, rec, _ in [*checks._records(fixture_corpus), *checks._records(issues)]:  # each field has its attribute
        for name, _ in checks.reference_fields(obj):
            assert hasattr(rec, checks.ATTRIBUTES.get((obj, name), name)), (obj, name)


def _choices(command: click.Command, name: str) -> tuple[str, ...]:
    param = next(p for p in command.params if p.name == name)
    assert isinstance(param.type, click.Choice)
    return tuple(str(c) for c in param.type.choices)


def test_cli_choices_come_from_the_code(fixture_corpus: Corpus) -> None:
    from argmap.cli import cli
    from argmap.interchange import FORMATS, export
    from argmap.maps import LAYOUTS
    from argmap.maps.graph import VIEWS
    from argmap.maps.svg import FORMATS as MAP_FORMATS
    from argmap.maps.views import build_view
    from argmap.pdf import PAPER_SIZES

    commands = cli.commands  # type: ignore[attr-defined]
    assert _choices(commands["map"], "view") == VIEWS
    assert set(_choices(commands["map"], "fmt")) == {"dot", *MAP_FORMATS}
    assert _choices(commands["map"], "layout") == LAYOUTS
    assert _choices(commands["export"], "fmt") == FORMATS
    assert _choices(commands["export"], "view") == VIEWS
    assert _choices(commands["pdf"], "paper") == tuple(PAPER_SIZES)
    for fmt in FORMATS:  # every choice is implemented
        assert export(fixture_corpus, fmt)
    for view in VIEWS:
        target = {"section": "s-intro", "claim": "c-gap", "comparison": "north-vs-south"}.get(view)
        assert build_view(fixture_corpus, view, target).name
