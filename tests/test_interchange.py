"""Exports: JSON (validated against its schema), AIF, GraphML, Argdown (parsed by Argdown's CLI), DOT."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from argmap.cli import cli
from argmap.core.loader import load
from argmap.interchange import FORMATS, ExportError, export
from argmap.interchange.aif import to_aif_data
from argmap.interchange.argdown import escape
from argmap.interchange.plaintext import visible_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "corpus" / "claims"
SCHEMA = ROOT / "site_config" / "schema" / "argmap-export.schema.json"
ARGDOWN = ROOT / "bench" / "node_modules" / ".bin" / "argdown"


@pytest.fixture(scope="module")
def corpus() -> Any:
    result = load(str(FIXTURE))
    assert not result.report.failed(strict=True)
    return result.corpus


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_are_deterministic(corpus: Any, fmt: str) -> None:
    first = export(corpus, fmt)
    assert first == export(load(str(FIXTURE)).corpus, fmt)
    assert first.endswith("\n") or fmt == "dot"


def test_unknown_format_is_an_error(corpus: Any) -> None:
    with pytest.raises(ExportError, match="unknown export format"):
        export(corpus, "xlsx")
    with pytest.raises(ExportError, match="needs a claim id"):
        export(corpus, "dot", view="claim")


def test_json_export_matches_its_schema(corpus: Any) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(export(corpus, "json"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["format"] == "argmap-export" and data["version"].startswith("1.")
    assert [c["id"] for c in data["claims"]] == sorted(corpus.claims)
    assert {r["id"] for r in data["relations"]} == set(corpus.relations)
    assert data["acceptability"]["claims"]["c-south-threat"] == "out"


def test_json_schema_rejects_unknown_fields(corpus: Any) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    data = json.loads(export(corpus, "json"))
    data["claims"][0]["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_aif_export_shape(corpus: Any) -> None:
    doc = json.loads(export(corpus, "aif"))
    assert set(doc) == {"nodes", "edges", "locutions"}
    types = {n["nodeID"]: n["type"] for n in doc["nodes"]}
    assert sum(t == "I" for t in types.values()) == len(corpus.claims) + len(corpus.evidence)
    assert types["arg-dual"] == "RA" and types["c-counter~attacks~c-south-threat"] == "CA"
    assert types["c-method~contrasts~c-gap"] == "MA"
    undercut = "c-gap~undercuts~rel-differ-strong"
    assert {(e["fromID"], e["toID"]) for e in doc["edges"]} >= {(undercut, "rel-differ-strong")}
    assert types[undercut] == "CA" and types["rel-differ-strong"] == "RA"
    assert len({e["edgeID"] for e in doc["edges"]}) == len(doc["edges"])
    assert to_aif_data(corpus) == doc


def test_graphml_is_valid_and_has_attributes(corpus: Any) -> None:
    import networkx as nx

    text = export(corpus, "graphml")
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag.endswith("graphml")
    g = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    assert g.nodes["t-strong"]["kind"] == "claim" and g.nodes["t-strong"]["claim_kind"] == "thesis"
    assert g.nodes["ev-poll"]["kind"] == "evidence"
    assert g.nodes["arg-dual"]["kind"] == "argument"
    assert g.nodes["rel-differ-strong"]["kind"] == "inference"  # undercut, so a node
    types = {d["type"] for _, _, d in g.edges(data=True)}
    assert {"supports", "attacks", "undercuts", "qualifies", "contrasts", "premise", "conclusion"} <= types
    assert g.nodes["c-gap"]["text"] == visible_text(corpus.claims["c-gap"].text)
    assert g.nodes["c-gap"]["text"].startswith("Elites and publics disagree: a gap of <10")
    assert {d["basis"] for _, d in g.nodes(data=True) if d["kind"] == "claim"} == {"stated", "reconstructed"}


def test_graphml_survives_control_characters(corpus: Any) -> None:
    from dataclasses import replace

    claims = dict(corpus.claims)
    claims["c-gap"] = replace(claims["c-gap"], text="bell \x07 & <tag> \"q\"")
    text = export(replace(corpus, claims=claims), "graphml")
    ET.fromstring(text.encode("utf-8"))


def test_dot_export_uses_the_map_views(corpus: Any) -> None:
    full = export(corpus, "dot")
    assert full.lstrip().startswith("digraph")
    assert "digraph" in export(corpus, "dot", view="claim", target="c-gap")


def test_argdown_escapes_markup() -> None:
    assert escape("a #tag @[x] <y> [z]: w // c") == r"a \#tag \@\[x\] \<y\> \[z\]\: w \/\/ c"
    assert "\n" not in escape("two\nlines")


def _argdown_json(path: Path) -> dict[str, Any]:
    if not ARGDOWN.exists():
        pytest.skip("Argdown's CLI is not installed (npm install --prefix bench @argdown/cli)")
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    proc = subprocess.run([str(ARGDOWN), "json", str(path), "--stdout"], capture_output=True, text=True,
                          timeout=120, cwd=path.parent)
    assert proc.returncode == 0, proc.stderr
    assert "error" not in proc.stderr.lower(), proc.stderr
    out = proc.stdout
    return json.loads(out[: out.rindex("}") + 1])


def test_argdown_cli_parses_the_export_with_the_same_relations(corpus: Any, tmp_path: Path) -> None:
    path = tmp_path / "map.argdown"
    path.write_text(export(corpus, "argdown"), encoding="utf-8")
    data = _argdown_json(path)
    statements = {k for k, v in data["statements"].items() if any(m.get("text") for m in v.get("members", []))}
    assert statements == set(corpus.claims) | set(corpus.evidence)
    got = {(r["from"], r["to"], r["relationType"]) for r in data["relations"]}
    kind = {"supports": "support", "attacks": "attack", "undercuts": "undercut"}
    undercut = {r.target for r in corpus.relations.values() if r.type.value == "undercuts"}
    want = set()
    for rid, r in corpus.relations.items():
        if r.type.value not in kind:
            continue
        if rid in undercut:  # drawn as an argument: source → inference → target
            want |= {(r.source, rid, "support"), (rid, r.target, kind[r.type.value])}
        else:
            want.add((r.source, r.target, kind[r.type.value]))
    assert got == want
    for aid, arg in corpus.arguments.items():
        pcs = [(p["role"], p["title"]) for p in data["arguments"][aid]["pcs"]]
        assert pcs == [("premise", p) for p in arg.premises] + [("main-conclusion", arg.conclusion)]


def test_argdown_cli_reads_real_texts(tmp_path: Path) -> None:
    corpora = ROOT.parent / "shared" / "corpora" / "araucaria-aif"
    if not corpora.is_dir():
        pytest.skip(f"the AraucariaDB corpus is not at {corpora}")
    from argmap.interchange.aifimport import import_files

    files = sorted(corpora.glob("*.json"))[:80]
    import_files([str(f) for f in files], str(tmp_path / "c"))
    corpus = load(str(tmp_path / "c")).corpus
    path = tmp_path / "real.argdown"
    path.write_text(export(corpus, "argdown"), encoding="utf-8")
    data = _argdown_json(path)
    texts = {k: "".join(m.get("text") or "" for m in v.get("members", [])) for k, v in data["statements"].items()}
    # What Argdown reads is what the claim file shows, entities decoded (never "&#42;" for "*").
    bad = [cid for cid, c in corpus.claims.items() if texts.get(cid, "") != visible_text(c.text)]
    assert not bad, [(b, texts.get(b), corpus.claims[b].text) for b in bad[:3]]
    assert not [t for t in texts.values() if "&#" in t]


def test_cli_export_and_import(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "map.json"
    res = runner.invoke(cli, ["export", "--format", "json", "-o", str(out), "--claims", str(FIXTURE)])
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "argmap-export"
    aif = tmp_path / "map.aif.json"
    res = runner.invoke(cli, ["export", "--format", "aif", "-o", str(aif), "--claims", str(FIXTURE)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(cli, ["import", "aif", str(aif), "--out", str(tmp_path / "imported")])
    assert res.exit_code == 0, res.output
    assert "imported 1 file(s)" in res.output
    res = runner.invoke(cli, ["import", "aif", str(aif), "--out", str(tmp_path / "imported")])
    assert res.exit_code == 1 and "--force" in res.output
    res = runner.invoke(cli, ["export", "--format", "json", "--claims", str(tmp_path / "nowhere")])
    assert res.exit_code == 2
    res = runner.invoke(cli, ["labels", "--claims", str(FIXTURE)])
    assert res.exit_code == 0 and "c-south-threat\tout" in res.output


def test_argdown_keeps_a_premiseless_argument(tmp_path: Path) -> None:
    from argmap.core.loader import load

    corpus = load(str(ROOT / "tests" / "cases" / "valid" / "label-tests" / "claims")).corpus
    assert corpus.arguments["a4"].premises == ()
    path = tmp_path / "map.argdown"
    path.write_text(export(corpus, "argdown"), encoding="utf-8")
    data = _argdown_json(path)
    assert ("a4", "hot", "support") in {(r["from"], r["to"], r["relationType"]) for r in data["relations"]}
    assert not data["arguments"]["a4"].get("pcs")
    assert [p["title"] for p in data["arguments"]["a3"]["pcs"]] == ["rain", "hot", "jog"]
