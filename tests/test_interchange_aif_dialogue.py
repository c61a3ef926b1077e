"""AIF from other producers (AIFdb, AIFdbMapConverter, arguebuf, DialAM/QT30): MA nodes, schemes, locutions.

Each map of ``../shared/corpora/aif-dialogue/`` is imported, checked (``--strict`` clean) and
exported again; the export must be the original graph: the same structure, the same
``text``/``scheme``/``schemeID`` on every S-node, and the same locutions.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from argmap.core.loader import load
from argmap.core.model import RelationType
from argmap.interchange.aif import same_structure, to_aif_data
from argmap.interchange.aifimport import import_files

ROOT = Path(__file__).resolve().parent.parent
DIALOGUE = ROOT.parent / "shared" / "corpora" / "aif-dialogue"
NAMES = ["aifdbconv-21145", "arguebuf-6064", "dialam-test_map1", "dialam-test_map2", "dialam-test_map3",
         "dialam-test_map4"]


def _original(name: str) -> dict[str, Any]:
    path = DIALOGUE / f"{name}.json"
    if not path.is_file():
        pytest.skip(f"the aif-dialogue corpus is not at {DIALOGUE} (see /work/shared/corpora/README.md)")
    return json.loads(path.read_text(encoding="utf-8"))


def _round_trip(tmp_path: Path, name: str) -> tuple[Any, dict[str, Any]]:
    out = tmp_path / name
    import_files([str(DIALOGUE / f"{name}.json")], str(out))
    loaded = load(str(out))
    assert not loaded.report.failed(strict=True), [str(d) for d in loaded.report]
    return loaded.corpus, to_aif_data(loaded.corpus)


def _s_nodes(doc: dict[str, Any]) -> Counter[tuple[str, str, str, str]]:
    return Counter((n["type"], n.get("text", ""), str(n.get("scheme", "")), str(n.get("schemeID", "")))
                   for n in doc["nodes"] if n["type"] in ("RA", "CA", "MA"))


@pytest.mark.parametrize("name", NAMES)
def test_dialogue_maps_round_trip_with_schemes_and_locutions(tmp_path: Path, name: str) -> None:
    original = _original(name)
    corpus, exported = _round_trip(tmp_path, name)
    assert same_structure(original, exported)
    assert _s_nodes(exported) == _s_nodes(original)
    # Every locution comes back, attached to the exported id of its L-node.
    ids = {n["nodeID"] for n in exported["nodes"]}
    assert len(exported["locutions"]) == len(original["locutions"])
    assert all(loc["nodeID"] in ids for loc in exported["locutions"])
    assert sorted(str(loc.get("personID")) for loc in exported["locutions"]) == \
        sorted(str(loc.get("personID")) for loc in original["locutions"])
    # An MA ("Default Rephrase") is a rephrase, never a contrast.
    ma = sum(1 for n in original["nodes"] if n["type"] == "MA")
    kinds = Counter(r.type for r in corpus.relations.values())
    assert kinds[RelationType.REPHRASES] == ma and kinds[RelationType.CONTRASTS] == 0


def test_ca_scheme_and_ra_scheme_id_are_written_back(tmp_path: Path) -> None:
    original = _original("aifdbconv-21145")
    _, exported = _round_trip(tmp_path, "aifdbconv-21145")
    ca = [n for n in exported["nodes"] if n["type"] == "CA"]
    assert [(n["scheme"], n["schemeID"]) for n in ca] == [("Default Conflict", "71")]
    ra = {n["schemeID"] for n in exported["nodes"] if n["type"] == "RA"}
    assert ra == {n["schemeID"] for n in original["nodes"] if n["type"] == "RA"} == {"72"}


def test_an_edited_argument_label_wins_over_the_kept_scheme(tmp_path: Path) -> None:
    _original("arguebuf-6064")
    out = tmp_path / "a"
    import_files([str(DIALOGUE / "arguebuf-6064.json")], str(out))
    section = next((out / "sections").glob("*.yml"))
    text = section.read_text(encoding="utf-8")
    assert "label: Default Inference" in text
    section.write_text(text.replace("label: Default Inference", "label: My scheme", 1), encoding="utf-8")
    exported = to_aif_data(load(str(out)).corpus)
    schemes = Counter(n.get("scheme") for n in exported["nodes"] if n["type"] == "RA")
    assert schemes["My scheme"] == 1 and schemes["Default Inference"] == 3


def test_rephrases_export_as_ma_and_import_back(tmp_path: Path) -> None:
    doc = {"nodes": [{"nodeID": "1", "type": "I", "text": "A"}, {"nodeID": "2", "type": "I", "text": "A again"},
                     {"nodeID": "3", "type": "MA", "text": "Default Rephrase"},
                     {"nodeID": "4", "type": "I", "text": "B"}, {"nodeID": "5", "type": "MA", "text": "Contrast",
                                                                  "scheme": "argmap:contrasts"}],
           "edges": [{"fromID": "2", "toID": "3"}, {"fromID": "3", "toID": "1"},
                     {"fromID": "4", "toID": "5"}, {"fromID": "5", "toID": "1"}], "locutions": []}
    src = tmp_path / "m.json"
    src.write_text(json.dumps(doc), encoding="utf-8")
    import_files([str(src)], str(tmp_path / "o"))
    corpus = load(str(tmp_path / "o")).corpus
    kinds = {(r.source, r.type.value, r.target) for r in corpus.relations.values()}
    assert kinds == {("m-2", "rephrases", "m-1"), ("m-4", "contrasts", "m-1")}
    exported = to_aif_data(corpus, dialogue=False)
    ma = sorted((n["text"], n.get("scheme", "")) for n in exported["nodes"] if n["type"] == "MA")
    assert ma == [("Contrast", "argmap:contrasts"), ("Default Rephrase", "")]


def test_rephrases_are_drawn_with_their_own_style_and_legend(tmp_path: Path) -> None:
    from argmap.interchange import export

    _original("dialam-test_map4")
    corpus, _ = _round_trip(tmp_path, "dialam-test_map4")
    dot = export(corpus, "dot", view="full")
    assert "am-edge am-rephrases" in dot and "#009e73" in dot
    assert "rephrases (the same claim in other words)" in dot
    graphml = export(corpus, "graphml")
    assert graphml.count(">rephrases<") == 3
