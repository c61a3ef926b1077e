"""Joint (linked) attacks: arguments of ``type: attacks|undercuts`` hold only if every attacker does.

One small corpus exercises the format, the checker, the grounded labels, the maps and the
exports (JSON, AIF and its import, Argdown through Argdown's CLI, GraphML through networkx).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from argmap.core.loader import load
from argmap.core.semantics import label_all
from argmap.interchange import export

ROOT = Path(__file__).resolve().parent.parent
ARGDOWN = ROOT / "bench" / "node_modules" / ".bin" / "argdown"

HEAD = """\
paper: {source: src, title: Joint attacks, thesis: [t], sections: [s]}
references:
  - {id: src, type: report, title: A source}
"""

SECTION = """\
section: {id: s, title: Joint attacks, coverage: complete}
claims:
  - {id: t, text: The thesis (a5 in micro_b001)., kind: thesis, basis: stated, locator: {source: src}}
  - {id: a1, text: An objection., kind: counterclaim, basis: stated, locator: {source: src}}
  - {id: a2, text: Support of the objection., kind: premise, basis: stated, locator: {source: src},
     supports: [a1]}
  - {id: a3, text: First half of the undercut., kind: premise, basis: stated, locator: {source: src}}
  - {id: a4, text: Second half of the undercut., kind: premise, basis: stated, locator: {source: src}}
  - {id: t2, text: A claim jointly attacked., kind: claim, basis: stated, locator: {source: src}}
  - {id: j1, text: Attacker one., kind: premise, basis: stated, locator: {source: src}}
  - {id: j2, text: Attacker two (itself defeated)., kind: premise, basis: stated, locator: {source: src}}
  - {id: x, text: Defeats attacker two., kind: premise, basis: stated, locator: {source: src}, attacks: [j2]}
  - {id: t3, text: A claim whose joint attacker is undecided., kind: claim, basis: stated, locator: {source: src}}
  - {id: y1, text: One of a pair in conflict., kind: premise, basis: stated, locator: {source: src},
     attacks: [y2]}
  - {id: y2, text: The other of the pair., kind: premise, basis: stated, locator: {source: src},
     attacks: [y1]}
  - {id: z, text: An unattacked co-attacker., kind: premise, basis: stated, locator: {source: src}}
  - {id: t4, text: A claim both attackers of which hold., kind: claim, basis: stated, locator: {source: src}}
arguments:
  - {id: arg-c3, type: undercuts, premises: [a3, a4], conclusion: rel-c1, basis: stated, label: Joint undercut}
  - {id: arg-j, type: attacks, premises: [j1, j2], conclusion: t2, basis: stated}
  - {id: arg-y, type: attacks, premises: [y1, z], conclusion: t3, basis: stated}
  - {id: arg-k, type: attacks, premises: [j1, z], conclusion: t4, basis: reconstructed}
relations:
  - {id: rel-c1, from: a1, to: t, type: attacks, basis: stated}
