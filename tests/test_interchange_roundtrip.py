"""Property: over generated claim sets, export → import → export is stable (JSON, AIF and Argdown).

Hypothesis generates small corpora — claims with awkward texts (Markdown marks, entities, `&`,
quotes, backslashes, CJK, emoji, combining marks), translations, evidence, relations of every
type (with and without ids), undercuts, arguments with linked premises and joint attacks — writes
them as claim files and keeps those that pass ``argmap check --strict``. Then:

* JSON: import(export(c)) exports to the same bytes (the identity, not just stability);
* AIF: export → import → export gives a graph isomorphic to the first export (node types and
  I-node texts kept), and a second round gives the same again;
* Argdown (read back by Argdown's own parser, ``argdown json``; skipped without Argdown's CLI):
  the second export is the first, byte for byte; Argdown's reading of every statement is the
  text the claim shows, character for character; and the imported corpus is the generated one
  with exactly the fields in :data:`ARGDOWN_LOSES` taken out of both.

What AIF and Argdown cannot hold is listed in ``docs/reference/interchange.md`` ("What each
format keeps"); a test checks that the table's Argdown row names every field the property leaves out.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from argmap.core.loader import load
from argmap.interchange import export
from argmap.interchange.aif import parse_aif, same_structure
from argmap.interchange.aifimport import convert as aif_convert
from argmap.interchange.aifimport import write_files
from argmap.interchange.argdownimport import convert as argdown_convert
from argmap.interchange.argdownread import read_argdown
from argmap.interchange.jsonimport import convert as json_convert
from argmap.interchange.plaintext import visible_text

ROOT = Path(__file__).resolve().parent.parent
ARGDOWN = ROOT / "bench" / "node_modules" / ".bin" / "argdown"
ALPHABET = [*"abcxyz ABC 019.,;:!?-'\"*_`&#\\/@+={}~()",
            "日本", "한국", "😀", "e\u0301", "&amp;", "&#42;", "&lt;", "&notice", "&bogus;"]
TEXT = st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=12).map(lambda xs: "".join(xs).strip() or "x")
KINDS = ("thesis", "claim", "premise", "counterclaim", "method", "scope")


@st.composite
def corpora(draw: Any) -> dict[str, Any]:
    """Claim-file documents: {file name: YAML data}."""
    n = draw(st.integers(1, 7))
    ids = [f"c{i}" for i in range(n)]
    claims = []
    for cid in ids:
        c: dict[str, Any] = {"id": cid, "text": draw(TEXT), "kind": draw(st.sampled_from(KINDS)),
                             "basis": draw(st.sampled_from(("stated", "reconstructed"))),
                             "locator": {"source": "src", "pages": str(draw(st.integers(1, 99)))}}
        if draw(st.booleans()):
            c["label"] = draw(TEXT)
        if draw(st.integers(0, 3)) == 0:
            c["translations"] = {"de": draw(TEXT)}
        if draw(st.integers(0, 3)) == 0:
            c["note"] = draw(TEXT)
        claims.append(c)
    relations: list[dict[str, Any]] = []
    for k in range(draw(st.integers(0, 8))):
        a, b = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        rtype = draw(st.sampled_from(("supports", "attacks", "qualifies", "contrasts")))
        if a == b or (rtype == "supports" and a < b):  # supports only point to earlier claims: no cycles
            continue
        link: dict[str, Any] = {"claim": ids[b]}
        if draw(st.booleans()):
            link["because"] = draw(TEXT)
        if draw(st.booleans()):
            link["id"] = f"r{k}"
            relations.append({"id": f"r{k}", "type": rtype})
        claims[a].setdefault(rtype, []).append(link)
    arguments = []
    for k in range(draw(st.integers(0, 3))):
        concl = draw(st.integers(0, n - 1))
        others = [i for i in range(n) if i != concl and (i > concl)]
        if not others:
            continue
        premises = draw(st.lists(st.sampled_from(others), min_size=1, max_size=3, unique=True))
        atype = draw(st.sampled_from(("supports", "attacks")))
        arg: dict[str, Any] = {"id": f"arg{k}", "type": atype, "premises": [ids[p] for p in premises],
                               "conclusion": ids[concl], "basis": "reconstructed"}
        if draw(st.booleans()):
            arg["label"] = draw(TEXT)
        if draw(st.booleans()):
            arg["because"] = draw(TEXT)
        arguments.append(arg)
    targets = [r["id"] for r in relations] + [a["id"] for a in arguments]
    if targets and draw(st.booleans()):
        claims[draw(st.integers(0, n - 1))]["undercuts"] = [{"relation": draw(st.sampled_from(targets))}]
    if len(targets) > 0 and n > 1 and draw(st.booleans()):
        arguments.append({"id": "arg-joint", "type": "undercuts", "premises": ids[:2],
                          "conclusion": draw(st.sampled_from(targets)), "basis": "stated"})
        if draw(st.booleans()):
            arguments[-1]["because"] = draw(TEXT)
    evidence = []
    if draw(st.booleans()):
        evidence.append({"id": "ev0", "kind": "survey", "provenance": "paper", "date": "2014-07",
                         "summary": draw(TEXT), "source": "src", "supports": [{"claim": ids[0]}]})
    split = draw(st.integers(1, n))  # claims from c<split> on go into a second section
    section: dict[str, Any] = {"section": {"id": "s", "title": draw(TEXT), "coverage": "complete"},
                               "claims": claims[:split]}
    if arguments:
        section["arguments"] = arguments
    if evidence:
        section["evidence"] = evidence
    docs = {
        "paper.yml": {"paper": {"source": "src", "title": draw(TEXT), "thesis": [ids[0]], "sections": ["s"]},
                      "references": [{"id": "src", "type": "report", "title": "A source"}]},
        "s.yml": section,
    }
    if claims[split:]:
        docs["paper.yml"]["paper"]["sections"].append("t")
        docs["t.yml"] = {"section": {"id": "t", "title": draw(TEXT), "coverage": "complete"}, "claims": claims[split:]}
    return docs


def _load(files: dict[str, str], root: Path) -> Any:
    write_files(files, str(root))
    result = load(str(root))
    assert not result.report.failed(strict=True), [str(d) for d in result.report.sorted()][:3]
    return result.corpus


def _generated(docs: dict[str, Any], root: Path) -> Any:
    for name, data in docs.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = load(str(root))
    assume(not result.report.failed(strict=True))
    return result.corpus


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                            HealthCheck.filter_too_much])


@SETTINGS
@given(corpora())
def test_json_export_import_export_is_the_identity(docs: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "gen").mkdir()
        corpus = _generated(docs, root / "gen")
        first = export(corpus, "json")
        again = export(_load(json_convert(json.loads(first)).files, root / "imported"), "json")
        assert again == first


def _aif_round(aif_text: str, root: Path) -> str:
    graph = parse_aif(json.loads(aif_text), "map.json")
    return export(_load(aif_convert([graph]).files, root), "aif")


@SETTINGS
@given(corpora())
def test_aif_export_import_export_is_stable(docs: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "gen").mkdir()
        corpus = _generated(docs, root / "gen")
        first = export(corpus, "aif")
        # The I-node text is the claim's Markdown with entities decoded as Markdown decodes them:
        # where the text has no marks, that is exactly what the site shows (markdown-it's reading).
        shown = {n["nodeID"]: n["text"] for n in json.loads(first)["nodes"] if n["type"] == "I"}
        for cid, claim in corpus.claims.items():
            if not any(ch in claim.text for ch in "*_`\\[]"):
                assert " ".join(shown[cid].split()) == visible_text(claim.text), claim.text
        second = _aif_round(first, root / "one")
        third = _aif_round(second, root / "two")
        a, b, c = (json.loads(x) for x in (first, second, third))
        assert same_structure(a, b), "AIF → YAML → AIF changed the graph"
        assert same_structure(b, c)
        texts = sorted(n["text"] for n in a["nodes"] if n["type"] == "I")
        assert texts == sorted(n["text"] for n in b["nodes"] if n["type"] == "I")


# -- Argdown ------------------------------------------------------------------------------------

#: What Argdown loses, as fields of argmap's JSON export that the comparison takes out of both the
#: generated and the imported corpus (every other field must come back). ``docs/reference/
#: interchange.md`` names each of them in the Argdown row of "What each format keeps".
ARGDOWN_LOSES: dict[str, tuple[str, ...]] = {
    "": ("acceptability", "aliases", "comparisons", "issues", "sources", "tests", "vocabulary"),
    "paper": ("coverage", "licence", "maintainers", "map_url", "sections", "semantics", "source", "summary",
              "thesis"),
    "sections": ("id", "coverage", "pages", "summary", "topics"),
    "claims": ("actors", "aliases", "assumed", "basis", "dimension", "evidence", "kind", "label", "level",
               "locator", "note", "tags", "translations"),
    "evidence": ("actors", "date", "date_note", "kind", "label", "locator", "note", "provenance", "sources",
                 "tags", "url"),
    "arguments": ("basis", "locator", "note", "scheme", "weighing", "weight"),
    "relations": ("basis", "explicit_id"),
}


def _argdown_keeps(exported: str) -> dict[str, Any]:
    """The JSON export without :data:`ARGDOWN_LOSES`, and with the changes Argdown forces: texts as
    shown; evidence items as claims (their summaries as texts); sections known by their titles; an
    argument's ``label`` and ``because`` as one text (a ``supports`` argument has one description);
    a relation's id and ``because`` only where something undercuts it (it is an Argdown argument),
    and parallel relations (of one type between the same two nodes) as one."""
    data = json.loads(exported)
    for key in ARGDOWN_LOSES[""]:
        del data[key]
    for key, fields in ARGDOWN_LOSES.items():
        for item in ([data[key]] if isinstance(data.get(key), dict) else data.get(key, [])) if key else []:
            for name in fields:
                del item[name]
    titles = {s["id"]: visible_text(s["title"]) for s in json.loads(exported)["sections"]}
    data["paper"]["title"] = visible_text(data["paper"]["title"])
    data["sections"] = sorted(titles[s["id"]] for s in json.loads(exported)["sections"]
                              if any(x["section"] == s["id"] for k in ("claims", "evidence", "arguments")
                                     for x in data[k]))
    nodes = [{"id": c["id"], "section": titles[c["section"]], "text": visible_text(c["text"])}
             for c in data["claims"]]
    nodes += [{"id": e["id"], "section": titles[e["section"]], "text": visible_text(e["summary"])}
              for e in data.pop("evidence")]
    data["claims"] = sorted(nodes, key=lambda c: c["id"])
    undercut = {r["to"] for r in data["relations"] if r["type"] == "undercuts"} | \
        {a["conclusion"] for a in data["arguments"] if a["type"] == "undercuts"}
    for a in data["arguments"]:
        a["section"] = titles[a["section"]]
        label, because = visible_text(a.pop("label")), visible_text(a.pop("because"))
        a["texts"] = [label, because] if a["type"] != "supports" else [label or because]
        a["texts"] = ["" if t == a["id"] else t for t in a["texts"]]
    relations = []
    for r in data["relations"]:
        kept = r["id"] in undercut
        because = visible_text(r["because"]) if kept and r["because"] != r["type"] else ""
        relations.append({**r, "id": r["id"] if kept else "", "because": because, "section": titles[r["section"]]})
    # Argdown holds one relation of a type between two nodes: parallel ones (no id kept) are one.
    data["relations"] = sorted({json.dumps(r, sort_keys=True, ensure_ascii=False): r for r in relations}.items())
    return data


def _argdown_round(text: str, root: Path) -> tuple[Any, dict[str, Any], str]:
    """``text`` read by Argdown's parser and imported: the corpus, Argdown's JSON, the corpus's export."""
    root.mkdir(parents=True)
    path = root / "map.argdown"
    path.write_text(text, encoding="utf-8")
    data = read_argdown(str(path))
    result, _ = argdown_convert([(path.name, data)])
    corpus = _load(result.files, root / "claims")
    return corpus, data, export(corpus, "argdown")


