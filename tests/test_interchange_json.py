"""``argmap import json``: export → import → export is the identity on every field."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.cli import cli
from argmap.core.loader import load
from argmap.interchange import export
from argmap.interchange.aifimport import ImportProblem, write_files
from argmap.interchange.jsonimport import convert, read_export

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "corpus" / "claims"


def _round_trip(claims: Path, tmp_path: Path) -> tuple[str, str]:
    first = load(str(claims))
    assert not first.report.failed(strict=True)
    exported = export(first.corpus, "json")
    result = convert(json.loads(exported))
    assert result.messages == []
    write_files(result.files, str(tmp_path / "imported"))
    again = load(str(tmp_path / "imported"))
    assert not again.report.failed(strict=True), [str(d) for d in again.report.sorted()][:5]
    return exported, export(again.corpus, "json")


@pytest.mark.parametrize("claims", [FIXTURE, ROOT / "claims"], ids=["fixture", "paper"])
def test_export_import_export_is_the_identity(claims: Path, tmp_path: Path) -> None:
    exported, again = _round_trip(claims, tmp_path)
    a, b = json.loads(exported), json.loads(again)
    for key in a:  # field by field first, for a readable failure
        assert a[key] == b[key], key
    assert exported == again


@pytest.mark.slow
def test_identity_on_the_5000_claim_corpus(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from corpus import generate
    finally:
        sys.path.pop(0)
    claims = Path(generate(5000, str(tmp_path / "gen")))
    exported, again = _round_trip(claims, tmp_path)
    assert len(json.loads(exported)["claims"]) == 5000
    assert exported == again


def test_cli_import_json(tmp_path: Path) -> None:
    runner = CliRunner()
    src = tmp_path / "map.json"
    assert runner.invoke(cli, ["export", "--format", "json", "-o", str(src), "--claims", str(FIXTURE)]).exit_code == 0
    res = runner.invoke(cli, ["import", "json", str(src), "--out", str(tmp_path / "c")])
    assert res.exit_code == 0, res.output
    assert "9 claims" in res.output
    assert export(load(str(tmp_path / "c")).corpus, "json") == src.read_text(encoding="utf-8")
    res = runner.invoke(cli, ["import", "json", str(src), "--out", str(tmp_path / "c")])
    assert res.exit_code == 1 and "--force" in res.output


@pytest.mark.parametrize(("text", "message"), [
    ('{\n  "format": "argmap-export",\n  "version": 1.0,,\n}', ":3:18: not JSON"),
    ('{"nodes": [], "edges": []}', "not an argmap JSON export"),
    ('{"format": "argmap-export", "version": "2.0"}', "version '2.0' is not supported"),
])
def test_unreadable_exports_are_refused_with_the_place(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportProblem, match=message):
        read_export(str(path))


def test_schema_errors_name_the_field(tmp_path: Path) -> None:
    data = json.loads(export(load(str(FIXTURE)).corpus, "json"))
    data["claims"][2]["kind"] = "opinion"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ImportProblem, match=r"at \$\.claims\[2\]\.kind: 'opinion' is not one of"):
        read_export(str(path))
    res = CliRunner().invoke(cli, ["import", "json", str(path), "--out", str(tmp_path / "c")])
    assert res.exit_code == 1 and "claims[2].kind" in res.output and not (tmp_path / "c").exists()
