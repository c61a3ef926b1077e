"""AIF import and export: synthetic graphs for every node type, and all 661 AraucariaDB nodesets.

The AraucariaDB test imports every nodeset in-process as one section of one combined corpus
(one write, one load, one export), checks it with the project's own checks, and compares each
nodeset with its part of the re-exported AIF (isomorphic, node types and I-node texts kept).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from argmap.core.loader import load
from argmap.interchange.aif import AifError, parse_aif, read_aif, same_structure, to_aif_data
from argmap.interchange.aifimport import ImportProblem, convert, escape_text, import_files, slug, write_files

ROOT = Path(__file__).resolve().parent.parent
ARAUCARIA = ROOT.parent / "shared" / "corpora" / "araucaria-aif"
FIXTURE = ROOT / "tests" / "fixtures" / "corpus" / "claims"


def _doc(nodes: list[tuple[str, str, str]], edges: list[tuple[str, str]], **extra: Any) -> dict[str, Any]:
    return {"nodes": [{"nodeID": i, "type": t, "text": x, **extra.get(i, {})} for i, t, x in nodes],
            "edges": [{"edgeID": str(n), "fromID": a, "toID": b} for n, (a, b) in enumerate(edges)],
            "locutions": []}


RICH = _doc(
    [("1", "I", "Conclusion"), ("2", "I", "Premise one <b>bold</b> & [x](javascript:alert(1))"),
     ("3", "I", "Premise two *with* _marks_ \\ `code`"), ("4", "RA", "Default Inference"),
     ("5", "I", "Attacker"), ("6", "CA", "Default Conflict"), ("7", "I", "Undercutter"),
     ("8", "CA", "Default Conflict"),
     ("9", "I", "Rephrased"), ("10", "MA", "Default Rephrase"), ("11", "I", "Qualifier"), ("12", "CA", "Qualification"),
     ("13", "PA", "Preference"), ("14", "L", "Ann: conclusion"), ("15", "YA", "Asserting"),
     ("16", "TA", "Default Transition"),
     ("17", "RA", "orphan inference"), ("18", "I", "Undercuts the undercut"), ("19", "CA", "Default Conflict"),
     ("A.b", "I", "An odd id"), ("a_b", "I", "Another odd id")],
    [("2", "4"), ("3", "4"), ("4", "1"), ("5", "6"), ("6", "2"), ("7", "8"), ("8", "4"), ("9", "10"), ("10", "1"),
     ("11", "12"), ("12", "1"), ("6", "13"), ("13", "8"), ("14", "15"), ("15", "1"), ("14", "16"), ("17", "1"),
     ("18", "19"), ("19", "8"), ("A.b", "a_b")],
    **{"4": {"scheme": "Example"}, "12": {"scheme": "argmap:qualifies"}},
)


def _import(tmp_path: Path, docs: dict[str, dict[str, Any]]) -> tuple[Any, dict[str, Any]]:
    graphs = [parse_aif(d, name) for name, d in docs.items()]
    result = convert(graphs)
    write_files(result.files, str(tmp_path / "out"))
    loaded = load(str(tmp_path / "out"))
    assert not loaded.report.failed(strict=True), [str(d) for d in loaded.report]
    return loaded.corpus, result


def test_every_node_type_round_trips(tmp_path: Path) -> None:
    corpus, result = _import(tmp_path, {"rich.json": RICH})
    rels = {(r.source, r.type.value, r.target) for r in corpus.relations.values()}
    assert ("rich-5", "attacks", "rich-2") in rels
    assert ("rich-7", "undercuts", "rich-4") in rels
    assert ("rich-18", "undercuts", "rich-8") in rels
    assert ("rich-9", "rephrases", "rich-1") in rels  # MA "Default Rephrase" is a rephrase, not a contrast
    assert ("rich-11", "qualifies", "rich-1") in rels
    arg = corpus.arguments["rich-4"]
    assert arg.premises == ("rich-2", "rich-3") and arg.conclusion == "rich-1" and arg.label == "Example"
    assert corpus.aliases["aif-1"] == "rich-1"
    # An RA without premise edges is an argument without premises (argmap holds those).
    assert corpus.arguments["rich-17"].premises == () and corpus.arguments["rich-17"].conclusion == "rich-1"
    # PA, L, YA, TA and the I→I edge are kept and reported, not dropped.
    side = json.loads(result.files["_aif/rich.json"])
    assert sorted(n["type"] for n in side["kept"]["nodes"]) == ["L", "PA", "TA", "YA"]
    assert result.messages and "1 PA" in result.messages[0]
    assert "dialogue layer" in corpus.claims["rich-1"].note
    assert same_structure(RICH, to_aif_data(corpus))


def test_premiseless_argument_and_its_undercut_survive_the_round_trip(tmp_path: Path) -> None:
    doc = _doc([("1", "I", "Conclusion"), ("2", "RA", "Default Inference"), ("3", "I", "Undercutter"),
                ("4", "CA", "Default Conflict")], [("2", "1"), ("3", "4"), ("4", "2")])
    corpus, _ = _import(tmp_path, {"p.json": doc})
    assert corpus.arguments["p-2"].premises == ()
    assert ("p-3", "undercuts", "p-2") in {(r.source, r.type.value, r.target) for r in corpus.relations.values()}
    first = to_aif_data(corpus)
    assert same_structure(doc, first)
    again, _ = _import(tmp_path / "again", {"p.json": first})
    assert [a.premises for a in again.arguments.values()] == [()]
    assert [r.type.value for r in again.relations.values()] == ["undercuts"]
    assert same_structure(first, to_aif_data(again))


def test_texts_are_escaped_and_kept() -> None:
    for text in ("<script>x</script>", "a & b &amp; c", "[x](javascript:y)", "[d]: data:x", "*_`\\"):
        import html

        assert html.unescape(escape_text(text)) == text
        assert "<" not in escape_text(text) and "](" not in escape_text(text)


def test_slugs_are_ids_and_distinct() -> None:
    from argmap.core.schema import ID_RE

    values = ["277", "A.b", "a_b", "a-b", "ÄÖ", "", "x" * 200, "--"]
    slugs = [slug(v, 30) for v in values]
    assert all(ID_RE.match(s) for s in slugs), slugs
    assert len(set(slugs)) == len(slugs)


def test_fixture_corpus_round_trips_through_aif(tmp_path: Path) -> None:
    corpus = load(str(FIXTURE)).corpus
    first = to_aif_data(corpus)
    again, _ = _import(tmp_path, {"fixture.json": first})
    assert same_structure(first, to_aif_data(again))


@pytest.mark.parametrize("data,message", [
    ({"nodes": 1}, "not AIF JSON"),
    ({"nodes": [{"text": "x"}], "edges": []}, "needs a 'nodeID'"),
    ({"nodes": [{"nodeID": "1", "type": "I"}, {"nodeID": "1", "type": "I"}], "edges": []}, "used twice"),
    ({"nodes": [{"nodeID": "1", "type": "I"}], "edges": [{"fromID": "1", "toID": "2"}]}, "does not define"),
    ({"nodes": [{"nodeID": [1], "type": "I"}], "edges": []}, "must be a string"),
])
def test_bad_aif_is_a_clear_error(data: Any, message: str) -> None:
    with pytest.raises(AifError, match=message):
        parse_aif(data, "bad.json")


def test_unreadable_files_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text("{nope", encoding="utf-8")
    with pytest.raises(AifError, match=r"broken\.json:1:2: not valid JSON"):
        read_aif(str(bad))
    with pytest.raises(ImportProblem, match="no I-nodes"):
        convert([parse_aif({"nodes": [], "edges": []}, "empty.json")])


def test_out_directory_is_never_overwritten_without_force(tmp_path: Path) -> None:
    src = tmp_path / "g.json"
    src.write_text(json.dumps(RICH), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ImportProblem, match="not empty"):
        import_files([str(src)], str(out))
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep me"
    import_files([str(src)], str(out), force=True)
    assert not (out / "mine.txt").exists() and (out / "paper.yml").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".argmap")]


def test_import_is_deterministic() -> None:
    a = convert([parse_aif(RICH, "rich.json")]).files
    b = convert([parse_aif(json.loads(json.dumps(RICH)), "rich.json")]).files
    assert a == b


def _araucaria() -> list[Path]:
    if not ARAUCARIA.is_dir():
        pytest.skip(f"the AraucariaDB corpus is not at {ARAUCARIA} (see /work/shared/corpora/README.md)")
    return sorted(ARAUCARIA.glob("*.json"))


def test_all_araucaria_nodesets_import_check_and_round_trip(tmp_path: Path) -> None:
    files = _araucaria()
    assert len(files) == 661
    out = tmp_path / "araucaria"
    result = import_files([str(f) for f in files], str(out))
    loaded = load(str(out))
    assert not loaded.report.failed(strict=True), [str(d) for d in loaded.report.sorted()[:20]]
    corpus = loaded.corpus
    assert len(corpus.sections) == 661 and result.counts["claims"] == 3991
    exported = to_aif_data(corpus)
    # Split the export back into nodesets: every node knows its section.
    section_of: dict[str, str] = {}
    for table in (corpus.claims, corpus.arguments, corpus.relations):
        for ident, item in table.items():
            section_of[ident] = item.section
    parts: dict[str, dict[str, list[Any]]] = {}
    for node in exported["nodes"]:
        nid = node["nodeID"]
        sec = section_of.get(nid) or nid.split(":")[1]
        parts.setdefault(sec, {"nodes": [], "edges": []})["nodes"].append(node)
    for edge in exported["edges"]:
        sec = section_of.get(edge["fromID"]) or edge["fromID"].split(":")[1]
        parts[sec]["edges"].append(edge)
    bad = []
    for f in files:
        original = json.loads(f.read_text(encoding="utf-8"))
        if not same_structure(original, parts[f.stem]):
            bad.append(f.name)
    assert not bad


def test_random_texts_and_ids_survive_the_round_trip(tmp_path: Path) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from argmap.core.textcheck import FLAGGED

    counter = iter(range(10**6))

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(st.text(min_size=1, max_size=40), min_size=2, max_size=2), st.text(max_size=10))
    def run(texts: list[str], nid: str) -> None:
        doc = {"nodes": [{"nodeID": nid or "n", "type": "I", "text": texts[0]},
                         {"nodeID": "x" + nid, "type": "I", "text": texts[1]},
                         {"nodeID": "ra", "type": "RA", "text": "RA"}],
               "edges": [{"fromID": nid or "n", "toID": "ra"}, {"fromID": "ra", "toID": "x" + nid}]}
        out = tmp_path / f"o{next(counter)}"
        write_files(convert([parse_aif(doc, "f.json")]).files, str(out))
        loaded = load(str(out))
        assert not loaded.report.failed(strict=True), [d.message for d in loaded.report]
        got = sorted(n["text"] for n in to_aif_data(loaded.corpus)["nodes"] if n["type"] == "I")
        # Characters claim files refuse (controls, direction overrides, zero-width: AM042, AM043) are left out.
        kept = [FLAGGED.sub("", t) for t in texts]
        assert got == sorted(t if t.strip() else "(an empty AIF I-node)" for t in kept)

    run()


def test_deleted_claims_leave_no_dangling_dialogue_edges(tmp_path: Path) -> None:
    corpus, _ = _import(tmp_path, {"rich.json": RICH})
    from dataclasses import replace

    claims = {k: v for k, v in corpus.claims.items() if k != "rich-1"}
    doc = to_aif_data(replace(corpus, claims=claims))
    ids = {n["nodeID"] for n in doc["nodes"]}
    dialogue = [e for e in doc["edges"] if e["fromID"].startswith("aif:") or e["toID"].startswith("aif:")]
    assert dialogue and all(e["fromID"] in ids and e["toID"] in ids for e in dialogue)
