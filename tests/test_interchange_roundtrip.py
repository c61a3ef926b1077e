"""Property: over generated claim sets, export → import → export is stable (JSON and AIF).

Hypothesis generates small corpora — claims with awkward texts (Markdown marks, entities, `&`,
quotes, backslashes, CJK, emoji, combining marks), translations, evidence, relations of every
type (with and without ids), undercuts, arguments with linked premises and joint attacks — writes
them as claim files and keeps those that pass ``argmap check --strict``. Then:

* JSON: import(export(c)) exports to the same bytes (the identity, not just stability);
* AIF: export → import → export gives a graph isomorphic to the first export (node types and
  I-node texts kept), and a second round gives the same again. What AIF cannot hold is listed in
  ``docs/reference/interchange.md`` ("What each format keeps").

Argdown is not in the property: its importer is another branch's work (the "importers" issue).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from argmap.core.loader import load
from argmap.interchange import export
from argmap.interchange.aif import parse_aif, same_structure
from argmap.interchange.aifimport import convert as aif_convert
from argmap.interchange.aifimport import write_files
from argmap.interchange.jsonimport import convert as json_convert
from argmap.interchange.plaintext import visible_text

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
        arguments.append(arg)
    targets = [r["id"] for r in relations] + [a["id"] for a in arguments]
    if targets and draw(st.booleans()):
        claims[draw(st.integers(0, n - 1))]["undercuts"] = [{"relation": draw(st.sampled_from(targets))}]
    if len(targets) > 0 and n > 1 and draw(st.booleans()):
        arguments.append({"id": "arg-joint", "type": "undercuts", "premises": ids[:2],
                          "conclusion": draw(st.sampled_from(targets)), "basis": "stated"})
    evidence = []
    if draw(st.booleans()):
        evidence.append({"id": "ev0", "kind": "survey", "provenance": "paper", "date": "2014-07",
                         "summary": draw(TEXT), "source": "src", "supports": [{"claim": ids[0]}]})
    section: dict[str, Any] = {"section": {"id": "s", "title": draw(TEXT), "coverage": "complete"}, "claims": claims}
    if arguments:
        section["arguments"] = arguments
    if evidence:
        section["evidence"] = evidence
    return {
        "paper.yml": {"paper": {"source": "src", "title": draw(TEXT), "thesis": [ids[0]], "sections": ["s"]},
                      "references": [{"id": "src", "type": "report", "title": "A source"}]},
        "s.yml": section,
    }


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