"""


def _write(tmp_path: Path, section: str = SECTION) -> Path:
    root = tmp_path / "claims"
    root.mkdir()
    (root / "paper.yml").write_text(HEAD, encoding="utf-8")
    (root / "s.yml").write_text(section, encoding="utf-8")
    return root


@pytest.fixture()
def corpus(tmp_path: Path) -> Any:
    result = load(str(_write(tmp_path)))
    assert not result.report.failed(strict=True), [str(d) for d in result.report.sorted()]
    return result.corpus


def test_the_format_holds_joint_attacks(corpus: Any) -> None:
    assert corpus.arguments["arg-c3"].type.value == "undercuts"
    assert corpus.arguments["arg-j"].type.value == "attacks"
    assert corpus.arguments["arg-j"].premises == ("j1", "j2")


def test_grounded_labels_of_joint_attacks(corpus: Any) -> None:
    labels = label_all(corpus)
    # micro_b001: a3 and a4 together undercut a1's rebuttal, so the thesis stands.
    assert labels.inferences["arg-c3"] == "in" and labels.inferences["rel-c1"] == "out"
    assert labels.claims["t"] == "in" and labels.claims["a1"] == "in"
    # One attacker out: the joint attack fails, its target stands.
    assert labels.claims["j2"] == "out" and labels.inferences["arg-j"] == "out" and labels.claims["t2"] == "in"
    # None out, one undecided: undecided, and so is the target.
    assert labels.claims["y1"] == "undecided" and labels.inferences["arg-y"] == "undecided"
    assert labels.claims["t3"] == "undecided"
    # All in: the target is defeated.
    assert labels.inferences["arg-k"] == "in" and labels.claims["t4"] == "out"


@pytest.mark.parametrize(("old", "new", "message"), [
    ("conclusion: rel-c1, basis: stated, label", "conclusion: t, basis: stated, label",
     "'conclusion' expects a relation or argument, but 't' is a claim"),
    ("conclusion: t2, basis: stated}", "conclusion: rel-c1, basis: stated}",
     "'conclusion' expects a claim, but 'rel-c1' is a relation"),
    ("type: attacks, premises: [j1, j2]", "type: rebuts, premises: [j1, j2]", "rebuts"),
])
def test_the_checker_refuses_wrong_joint_attacks(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in SECTION
    result = load(str(_write(tmp_path, SECTION.replace(old, new))))
    assert result.report.failed(strict=True)
    assert any(message in d.message for d in result.report.sorted()), [str(d) for d in result.report.sorted()]


def test_a_joint_attack_is_no_support_cycle(tmp_path: Path) -> None:
    text = SECTION.replace("  - {id: t4, text:", "  - {id: t4, supports: [j1], text:")
    result = load(str(_write(tmp_path, text)))
    assert not [d for d in result.report.sorted() if d.code == "AM023"]


def test_maps_draw_joint_attacks_like_linked_premises(corpus: Any) -> None:
    from argmap.maps.views import build_view

    g = build_view(corpus, "full")
    nodes = {n.id: n for n in g.nodes}
    edges = {e.id: e for e in g.edges}
    assert nodes["arg-j"].kind == "argument" and nodes["arg-j"].label == "joint attack"
    assert {(e.source, e.kind) for e in edges.values() if e.target == "arg-j"} == {("j1", "premise"), ("j2", "premise")}
    assert (edges["arg-j~conclusion"].target, edges["arg-j~conclusion"].kind) == ("t2", "attacks")
    # The joint undercut meets the relation it undercuts at that relation's junction.
    assert nodes["rel-c1~junction"].kind == "junction"
    assert (edges["arg-c3~conclusion"].target, edges["arg-c3~conclusion"].kind) == ("rel-c1~junction", "undercuts")
    from argmap.maps.dot import to_dot

    assert "arg-c3" in to_dot(g)


def test_json_and_aif_exports(corpus: Any, tmp_path: Path) -> None:
    data = json.loads(export(corpus, "json"))
    args = {a["id"]: a for a in data["arguments"]}
    assert args["arg-j"]["type"] == "attacks" and args["arg-c3"]["type"] == "undercuts"
    aif = json.loads(export(corpus, "aif"))
    types = {n["nodeID"]: n["type"] for n in aif["nodes"]}
    assert types["arg-j"] == "CA" and types["arg-c3"] == "CA"
    into = sorted(e["fromID"] for e in aif["edges"] if e["toID"] == "arg-c3")
    assert into == ["a3", "a4"]
    assert [e["toID"] for e in aif["edges"] if e["fromID"] == "arg-c3"] == ["rel-c1"]
    # ... and the AIF import reads one CA-node with several attackers back as a joint attack.
    from argmap.interchange.aifimport import import_files

    path = tmp_path / "joint.json"
    path.write_text(json.dumps(aif), encoding="utf-8")
    import_files([str(path)], str(tmp_path / "imported"))
    again = load(str(tmp_path / "imported"))
    assert not again.report.failed(strict=True), [str(d) for d in again.report.sorted()][:3]
    joint = {a.id: a for a in again.corpus.arguments.values() if a.type.value != "supports"}
    assert sorted((a.type.value, len(a.premises)) for a in joint.values()) == [("attacks", 2)] * 3 + [("undercuts", 2)]
    assert label_all(again.corpus).claims["joint-t"] == "in"


def test_graphml_export(corpus: Any) -> None:
    import networkx as nx

    g = nx.read_graphml(io.BytesIO(export(corpus, "graphml").encode("utf-8")))
    assert g.nodes["arg-j"]["argument_type"] == "attacks"
    assert g.nodes["rel-c1"]["kind"] == "inference"  # jointly undercut, so a node
    kinds = {(a, b, d["type"]) for a, b, d in g.edges(data=True) if d["relation"] in ("arg-j", "arg-c3")}
    assert kinds == {("j1", "arg-j", "premise"), ("j2", "arg-j", "premise"), ("arg-j", "t2", "attacks"),
                     ("a3", "arg-c3", "premise"), ("a4", "arg-c3", "premise"), ("arg-c3", "rel-c1", "undercuts")}


def test_argdown_cli_reads_joint_attacks(corpus: Any, tmp_path: Path) -> None:
    if not ARGDOWN.exists() or shutil.which("node") is None:
        pytest.skip("Argdown's CLI is not installed (make setup-test)")
    path = tmp_path / "joint.argdown"
    path.write_text(export(corpus, "argdown"), encoding="utf-8")
    proc = subprocess.run([str(ARGDOWN), "json", str(path), "--stdout"], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(proc.stdout[proc.stdout.index("{"): proc.stdout.rindex("}") + 1])
    pcs = [(p["role"], p["title"]) for p in data["arguments"]["arg-j"]["pcs"]]
    assert pcs == [("premise", "j1"), ("premise", "j2"), ("main-conclusion", "arg-j~conclusion")]
    rels = {(r["from"], r["to"], r["relationType"]) for r in data["relations"]}
    assert ("arg-j~conclusion", "t2", "attack") in rels
    assert ("arg-c3~conclusion", "rel-c1", "undercut") in rels
    assert not [r for r in rels if r[0] in ("j1", "j2") and r[1] == "t2"]  # no single attacker attacks alone



def test_translations_need_language_tags(tmp_path: Path) -> None:
    """Not a joint attack, but the same small corpus: a claim's text in other languages."""
    good = SECTION.replace("  - {id: z, text: An unattacked co-attacker.,",
                           "  - {id: z, translations: {de: Ein Mitangreifer., zh-Hant: 共同攻擊者},\n"
                           "     text: An unattacked co-attacker.,")
    result = load(str(_write(tmp_path, good)))
    assert not result.report.failed(strict=True)
    assert result.corpus.claims["z"].translations == {"de": "Ein Mitangreifer.", "zh-Hant": "共同攻擊者"}
    (tmp_path / "bad").mkdir()
    bad = good.replace("zh-Hant:", "'Chinese \"x\"':")
    result = load(str(_write(tmp_path / "bad", bad)))
    found = [(d.code, d.message) for d in result.report.sorted()]
    assert found == [("AM015", "translations of claim 'z': 'Chinese \"x\"' is not a language tag")]


def test_claim_pages_show_joint_attacks_and_translations(tmp_path: Path) -> None:
    from argmap.core.analysis import analyse
    from argmap.website.pages import PageRenderer

    text = SECTION.replace("  - {id: z, text: An unattacked co-attacker.,",
                           "  - {id: z, translations: {de: Ein Mitangreifer < 2 & *Helfer*},\n"
                           "     text: An unattacked co-attacker.,")
    result = load(str(_write(tmp_path, text)))
    assert not result.report.failed(strict=True)
    corpus = result.corpus
    pages = PageRenderer(corpus, analyse(corpus))
    target = pages.claim_page(corpus.claims["t2"])
    group = target.split('Attacked jointly by</span>', 1)[1].split("</section>", 1)[0]
    assert "<li>argument <code>arg-j</code>" in group
    attacker = pages.claim_page(corpus.claims["a3"])
    assert "jointly undercutting the step" in attacker
    z = pages.claim_page(corpus.claims["z"])
    assert 'lang="de"' in z and "Ein Mitangreifer &lt; 2 &amp; <em>Helfer</em>" in z
