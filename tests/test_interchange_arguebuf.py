"""`argmap import kialo|xaif|sadface` (through arguebuf) and `argmap export --format xaif`.

The fixtures in ``tests/fixtures/arguebuf/`` are other people's files (see its LICENSE-NOTE).
Counts are compared with arguebuf's own reading of each file; the xAIF round trip must give
back the original document: nodes, edges, locutions, participants, scheme fulfilments, the
OVA layout and the source text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from argmap.cli import cli
from argmap.core.loader import load
from argmap.interchange import export
from argmap.interchange.arguebufimport import ArguebufError, convert, import_files, read_graph
from argmap.interchange.xaif import to_xaif_data

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "arguebuf"
CASES = [("kialo", "kialo-should-hate-speech-be-illegal-6148.txt"), ("xaif", "xaif_eval-readme.json"),
         ("sadface", "sadface-hangback.json")]


def _load(out: Path) -> Any:
    loaded = load(str(out))
    assert not loaded.report.failed(strict=True), [str(d) for d in loaded.report]
    return loaded.corpus


def _key(item: Any) -> str:
    return json.dumps(item, sort_keys=True)


@pytest.mark.parametrize("fmt,name", CASES)
def test_counts_equal_arguebufs_reading(tmp_path: Path, fmt: str, name: str) -> None:
    graph, raw = read_graph(fmt, str(FIXTURES / name))
    result, read = convert(fmt, [(name, graph, raw)])
    import_files(fmt, [str(FIXTURES / name)], str(tmp_path / "out"))
    corpus = _load(tmp_path / "out")
    assert len(corpus.claims) == len(graph.atom_nodes) == read[name]["atoms"]
    assert len(corpus.arguments) + len(corpus.relations) + result.counts["set_aside"] == len(graph.scheme_nodes)
    texts = sorted(" ".join(a.plain_text.split()) for a in graph.atom_nodes.values())
    import html

    assert sorted(html.unescape(c.text) for c in corpus.claims.values()) == texts


def test_kialo_pros_and_cons(tmp_path: Path) -> None:
    import_files("kialo", [str(FIXTURES / CASES[0][1])], str(tmp_path / "o"))
    corpus = _load(tmp_path / "o")
    kinds: dict[str, int] = {}
    for r in corpus.relations.values():
        kinds[r.type.value] = kinds.get(r.type.value, 0) + 1
    text = (FIXTURES / CASES[0][1]).read_text(encoding="utf-8")
    assert kinds.get("supports", 0) == text.count(" Pro: ") and kinds.get("attacks", 0) == text.count(" Con: ")
    thesis = [c for c in corpus.claims.values() if c.kind.value == "thesis"]
    assert [c.text for c in thesis] == ["Hate speech should be banned."]


def test_sadface_support_and_conflict(tmp_path: Path) -> None:
    import_files("sadface", [str(FIXTURES / CASES[2][1])], str(tmp_path / "o"))
    corpus = _load(tmp_path / "o")
    assert [r.type.value for r in corpus.relations.values()] == ["attacks"]
    (arg,) = corpus.arguments.values()
    assert len(arg.premises) == 2


def test_xaif_round_trip_keeps_the_whole_document(tmp_path: Path) -> None:
    original = json.loads((FIXTURES / CASES[1][1]).read_text(encoding="utf-8"))
    import_files("xaif", [str(FIXTURES / CASES[1][1])], str(tmp_path / "o"))
    corpus = _load(tmp_path / "o")
    again = json.loads(export(corpus, "xaif"))
    for part in ("nodes", "edges"):
        assert sorted(map(_key, again["AIF"][part])) == sorted(map(_key, original["AIF"][part]))
    for part in ("locutions", "participants", "schemefulfillments", "descriptorfulfillments"):
        assert again["AIF"][part] == original["AIF"][part]
    assert {k: v for k, v in again.items() if k != "AIF"} == {k: v for k, v in original.items() if k != "AIF"}


def test_xaif_layout_fulfilments_and_text_come_back(tmp_path: Path) -> None:
    # The fixture extended by this test with what OVA3 adds: a layout, a scheme fulfilment, string ids.
    doc = json.loads((FIXTURES / CASES[1][1]).read_text(encoding="utf-8"))
    for n in doc["AIF"]["nodes"]:
        n["nodeID"] = f"n{n['nodeID']}"
    for e in doc["AIF"]["edges"]:
        e["fromID"], e["toID"] = f"n{e['fromID']}", f"n{e['toID']}"
    for loc in doc["AIF"]["locutions"]:
        loc["nodeID"] = f"n{loc['nodeID']}"
    doc["AIF"]["schemefulfillments"] = [{"nodeID": "n9", "schemeID": "72"}]
    doc["AIF"]["nodes"][-1]["scheme"] = "Default Inference"
    doc["OVA"] = {"firstname": "A", "surname": "B", "url": "", "edges": [],
                  "nodes": [{"nodeID": n["nodeID"], "visible": True, "x": 10 * i, "y": 5, "timestamp": ""}
                            for i, n in enumerate(doc["AIF"]["nodes"])]}
    src = tmp_path / "ova.json"
    src.write_text(json.dumps(doc), encoding="utf-8")
    import_files("xaif", [str(src)], str(tmp_path / "o"))
    again = to_xaif_data(_load(tmp_path / "o"))
    assert again["OVA"] == doc["OVA"] and again["text"] == doc["text"]
    assert again["AIF"]["schemefulfillments"] == [{"nodeID": "n9", "schemeID": "72"}]
    assert sorted(map(_key, again["AIF"]["nodes"])) == sorted(map(_key, doc["AIF"]["nodes"]))


def test_xaif_export_of_a_corpus_not_from_xaif() -> None:
    corpus = load(str(ROOT / "tests" / "fixtures" / "corpus" / "claims")).corpus
    doc = json.loads(export(corpus, "xaif"))
    assert {n["type"] for n in doc["AIF"]["nodes"]} >= {"I", "RA", "CA", "MA"}
    assert doc["AIF"]["locutions"] == [] and doc["OVA"]["nodes"] == [] and doc["text"] == ""
    assert export(corpus, "xaif") == export(corpus, "xaif")


@pytest.mark.parametrize("fmt,content,message", [
    ("kialo", "Not a title\n", r"bad\.txt:1:1: not a Kialo text export"),
    ("kialo", "Discussion Title: x\nnot empty\n", r"bad\.txt: arguebuf cannot read it as Kialo"),
    ("xaif", '{"nodes": [], "edges": []}', r"bad\.txt: not xAIF"),
    ("xaif", '{"AIF": {"nodes": [', r"bad\.txt:1:\d+: not valid JSON"),
    ("sadface", '{"nodes": [], "edges": [], "metadata": {}}', r"bad\.txt: not SADFace 0\.2"),
])
def test_unreadable_input_names_the_file(tmp_path: Path, fmt: str, content: str, message: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ArguebufError, match=message):
        read_graph(fmt, str(bad))
    run = CliRunner().invoke(cli, ["import", fmt, str(bad), "--out", str(tmp_path / "o")])
    assert run.exit_code == 1 and "bad.txt" in run.output and "Traceback" not in run.output


@pytest.mark.parametrize("fmt,name", CASES)
def test_cli(tmp_path: Path, fmt: str, name: str) -> None:
    run = CliRunner().invoke(cli, ["import", fmt, str(FIXTURES / name), "--out", str(tmp_path / "o")])
    assert run.exit_code == 0, run.output
    assert "imported 1 file(s)" in run.output