@pytest.mark.skipif(not ARGDOWN.is_file() or shutil.which("node") is None,
                    reason="Argdown's CLI is not installed (make setup-test)")
@settings(SETTINGS, max_examples=25)
@given(corpora())
def test_argdown_export_import_export_is_stable(docs: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "gen").mkdir()
        corpus = _generated(docs, root / "gen")
        first = export(corpus, "argdown")
        imported, read, second = _argdown_round(first, root / "one")
        assert second == first
        # Argdown's own reading of each statement is what the claim (or evidence item) shows.
        shown = {c.id: c.text for c in corpus.claims.values()} | {e.id: e.summary for e in corpus.evidence.values()}
        for ident, text in shown.items():
            members = [m["text"] for m in read["statements"][ident]["members"] if not m.get("isReference")]
            # (the space before a data block ends Argdown's text; a shown text never ends in one)
            assert [m.rstrip(" ") for m in members] == [visible_text(text)], (text, members)
            assert visible_text(imported.claims[ident].text) == visible_text(text)
        assert _argdown_keeps(export(imported, "json")) == _argdown_keeps(export(corpus, "json"))


def test_the_docs_name_every_field_argdown_loses() -> None:
    page = (ROOT / "docs" / "reference" / "interchange.md").read_text(encoding="utf-8")
    table = page.split("\n## What each format keeps\n", 1)[1].split("\n## ", 1)[0]
    row = next(line for line in table.splitlines() if line.startswith("| Argdown |"))
    named = set(re.findall(r"`([a-z_]+)`", row))
    for key, fields in ARGDOWN_LOSES.items():
        missing = [f for f in fields if f not in named]
        assert not missing, f"the Argdown row of 'What each format keeps' does not name {key or 'top-level'} {missing}"
