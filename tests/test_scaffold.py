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


@pytest.fixture()
def paper_claims(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    """A copy of the real map (blank lines between items and before each top-level key), schema beside it."""
    shutil.copytree(ROOT / "claims", tmp_path / "claims")
    shutil.copytree(ROOT / "site_config" / "schema", tmp_path / "site_config" / "schema")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "claims"


def test_new_claim_keeps_the_blank_line_before_the_next_key_and_fmt_keeps_it(paper_claims: pathlib.Path) -> None:
    path = paper_claims / "01-threat-perceptions.yml"
    before = path.read_text(encoding="utf-8")
    code, out = _run("new", "claim", "--section", "threat-perceptions", "--id", "my-reading",
                     "--text", "A new reading.", "--pages", "145")
    assert code == 0, out
    after = path.read_text(encoding="utf-8")
    new_item = ("  - id: my-reading\n    text: A new reading.\n    kind: claim\n    basis: reconstructed\n"
                "    locator: {source: wong-2015-alliance-thinking, pages: \"145\"}\n")
    # The blank line that separated the last claim from `arguments:` now separates the last two claims,
    # and the new claim is followed by a blank line of its own.
    assert "aligned Seoul with Washington against Chinese objections.\n\n" + new_item + "\narguments:\n" in after
    assert after.replace(new_item + "\n", "") == before
    assert _run("fmt", "--check", "claims")[0] == 0
    assert _run("check", "claims")[0] == 0


def test_new_claim_adds_a_blank_line_before_the_next_key_when_there_was_none(claims: pathlib.Path) -> None:
    code, out = _run("new", "claim", "--section", "s-threats", "--id", "my-claim", "--text", "A new reading.")
    assert code == 0, out
    text = (claims / "02-threats.yml").read_text(encoding="utf-8")
    assert "    locator: {source: doe-2015}\n\narguments:\n" in text
    _run("fmt", "claims/02-threats.yml")
    assert "    locator: {source: doe-2015}\n\narguments:\n" in (claims / "02-threats.yml").read_text(encoding="utf-8")


BIBTEX = r"""@article{Cha2000,
  author = {Cha, Victor D. and {Korea Economic Institute} and M{\"u}ller, J{\"o}rg and van der Berg, Jan},
  title = {Abandonment, Entrapment, and Neoclassical Realism in {Asia}: The {United States}, {Japan}, and {Korea}},
  journal = {International Studies Quarterly},
  year = {2000}, month = jun,
  volume = {44}, number = {2}, pages = {261--291},
  doi = {https://doi.org/10.1111/0020-8833.00158},
  keywords = {alliances}, eprint = {xyz}
}
"""
BIBTEX_YAML = """  - id: cha2000
    type: article-journal
    title: "Abandonment, Entrapment, and Neoclassical Realism in Asia: The United States, Japan, and Korea"
    container-title: International Studies Quarterly
    author:
      - {family: Cha, given: Victor D.}
      - {literal: Korea Economic Institute}
      - {family: Müller, given: Jörg}
      - {family: Berg, given: Jan, non-dropping-particle: van der}
    issued: {date-parts: [[2000, 6]]}
    volume: "44"
    issue: "2"
    page: "261-291"
    DOI: 10.1111/0020-8833.00158
"""
CSL_JSON = """{"DOI": "10.1111/0020-8833.00158", "type": "article-journal",
 "title": "Abandonment, <i>Entrapment</i> &amp; Realism", "author": [{"family": "Cha", "given": "Victor D.",
 "sequence": "first", "affiliation": []}], "container-title": ["International Studies Quarterly"],
 "issued": {"date-parts": [[2000, 6]]}, "page": "261-291", "volume": "44", "ISSN": ["0020-8833", "1468-2478"],
 "reference-count": 3, "publisher": "Oxford University Press (OUP)",
 "URL": "http://dx.doi.org/10.1111/0020-8833.00158", "id": "https://doi.org/10.1111/0020-8833.00158"}"""
CSL_YAML = """  - id: cha-2000-abandonment-entrapment
    type: article-journal
    title: Abandonment, Entrapment & Realism
    container-title: International Studies Quarterly
    author:
      - {family: Cha, given: Victor D.}
    issued: {date-parts: [[2000, 6]]}
    publisher: Oxford University Press (OUP)
    volume: "44"
    page: "261-291"
    URL: http://dx.doi.org/10.1111/0020-8833.00158
    DOI: 10.1111/0020-8833.00158
    ISSN: 0020-8833, 1468-2478
"""


def _sources_tail(claims: pathlib.Path, before: str) -> str:
    after = (claims / "sources.yml").read_text(encoding="utf-8")
    assert after.startswith(before)
    return after[len(before):]


@pytest.mark.parametrize("how", ["text", "file", "stdin"])
def test_new_source_from_bibtex(claims: pathlib.Path, tmp_path: pathlib.Path, how: str) -> None:
    before = (claims / "sources.yml").read_text(encoding="utf-8")
    if how == "text":
        result = CliRunner().invoke(cli, ["new", "source", "--bibtex", BIBTEX])
    elif how == "file":
        (tmp_path / "cha.bib").write_text(BIBTEX, encoding="utf-8")
        result = CliRunner().invoke(cli, ["new", "source", "--bibtex-file", str(tmp_path / "cha.bib")])
    else:
        result = CliRunner().invoke(cli, ["new", "source", "--bibtex-file", "-"], input=BIBTEX)
    assert result.exit_code == 0, result.output
    assert result.stdout == "added cha2000 to claims/sources.yml\n"
    assert result.stderr == "note: 'eprint' has no place in the format and was left out\n"
    assert _sources_tail(claims, before) == BIBTEX_YAML
    report = load(str(claims)).report
    assert not report.errors
    assert [d.code for d in report.warnings] == ["AM032"]  # nothing cites it yet
    assert report.warnings[0].message == "source 'cha2000' is not cited by any claim or evidence"


def test_new_source_from_a_dois_csl_json_on_stdin(claims: pathlib.Path) -> None:
    before = (claims / "sources.yml").read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", "source", "--csl-json", "-"], input=CSL_JSON)
    assert result.exit_code == 0, result.output
    assert result.stdout == "added cha-2000-abandonment-entrapment to claims/sources.yml\n"
    assert result.stderr == "note: 'reference-count' has no place in the format and was left out\n"
    assert _sources_tail(claims, before) == CSL_YAML
    assert not load(str(claims)).report.errors
    code, _ = _run("new", "source", "--csl-json", "-", "--id", "cha-2000-abandonment-entrapment")
    assert code == 1  # stdin is empty now: not JSON


@pytest.mark.parametrize("args, given, message", [
    (["--bibtex", "@article{x, title = {A}"], "", "the BibTeX entry cannot be read"),
    (["--bibtex", "@book{a, title={A}}\n@book{b, title={B}}"], "", "holds 2 entries; give exactly one"),
    (["--bibtex", "@book{doe-2015, title={Taken}}"], "", "the id 'doe-2015' is already used by a source"),
    (["--bibtex", "@book{x, author={Doe, J.}}"], "", "the entry has no title"),
    (["--csl-json", "-"], "{\"type\": \"journal-article\", \"title\": \"T\"}", "'journal-article' is not a CSL type"),
    (["--csl-json", "-"], "[1, 2", "the CSL-JSON is not valid JSON"),
    (["--csl-json", "-"], "{\"type\": \"book\", \"title\": \"T\", \"URL\": \"https://exa mple.org\"}",
     "the entry would not pass the checks: 'URL' must be one web address"),
])
def test_new_source_refuses_bad_input_and_changes_nothing(claims: pathlib.Path, args: list[str], given: str,
                                                          message: str) -> None:
    before = {p.name: p.read_bytes() for p in claims.iterdir()}
    result = CliRunner().invoke(cli, ["new", "source", *args], input=given)
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in claims.iterdir()} == before


def test_new_source_needs_exactly_one_input(claims: pathlib.Path) -> None:
    result = CliRunner().invoke(cli, ["new", "source"])
    assert result.exit_code == 2 and "give the entry once" in result.output
    result = CliRunner().invoke(cli, ["new", "source", "--bibtex", BIBTEX, "--csl-json", "-"], input=CSL_JSON)
    assert result.exit_code == 2
