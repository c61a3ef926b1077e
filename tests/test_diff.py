"""`argmap diff`: golden Markdown, JSON and DOT for a scripted two-commit git repository."""

from __future__ import annotations

import dataclasses
import os
import pathlib
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from argmap.authoring.diff import compare, diff_revisions, to_json, to_markdown, word_diff
from argmap.authoring.diffmap import build_dot
from argmap.cli import cli
from argmap.core.loader import load
from conftest import golden

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "corpus" / "claims"
GOLDEN = ROOT / "tests" / "golden" / "diff"
GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: pathlib.Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def _edit(path: pathlib.Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """Commit 1: the fixture corpus. Commit 2: a claim added, text, a date and relations changed, a link
    removed; a source added, one changed and one removed (its evidence cites another instead)."""
    repo = tmp_path_factory.mktemp("diffrepo")
    _git(repo, "init", "-q", "-b", "main")
    shutil.copytree(FIXTURE, repo / "claims")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "base")
    threats = repo / "claims" / "02-threats.yml"
    _edit(threats, "text: Northland sees Bigland as its main threat.",
          "text: Northland sees Bigland as its greatest threat by far.")
    _edit(threats, "    supports: [c-differ]\n", "    supports: [c-differ]\n    attacks: [c-south-threat]\n")
    _edit(threats, "claims:\n", "claims:\n  - id: c-new\n    text: A *new* claim.\n    kind: premise\n"
                                "    basis: reconstructed\n    locator: {source: doe-2015, pages: \"11\"}\n"
                                "    supports: [c-north-threat]\n")
    _edit(threats, "    evidence: [ev-poll]\n", "")
    _edit(threats, "    date: 2014-07-14\n", "    date: 2014-07\n")
    _edit(threats, "    source: poll-2014\n", "    source: [poll-2014, survey-2016]\n")
    _edit(threats, "    source: [news-2013]\n", "    source: [poll-2014]\n")
    sources = repo / "claims" / "sources.yml"
    _edit(sources, 'title: "Threat poll 2014: \\"who worries?\\""',
          'title: "Threat poll 2014: \\"who worries most?\\""')
    _edit(sources, "  - id: news-2013\n", "  - id: survey-2016\n    type: dataset\n    title: Follow-up survey 2016\n"
                                         "    issued: {date-parts: [[2016, 3]]}\n  - id: news-2013\n")
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text[: text.index("  - id: news-2013\n")], encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "head")
    return repo


@pytest.fixture(scope="module")
def result(repo: pathlib.Path):  # type: ignore[no-untyped-def]
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        return diff_revisions("claims", "HEAD~1", "HEAD")
    finally:
        os.chdir(cwd)


def test_markdown_golden(result) -> None:  # type: ignore[no-untyped-def]
    golden(GOLDEN / "diff.md", to_markdown(result))


def test_json_golden(result) -> None:  # type: ignore[no-untyped-def]
    golden(GOLDEN / "diff.json", to_json(result))


def test_map_dot_golden(result) -> None:  # type: ignore[no-untyped-def]
    dot = build_dot(result)
    assert "[+] added" in dot and "style=\"filled,dashed\"" in dot  # legend shows every state
    golden(GOLDEN / "diff.dot", dot)


