"""`argmap fmt`: canonical key order and indentation, comments kept, idempotent, atomic."""

from __future__ import annotations

import pathlib
import shutil

import pytest
from click.testing import CliRunner

from argmap.authoring.fmt import format_paths, format_text
from argmap.authoring.yamledit import MODELINE_PREFIX
from argmap.cli import cli
from argmap.core.loader import load

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "corpus" / "claims"

MESSY = """\
# A comment at the top.
claims:
- text: First claim.   # why it matters
  basis: stated
  id: a
  kind: claim
  locator: {pages: "1", source: p}

# Before b.
- kind: claim
  id: b
  basis: reconstructed
  text: >-
    A folded text that
    spans two lines.
  supports:
  - because: b backs a
    claim: a
section: {coverage: partial, title: S, id: s}
# yaml-language-server: $schema=../schema.json
"""


def test_format_text_orders_keys_and_keeps_comments() -> None:
    out = format_text(MESSY, "x/01-s.yml")
    assert out.splitlines()[0] == MODELINE_PREFIX + "../schema.json"
    for comment in ("# A comment at the top.", "# why it matters", "# Before b."):
        assert comment in out
    assert out.index("section:") < out.index("claims:")
    assert out.index("id: a") < out.index("text: First claim.") < out.index("basis: stated")
    assert "  - id: a\n" in out  # list items indented under their key
    assert "claim: a\n        because: b backs a" in out
    assert "    text: >-\n      A folded text that\n      spans two lines.\n" in out
    assert format_text(out, "x/01-s.yml") == out


def test_modeline_is_added_with_a_relative_path(tmp_path: pathlib.Path) -> None:
    (tmp_path / "site_config" / "schema").mkdir(parents=True)
    (tmp_path / "site_config" / "schema" / "claims.schema.json").write_text("{}")
    (tmp_path / "claims").mkdir()
    out = format_text("paper: {title: T}\n", str(tmp_path / "claims" / "paper.yml"))
    assert out == MODELINE_PREFIX + "../site_config/schema/claims.schema.json\npaper: {title: T}\n"


def test_fmt_is_idempotent_on_the_fixture_and_keeps_its_data(tmp_path: pathlib.Path) -> None:
    claims = tmp_path / "claims"
    shutil.copytree(FIXTURE, claims)
    before = load(str(claims)).corpus
    first = format_paths([str(claims)])
    assert first.errors == [] and first.changed
    texts = {p.name: p.read_text(encoding="utf-8") for p in claims.glob("*.yml")}
    for name, text in texts.items():
        original = (FIXTURE / name).read_text(encoding="utf-8")
        assert [ln for ln in original.splitlines() if ln.lstrip().startswith("#")] == \
            [ln for ln in text.splitlines() if ln.lstrip().startswith("#")], name
    second = format_paths([str(claims)], check=True)
    assert second.changed == [] and second.errors == []
    after = load(str(claims))
    assert not after.report.failed(strict=True)
    assert after.corpus.claims.keys() == before.claims.keys()
    assert [c.text for c in after.corpus.claims.values()] == [c.text for c in before.claims.values()]
    assert after.corpus.relations.keys() == before.relations.keys()


def test_check_lists_files_and_writes_nothing(tmp_path: pathlib.Path) -> None:
    (tmp_path / "01-s.yml").write_text(MESSY, encoding="utf-8")
    result = CliRunner().invoke(cli, ["fmt", "--check", str(tmp_path)])
    assert result.exit_code == 1
    assert f"would reformat {tmp_path / '01-s.yml'}" in result.output
    assert (tmp_path / "01-s.yml").read_text(encoding="utf-8") == MESSY
    result = CliRunner().invoke(cli, ["fmt", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(cli, ["fmt", "--check", str(tmp_path)]).exit_code == 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".argmap-")]


@pytest.mark.parametrize("text, where", [
    ("section:\n  id: s\n  title: [unclosed\n", ":4:"),
    ("# yaml-language-server: $schema=x.json\nsection:\n  id: s\n  id: t\n", ":4:"),
    ("section:\n  id: s\n  id: t\n", ":3:"),
])
def test_unparseable_file_is_reported_and_left_untouched(tmp_path: pathlib.Path, text: str, where: str) -> None:
    path = tmp_path / "01-s.yml"
    path.write_bytes(text.encode("utf-8"))
    result = CliRunner().invoke(cli, ["fmt", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{path}{where}" in result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == text.encode("utf-8")
