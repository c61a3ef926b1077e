"""`argmap new`: skeletons added to the right file, nothing else changed, and `check` stays clean."""

from __future__ import annotations

import pathlib
import shutil

import pytest
from click.testing import CliRunner

from argmap.cli import cli
from argmap.core.loader import load

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "corpus" / "claims"


@pytest.fixture()
def claims(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    shutil.copytree(FIXTURE, tmp_path / "claims")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "claims"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_new_then_check_is_clean(claims: pathlib.Path) -> None:
    before = (claims / "02-threats.yml").read_text(encoding="utf-8")
    code, out = _run("new", "claim", "--section", "s-threats", "--id", "my-claim", "--text", "A new reading.",
                     "--pages", "12")
    assert code == 0, out
    code, out = _run("new", "evidence", "--section", "s-threats", "--id", "ev-new", "--summary", "A fact.",
                     "--kind", "event", "--date", "2014-05", "--source", "poll-2014", "--supports", "my-claim")
    assert code == 0, out
    code, out = _run("new", "section", "--id", "s-new", "--title", "A new section")
    assert code == 0, out
    assert "created claims/04-s-new.yml" in out
    after = (claims / "02-threats.yml").read_text(encoding="utf-8")
    # Only lines were added: every line a person wrote is still there, in order, comments too.
    old_lines = before.splitlines()
    it = iter(after.splitlines())
    assert all(any(line == other for other in it) for line in old_lines)
    assert (claims / "04-s-new.yml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../site_config/schema/claims.schema.json\nsection:\n  id: s-new\n")
    result = load(str(claims))
    assert not result.report.failed(strict=True), [str(d.message) for d in result.report]
    assert result.corpus.claims["my-claim"].section == "s-threats"
    assert "s-new" in result.corpus.paper.sections
    assert _run("check", "claims", "--strict")[0] == 0


@pytest.mark.parametrize("args, message", [
    (["claim", "--section", "s-threats", "--id", "t-strong", "--text", "x"], "already used by a claim"),
    (["claim", "--section", "s-threats", "--id", "Bad_Id", "--text", "x"], "not a valid id"),
    (["claim", "--section", "s-threat", "--id", "c-new", "--text", "x"], "did you mean 's-threats'"),
    (["evidence", "--section", "s-threats", "--id", "e-x", "--summary", "x", "--kind", "event", "--date", "May"],
     "YYYY"),
])
def test_new_refuses_bad_input_and_changes_nothing(claims: pathlib.Path, args: list[str], message: str) -> None:
    before = {p.name: p.read_bytes() for p in claims.iterdir()}
    code, out = _run("new", *args)
    assert code == 1
    assert message in out and "Traceback" not in out
    assert {p.name: p.read_bytes() for p in claims.iterdir()} == before


@pytest.mark.parametrize("tail", ["claims: []\n", "claims:\n", "# nothing yet\n"])
def test_new_claim_in_a_section_without_claims(claims: pathlib.Path, tail: str) -> None:
    path = claims / "03-unread.yml"
    path.write_text(path.read_text(encoding="utf-8") + tail, encoding="utf-8")
    code, out = _run("new", "claim", "--section", "s-unread", "--id", "c-first", "--text", "The first one.")
    assert code == 0, out
    text = path.read_text(encoding="utf-8")
    assert "claims:\n  - id: c-first\n    text: The first one.\n" in text
    assert not load(str(claims)).report.failed(strict=True)
