"""Golden cases: each folder under tests/cases/ holds claim files and the exact expected output.

tests/cases/invalid/<case>/claims/   the claim files (the case name starts with the code it shows)
tests/cases/invalid/<case>/args.txt  extra arguments for `argmap check` (optional)
tests/cases/invalid/<case>/expected.txt  exact stdout; regenerate with ARGMAP_REGEN=1
Invalid cases exit 1; valid cases exit 0.
"""

from __future__ import annotations

import pathlib

import pytest
from click.testing import CliRunner

from argmap.cli import cli
from argmap.core.diagnostics import CODES
from conftest import golden

CASES = pathlib.Path(__file__).parent / "cases"
INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p for p in (CASES / "valid").iterdir() if p.is_dir())


def run_case(case: pathlib.Path, monkeypatch: pytest.MonkeyPatch, fmt: str = "text") -> tuple[int, str]:
    args_file = case / "args.txt"
    extra = args_file.read_text().split() if args_file.exists() else []
    monkeypatch.chdir(case)
    result = CliRunner().invoke(cli, ["check", "claims", "--format", fmt, *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_case(case: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run_case(case, monkeypatch)
    golden(case / "expected.txt", out)
    assert code == 1
    main_code = case.name.split("-")[0].upper()
    assert f"[{main_code}]" in out, f"{case.name} must show {main_code}"


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_case(case: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run_case(case, monkeypatch)
    golden(case / "expected.txt", out)
    assert code == 0
    assert "no problems" in out


def test_every_code_has_a_golden_case() -> None:
    shown = set()
    for case in INVALID:
        expected = (case / "expected.txt").read_text(encoding="utf-8")
        shown.update(c for c in CODES if f"[{c}]" in expected)
    assert shown == set(CODES), f"codes without a golden case: {sorted(set(CODES) - shown)}"


def test_json_and_github_formats_carry_the_same_diagnostics(monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    case = CASES / "invalid" / "am021-unknown-reference"
    _, text = run_case(case, monkeypatch)
    code, out = run_case(case, monkeypatch, "json")
    assert code == 1
    items = json.loads(out)
    assert [f"{d['path']}:{d['line']}:{d['col']}: {d['severity']}[{d['code']}]: {d['message']}" for d in items] == [
        line for line in text.splitlines() if "]: " in line and not line.startswith("  hint")
    ]
    code, out = run_case(case, monkeypatch, "github")
    lines = out.splitlines()
    assert code == 1 and len(lines) == len(items)
    first = items[0]
    assert lines[0].startswith(
        f"::error file={first['path']},line={first['line']},col={first['col']},title={first['code']} ")


def test_valid_fixture_corpus_is_clean() -> None:
    from argmap.core.loader import load
    from conftest import FIXTURE_CORPUS

    result = load(str(FIXTURE_CORPUS))
    assert [d.message for d in result.report] == []


def _project(tmp_path: pathlib.Path) -> pathlib.Path:
    import shutil

    shutil.copytree(CASES / "valid" / "minimal" / "claims", tmp_path / "claims")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("sub", ["claims", "docs", "."])
def test_check_finds_the_project_root_upward(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch,
                                             sub: str) -> None:
    root = _project(tmp_path)
    monkeypatch.chdir(root / sub)
    result = CliRunner().invoke(cli, ["check", "--strict"])
    files = len(list((root / "claims").glob("*.yml")))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"{files} files checked: no problems"


def test_check_outside_a_project_is_a_usage_error(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")  # a root without claims/
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path / "docs")
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 2
    assert "no claims/ folder here or in any folder above" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["check", "--format", "json", "--bogus"], "No such option '--bogus'."),
    (["check", "--format=json", "missing-folder"], "'missing-folder' does not exist"),
    (["check", "--format", "json", "a", "b"], "Got unexpected extra argument (b)"),
])
def test_check_usage_errors_are_json_with_format_json(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch,
                                                      args: list[str], message: str) -> None:
    import json

    monkeypatch.chdir(_project(tmp_path))
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["kind"] == "usage" and error["exit_code"] == 2
    assert error["message"] == message and error["hint"]


def test_symlinked_file_inside_the_claims_folder_is_read(tmp_path: pathlib.Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    (root / "claims" / "extra").mkdir()
    target = next(p.name for p in sorted((root / "claims").glob("*.yml")) if p.name != "sources.yml")
    (root / "claims" / "extra" / "linked.yml").symlink_to(pathlib.Path("..") / target)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert "[AM020]" in result.stdout and "[AM051]" not in result.stdout  # read (so its ids repeat), not refused