def test_working_tree_is_the_default_head(repo: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    _edit(repo / "claims" / "01-intro.yml", "label: Alliances strong now", "label: Alliances strong today")
    try:
        out = CliRunner().invoke(cli, ["diff", "HEAD", "--format", "json"])
        assert out.exit_code == 0, out.output
        assert '"head": "working tree"' in out.output and '"t-strong"' in out.output
        same = CliRunner().invoke(cli, ["diff", "HEAD", "HEAD"])
        assert "No claims, relations, arguments, evidence or sources changed." in same.output
    finally:
        _git(repo, "checkout", "-q", "--", "claims")


def test_unknown_revision_is_a_clear_error(repo: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    out = CliRunner().invoke(cli, ["diff", "no-such-branch"])
    assert out.exit_code == 1
    assert "unknown revision 'no-such-branch'" in out.output and "Traceback" not in out.output


def test_word_diff() -> None:
    assert word_diff("a b c", "a x c") == "a ~~b~~ **x** c"
    assert word_diff("a b", "a b c") == "a b **c**"
    assert word_diff("a *b*", "a") == "a ~~\\*b\\*~~"


def test_a_revision_before_the_claims_existed_is_an_empty_map(tmp_path: pathlib.Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "README").write_text("x\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "first")
    shutil.copytree(FIXTURE, tmp_path / "claims")
    monkeypatch.chdir(tmp_path)
    d = diff_revisions("claims", "HEAD")
    assert list(d.kinds["claim"].added) == sorted(load(str(FIXTURE)).corpus.claims)
    assert not d.kinds["claim"].removed


def _renamed_copy(tmp_path: pathlib.Path, extra: str = "") -> pathlib.Path:
    """The fixture with c-dual renamed c-dual-threat (old id kept as an alias); references left as they were."""
    shutil.copytree(FIXTURE, tmp_path / "claims")
    _edit(tmp_path / "claims" / "02-threats.yml", "  - id: c-dual\n",
          f"  - id: c-dual-threat\n    aliases: [c-dual]\n{extra}")
    return tmp_path / "claims"


def test_a_renamed_claim_with_an_alias_is_one_rename(tmp_path: pathlib.Path) -> None:
    old = load(str(FIXTURE)).corpus
    new = load(str(_renamed_copy(tmp_path))).corpus
    d = compare(old, new)
    assert not d.kinds["claim"].added and not d.kinds["claim"].removed
    assert d.kinds["claim"].changed == [dataclasses.replace(d.kinds["claim"].changed[0], changes=())]
    [changed] = d.kinds["claim"].changed
    assert (changed.id, changed.renamed_from) == ("c-dual-threat", "c-dual")
    for kind in ("relation", "argument", "evidence", "source"):  # its relations and argument did not change
        assert not d.kinds[kind], kind
    md = to_markdown(d)
    assert [line for line in md.splitlines() if line.startswith("- ")] == ["- ✏️ renamed `c-dual` → `c-dual-threat`"]
    assert '"renamed_from": "c-dual"' in to_json(d)
    dot = build_dot(d)
    assert "renamed from c-dual" in dot
    assert "c-dual\\n" not in dot.replace("renamed from c-dual\\n", "")  # no leftover node for the old id


def test_a_rename_that_also_changes_the_text_lists_the_change(tmp_path: pathlib.Path) -> None:
    claims = _renamed_copy(tmp_path)
    _edit(claims / "02-threats.yml", "text: The two threat perceptions explain when the allies diverge.",
          "text: The two threat perceptions explain why the allies diverge.")
    md = to_markdown(compare(load(str(FIXTURE)).corpus, load(str(claims)).corpus))
    assert "- ✏️ renamed `c-dual` → `c-dual-threat`\n  - text: The two threat perceptions explain ~~when~~ " \
           "**why** the allies diverge.\n" in md
    assert "### Relations" not in md and "### Arguments" not in md


def test_sources_are_diffed(result) -> None:  # type: ignore[no-untyped-def]
    sources = result.kinds["source"]
    assert list(sources.added) == ["survey-2016"] and list(sources.removed) == ["news-2013"]
    assert [(c.id, [x.field for x in c.changes]) for c in sources.changed] == [("poll-2014", ["title"])]
    md = to_markdown(result)
    assert "| Sources | 1 | 1 | 1 |" in md
    assert "- ➕ `survey-2016` (dataset): Follow-up survey 2016" in md
    dot = build_dot(result)
    assert "survey-2016" in dot and "cited by" in dot and "shape=folder" in dot


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_cli_writes_the_diff_and_the_map(repo: pathlib.Path, tmp_path: pathlib.Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    out = CliRunner().invoke(cli, ["diff", "HEAD~1", "HEAD", "-o", str(tmp_path / "d.md"),
                                   "--map", str(tmp_path / "d.svg")])
    assert out.exit_code == 0, out.output
    assert (tmp_path / "d.md").read_text(encoding="utf-8") == (GOLDEN / "diff.md").read_text(encoding="utf-8")
    svg = (tmp_path / "d.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith(("<?xml", "<svg")) and "[+] added" in svg


SESSION_BIBTEX = r"""@article{cha2000,
  author = {Cha, Victor D.},
  title = {Abandonment, Entrapment, and Neoclassical Realism in {Asia}: The {United States}, {Japan}, and {Korea}},
  journal = {International Studies Quarterly},
  year = {2000}, volume = {44}, number = {2}, pages = {261--291},
  doi = {10.1111/0020-8833.00158}
}"""


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """A contributor's branch on the real map: a new claim, a source from BibTeX and evidence citing it,
    and a claim renamed with its old id kept as an alias; committed as a pull request would be."""
    repo = tmp_path_factory.mktemp("session")
    _git(repo, "init", "-q", "-b", "main")
    shutil.copytree(ROOT / "claims", repo / "claims")
    shutil.copytree(ROOT / "site_config" / "schema", repo / "site_config" / "schema")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "checkout", "-q", "-b", "contributor")
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        runner = CliRunner()
        for args in (
            ["new", "claim", "--section", "threat-perceptions", "--id", "entrapment-fear-shapes-seoul",
             "--text", "Fear of entrapment in a US-China conflict shapes Seoul's alliance thinking.",
             "--pages", "145"],
            ["new", "source", "--bibtex", SESSION_BIBTEX],
            ["new", "evidence", "--section", "threat-perceptions", "--id", "cha-abandonment-entrapment",
             "--summary", "Cha reads the US-Japan-Korea triangle through fears of abandonment and entrapment.",
             "--kind", "analysis", "--date", "2000", "--source", "cha2000", "--locator", "pp. 261-291",
             "--supports", "entrapment-fear-shapes-seoul"],
        ):
            result = runner.invoke(cli, args)
            assert result.exit_code == 0, (args, result.output)
        assert runner.invoke(cli, ["schema", "--check"]).exit_code == 0  # `new` kept the ids schema current
        # Rename a claim that many relations and an argument point at, keeping the old id as an alias.
        _edit(repo / "claims" / "01-threat-perceptions.yml", "  - id: perceptions-of-china-differ\n",
              "  - id: china-threat-perceptions-differ\n    aliases: [perceptions-of-china-differ]\n")
        check = runner.invoke(cli, ["check", "--strict"])
        assert check.exit_code == 0, check.output
        assert runner.invoke(cli, ["schema", "--ids"]).exit_code == 0  # the rename, as make check does
        assert runner.invoke(cli, ["schema", "--check"]).exit_code == 0
        fmt = runner.invoke(cli, ["fmt", "claims"])  # puts the alias where the format's key order has it
        assert fmt.exit_code == 0 and fmt.stdout == "reformatted claims/01-threat-perceptions.yml\n", fmt.output
    finally:
        os.chdir(cwd)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "A contributor's session")
    return repo


def test_a_contributors_session_reads_right_in_the_pull_request_comment(
        session: pathlib.Path, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(session)
    args = ["diff", "main", "HEAD", "--format", "markdown", "-o", str(tmp_path / "argmap-diff.md")]
    if shutil.which("dot") is not None:
        args += ["--map", str(tmp_path / "argmap-diff.svg")]
    result = CliRunner().invoke(cli, args)  # as CI runs it for the comment
    assert result.exit_code == 0, result.output
    md = (tmp_path / "argmap-diff.md").read_text(encoding="utf-8")
    golden(GOLDEN / "session.md", md)
    table = [line for line in md.splitlines() if line.startswith("| ") and "added" not in line]
    assert table == ["| Claims | 1 | 0 | 1 |", "| Relations | 1 | 0 | 0 |", "| Arguments | 0 | 0 | 0 |",
                     "| Evidence | 1 | 0 | 0 |", "| Sources | 1 | 0 | 0 |"]
    assert "- ✏️ renamed `perceptions-of-china-differ` → `china-threat-perceptions-differ`" in md.splitlines()
    assert "➖" not in md  # the rename removed nothing: its relations and its argument are unchanged
    assert "- ➕ `cha2000` (article-journal): Abandonment, Entrapment, and Neoclassical Realism in Asia: " \
           "The United States, Japan, and Korea" in md
    dot = build_dot(diff_revisions("claims", "main", "HEAD"))
    assert "renamed from perceptions-of-china-differ" in dot
    assert "\\nperceptions-of-china-differ\\n" not in dot  # no leftover node for the old id
