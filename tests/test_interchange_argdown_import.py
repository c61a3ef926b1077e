"""`argmap import argdown`: Argdown files read by Argdown's own CLI, on the Argdown project's examples.

The fixtures in ``tests/fixtures/argdown/`` are the Argdown repository's own files (MIT, see
its LICENSE-NOTE). For each, the counts in Argdown's JSON are compared with the claim files
written, and argmap → Argdown → argmap gives the same graph. Skipped when Argdown's CLI
(``bench/node_modules/.bin/argdown``, installed by ``make setup-test``) is absent.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from argmap.cli import cli
from argmap.core.loader import load
from argmap.core.markup import plain_text
from argmap.interchange.argdown import to_argdown
from argmap.interchange.argdownimport import ArgdownError, convert, import_files, read_argdown

ROOT = Path(__file__).resolve().parent.parent
ARGDOWN = ROOT / "bench" / "node_modules" / ".bin" / "argdown"
FIXTURES = ROOT / "tests" / "fixtures" / "argdown"
CORPUS = ROOT / "tests" / "fixtures" / "corpus" / "claims"
FILES = sorted(p.name for p in FIXTURES.glob("*.argdown"))

pytestmark = pytest.mark.skipif(not ARGDOWN.is_file(), reason="Argdown's CLI is not installed (make setup-test)")


def _load(out: Path) -> Any:
    loaded = load(str(out))
    assert not loaded.report.failed(strict=True), [str(d) for d in loaded.report]
    return loaded.corpus


def _graph(corpus: Any) -> tuple[Any, ...]:
    """The graph as sets of content, independent of the ids relations happen to get."""

    def end(ident: str) -> Any:
        if ident in corpus.relations:
            r = corpus.relations[ident]
            return ("relation", r.source, r.type.value, end(r.target))
        return ident

    texts = [*((c.id, c.text) for c in corpus.claims.values()), *((e.id, e.summary) for e in corpus.evidence.values())]
    nodes = {i: " ".join(html.unescape(plain_text(t)).split()) for i, t in texts}
    arguments = {(a.id, tuple(sorted(a.premises)), a.conclusion) for a in corpus.arguments.values()}
    relations = {(r.source, r.type.value, end(r.target)) for r in corpus.relations.values()}
    return nodes, arguments, relations


@pytest.mark.parametrize("name", FILES)
def test_counts_equal_argdowns_own_reading(tmp_path: Path, name: str) -> None:
    data = read_argdown(str(FIXTURES / name))
    result, _ = convert([(name, data)])
    out = tmp_path / "out"
    import_files([str(FIXTURES / name)], str(out))
    corpus = _load(out)
    statements, arguments = data["statements"], data["arguments"]
    with_pcs = [a for a in arguments.values() if a.get("pcs")]
    steps = sum(1 for a in with_pcs for s in a["pcs"] if s.get("inference"))
    # Every statement is a claim; an argument without premise-conclusion structure is one too.
    assert len(corpus.claims) == len(statements) + len(arguments) - len(with_pcs)
    # Every inference step of every premise-conclusion structure is an argument.
    assert len(corpus.arguments) == steps
    mains = {a.id for a in corpus.arguments.values() if not a.id.rsplit("-step-", 1)[-1].isdigit()}
    assert len(mains) == len(with_pcs)
    # Every relation is a relation (contradictory: an attack each way) or is set aside, and said so.
    wanted = sum(2 if r["relationType"] == "contradictory" else 1 for r in data["relations"])
    assert len(corpus.relations) + result.counts["set_aside"] == wanted
    # Every section that holds a statement or an argument comes along, and every tag.
    def titles(items: list[Any]) -> dict[str, str]:
        out: dict[str, str] = {}
        for s in items:
            out[s["id"]] = s["title"]
            out.update(titles(s.get("children") or []))
        return out

    used = {x.get("section") for x in [*statements.values(), *arguments.values()]}
    section_titles = {html.unescape(s.title.rsplit(" / ", 1)[-1]) for s in corpus.sections.values()}
    assert {t for i, t in titles(data.get("sections") or []).items() if i in used} <= section_titles
    tags = {t for s in statements.values() for t in s.get("tags") or []}
    assert tags <= {t for c in corpus.claims.values() for t in c.tags}


@pytest.mark.parametrize("name", FILES)
def test_argmap_argdown_argmap_is_the_same_graph(tmp_path: Path, name: str) -> None:
    import_files([str(FIXTURES / name)], str(tmp_path / "first"))
    first = _load(tmp_path / "first")
    (tmp_path / "again.argdown").write_text(to_argdown(first), encoding="utf-8")
    import_files([str(tmp_path / "again.argdown")], str(tmp_path / "second"))
    assert _graph(_load(tmp_path / "second")) == _graph(first)


def test_the_papers_claims_round_trip(tmp_path: Path) -> None:
    corpus = _load(ROOT / "claims")
    (tmp_path / "paper.argdown").write_text(to_argdown(corpus), encoding="utf-8")
    import_files([str(tmp_path / "paper.argdown")], str(tmp_path / "out"))
    assert _graph(_load(tmp_path / "out")) == _graph(corpus)


def test_the_fixture_corpus_round_trips_with_qualifies_contrasts_and_undercuts(tmp_path: Path) -> None:
    corpus = _load(CORPUS)
    text = to_argdown(corpus)
    assert "//" not in text and '{"argmap": {"qualifies"' in text
    (tmp_path / "fixture.argdown").write_text(text, encoding="utf-8")
    import_files([str(tmp_path / "fixture.argdown")], str(tmp_path / "out"))
    again = _load(tmp_path / "out")
    assert _graph(again) == _graph(corpus)
    kinds = {r.type.value for r in again.relations.values()}
    assert {"qualifies", "contrasts", "undercuts", "supports", "attacks"} <= kinds


def test_equivalence_classes_intermediate_conclusions_and_contradictions(tmp_path: Path) -> None:
    src = tmp_path / "t.argdown"
    src.write_text("# Part\n\n[s1]: One. #red {note: x}\n  + [s2]: Two.\n  >< [s3]: Three.\n\n[s1]: One, again.\n\n"
                   "<a>: Arg.\n\n(1) [p1]: P1\n(2) [p2]: P2\n----\n(3) [ic]: IC\n(4) [p3]: P3\n----\n(5) [s2]\n\n"
                   "[u]: Undercutter.\n  _> <a>\n", encoding="utf-8")
    result = import_files([str(src)], str(tmp_path / "out"))
    corpus = _load(tmp_path / "out")
    assert corpus.claims["s1"].text == "One. #red" and "One, again." in corpus.claims["s1"].note
    assert corpus.claims["s1"].tags == ("red",)
    assert corpus.arguments["a-step-3"].premises == ("p1", "p2")
    assert corpus.arguments["a"].premises == ("ic", "p3") and corpus.arguments["a"].conclusion == "s2"
    rels = {(r.source, r.type.value, r.target) for r in corpus.relations.values()}
    assert {("s2", "supports", "s1"), ("s1", "attacks", "s3"), ("s3", "attacks", "s1"), ("u", "undercuts", "a")} == rels
    assert '"note": "x"' in result.files["_argdown/part.json"]


def test_syntax_errors_name_the_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.argdown"
    bad.write_text("[a]: text {x: 1} #late\n", encoding="utf-8")
    with pytest.raises(ArgdownError, match=r"bad\.argdown:1:\d+: Argdown syntax error: Expecting"):
        read_argdown(str(bad))
    run = CliRunner().invoke(cli, ["import", "argdown", str(bad), "--out", str(tmp_path / "o")])
    assert run.exit_code == 1 and "bad.argdown:1:" in run.output and "Traceback" not in run.output
    assert not (tmp_path / "o").exists()


def test_cli_imports_and_checks(tmp_path: Path) -> None:
    out = tmp_path / "o"
    run = CliRunner().invoke(cli, ["import", "argdown", str(FIXTURES / "semmelweis_betz.argdown"), "--out", str(out)])
    assert run.exit_code == 0, run.output
    assert "imported 1 file(s)" in run.output and (out / "paper.yml").is_file()
    again = CliRunner().invoke(cli, ["import", "argdown", str(FIXTURES / "intro.argdown"), "--out", str(out)])
    assert again.exit_code == 1 and "not empty" in again.output


def test_rephrases_survive_argdown(tmp_path: Path) -> None:
    dialogue = ROOT.parent / "shared" / "corpora" / "aif-dialogue" / "dialam-test_map4.json"
    if not dialogue.is_file():
        pytest.skip(f"the aif-dialogue corpus is not at {dialogue.parent}")
    from argmap.interchange.aifimport import import_files as import_aif

    import_aif([str(dialogue)], str(tmp_path / "aif"))
    corpus = _load(tmp_path / "aif")
    text = to_argdown(corpus)
    assert '"rephrases": [' in text
    (tmp_path / "m.argdown").write_text(text, encoding="utf-8")
    import_files([str(tmp_path / "m.argdown")], str(tmp_path / "out"))
    again = _load(tmp_path / "out")
    assert _graph(again) == _graph(corpus)
    assert sum(r.type.value == "rephrases" for r in again.relations.values()) == 3


def test_front_matter_cannot_redirect_argdowns_output(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    src = tmp_path / "f.argdown"
    src.write_text(f"===\nsaveAs:\n  outputDir: {elsewhere}\ntitle: T\n===\n\n[a]: A.\n", encoding="utf-8")
    data = read_argdown(str(src))
    assert list(data["statements"]) == ["a"]
    assert not elsewhere.exists()


def test_includes_are_refused_with_file_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "secret.argdown").write_text("[s]: secret text\n", encoding="utf-8")
    src = tmp_path / "[odd] name.argdown"
    src.write_text("[a]: A.\n\n  \\@include(secret.argdown)\n", encoding="utf-8")
    with pytest.raises(ArgdownError, match=r"name\.argdown:3:4: @include\(secret\.argdown\) is not followed"):
        read_argdown(str(src))
    run = CliRunner().invoke(cli, ["import", "argdown", str(src), "--out", str(tmp_path / "o")])
    assert run.exit_code == 1 and "is not followed" in run.output and "Traceback" not in run.output
    src.write_text("[a]: A.\n", encoding="utf-8")  # a name Argdown would read as a glob is still read
    assert list(read_argdown(str(src))["statements"]) == ["a"]
