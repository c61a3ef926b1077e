"""Docs are tested against code: every field, diagnostic code and CLI command is documented."""

from __future__ import annotations

import re

from argmap.cli import cli
from argmap.core.diagnostics import CODES
from argmap.core.schema import OBJECTS
from conftest import ROOT

DOCS = ROOT / "docs"


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^### `([^`]+)`\s*$", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_every_schema_field_is_documented() -> None:
    sections = _sections((DOCS / "reference" / "claim-format.md").read_text(encoding="utf-8"))
    assert set(sections) == set(OBJECTS), "objects documented differ from schema.OBJECTS"
    for name, obj in OBJECTS.items():
        documented = set(re.findall(r"^\| `([^`]+)` \|", sections[name], flags=re.MULTILINE))
        assert documented == set(obj.fields), \
            f"{name}: missing {set(obj.fields) - documented}, extra {documented - set(obj.fields)}"


def test_every_diagnostic_code_is_documented() -> None:
    text = (DOCS / "reference" / "diagnostics.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(AM\d{3})` \| [^|]+ \| [^|]+ \| (.+) \|$", text, flags=re.MULTILINE))
    assert set(rows) == set(CODES)
    for code, summary in rows.items():
        assert summary == CODES[code].summary, code


def test_every_cli_command_is_documented() -> None:
    text = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert f"`argmap {name}" in text, f"argmap {name} is not in docs/reference/cli.md"
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in text, f"argmap {name} {opt} is not documented"
