"""The JSON Schema for claim files: current, valid, and in agreement with `argmap check`."""

from __future__ import annotations

import pathlib
import re

import jsonschema
import pytest
import yaml

from argmap.authoring.jsonschema_export import (
    EXPRESSIBLE,
    SCHEMA_PATH,
    build_schema,
    is_current,
    render_schema,
    schema_validator,
)
from argmap.core.schema import OBJECTS

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "cases" / "invalid").glob("*/claims"))
#: Codes whose problems stop the YAML itself from being read the way argmap reads it.
UNREADABLE = {"AM001", "AM002", "AM003", "AM004", "AM005", "AM006"}
#: Field-level codes: a file without them must be accepted by the schema.
FIELD_LEVEL = set(EXPRESSIBLE) | {"AM040", "AM041"}
LINE = re.compile(r"^claims/(?P<file>[^:]+):\d+:\d+: (?P<sev>error|warning)\[(?P<code>AM\d{3})\]")


class _Loader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: dates stay strings (YAML 1.2)."""


_Loader.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return schema_validator()


def _errors(validator: jsonschema.Draft202012Validator, path: pathlib.Path) -> list[str]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_committed_schema_is_current() -> None:
    assert is_current(str(ROOT / SCHEMA_PATH)), "run `argmap schema` and commit site_config/schema/claims.schema.json"


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(build_schema())
    assert render_schema() == render_schema()


def test_every_field_is_in_the_schema_with_its_doc() -> None:
    defs = build_schema()["$defs"]
    for name, obj in OBJECTS.items():
        if name == "link":
            props = {**defs["link-claim"]["properties"], **defs["link-relation"]["properties"]}
        else:
            props = defs[name]["properties"]
            assert defs[name]["additionalProperties"] is False
        assert set(props) == set(obj.fields), name
        for fname, f in obj.fields.items():
            if f.doc:
                assert f.doc in props[fname]["description"], (name, fname)


@pytest.mark.parametrize("path", sorted((ROOT / "claims").glob("*.yml"))
                         + sorted((ROOT / "tests" / "fixtures" / "corpus" / "claims").glob("*.yml")),
                         ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_schema_accepts_real_claim_files(validator: jsonschema.Draft202012Validator, path: pathlib.Path) -> None:
    assert _errors(validator, path) == []


def test_claim_files_start_with_the_modeline() -> None:
    for path in sorted((ROOT / "claims").glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../site_config/schema/claims.schema.json", path


def _expected(case: pathlib.Path) -> dict[str, set[str]]:
    codes: dict[str, set[str]] = {}
    for line in (case.parent / "expected.txt").read_text(encoding="utf-8").splitlines():
        m = LINE.match(line)
        if m and m["sev"] == "error":
            codes.setdefault(m["file"], set()).add(m["code"])
    return codes


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.parent.name)
def test_schema_agrees_with_check_on_invalid_cases(validator: jsonschema.Draft202012Validator,
                                                   case: pathlib.Path) -> None:
    expected = _expected(case)
    all_codes = set().union(*expected.values()) if expected else set()
    if all_codes & UNREADABLE:
        pytest.skip("the file is not readable YAML in argmap's sense")
    if not all_codes & set(EXPRESSIBLE):
        pytest.skip(f"{sorted(all_codes)} cannot be expressed in a JSON Schema")
    rejected = False
    for path in sorted(case.glob("*.yml")):
        codes = expected.get(path.name, set())
        errors = _errors(validator, path)
        if codes & set(EXPRESSIBLE):
            assert errors, f"{path.name} has {sorted(codes)} but the schema accepts it"
            rejected = True
        elif not codes & FIELD_LEVEL:
            assert errors == [], f"{path.name} has no field-level problem but the schema rejects it"
    assert rejected


def test_cli_schema_writes_and_checks(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from argmap.cli import cli

    runner = CliRunner()
    monkeypatch.chdir(ROOT)
    assert runner.invoke(cli, ["schema", "--check"]).exit_code == 0
    target = tmp_path / "claims.schema.json"
    assert runner.invoke(cli, ["schema", "-o", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8") == render_schema()
    assert runner.invoke(cli, ["schema", "--check", "-o", str(target)]).exit_code == 0
    target.write_text("{}\n", encoding="utf-8")
    result = runner.invoke(cli, ["schema", "--check", "-o", str(target)])
    assert result.exit_code == 1 and "not current" in result.output
