"""``argmap import microtexts``: the arg-microtexts corpus (112 texts, German and English).

Counts are computed here from the XML with the standard library and compared with what the
imported claim files hold, read back by argmap's loader. The corpus is read from
``../shared/corpora/arg-microtexts/`` (CC BY-NC-SA 4.0, never copied into the repository).
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from argmap.cli import cli
from argmap.core.loader import load
from argmap.core.semantics import grounded_labels
from argmap.interchange.microtexts import MicrotextError, import_paths, read_arggraph

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "arg-microtexts"

pytestmark = pytest.mark.skipif(not (CORPUS / "en").is_dir(), reason=f"arg-microtexts is not at {CORPUS}")


def _xml_counts(lang: str) -> tuple[int, Counter[str], Counter[str]]:
    """(ADUs, edges by type, ADUs by role) of one language, straight from the XML."""
    adus, edges, roles = 0, Counter[str](), Counter[str]()
    for f in sorted((CORPUS / lang).glob("*.xml")):
        root = ET.parse(f).getroot()
        adus += len(root.findall("adu"))
        roles.update(a.get("type") for a in root.findall("adu"))
        edges.update(e.get("type") for e in root.findall("edge"))
    return adus, edges, roles


def _xml_texts(lang: str) -> dict[tuple[str, str], str]:
    """(text id, ADU id) → the ADU's text (its EDUs through the segmentation edges)."""
    out = {}
    for f in sorted((CORPUS / lang).glob("*.xml")):
        root = ET.parse(f).getroot()
        edus = {e.get("id"): " ".join((e.text or "").split()) for e in root.findall("edu")}
        for e in root.findall("edge"):
            if e.get("type") == "seg" and e.get("src") in edus:
                out[(root.get("id"), e.get("trg"))] = edus[e.get("src")]
    return out


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("microtexts") / "claims"
    seen: list[tuple[int, int]] = []
    result = import_paths([str(CORPUS)], str(out), progress=lambda n, total: seen.append((n, total)))
    assert seen[-1] == (224, 224)
    loaded = load(str(out))
    return result, loaded, out


def test_the_corpus_counts() -> None:
    for lang in ("en", "de"):
        adus, edges, _ = _xml_counts(lang)
        assert adus == 576
        assert [edges[k] for k in ("sup", "exa", "add", "reb", "und")] == [263, 9, 21, 108, 63]


def test_claims_and_relations_as_the_xml_counts_them(imported: Any) -> None:
    _, loaded, _ = imported
    corpus = loaded.corpus
    assert not loaded.report.failed(strict=True), [str(d) for d in loaded.report.sorted()][:5]
    for lang in ("en", "de"):
        adus, edges, roles = _xml_counts(lang)
        texts = [c.text if lang == "en" else c.translations.get(lang, "") for c in corpus.claims.values()]
        assert sum(1 for t in texts if t) == adus == 576
        args = list(corpus.arguments.values())
        got = {
            "sup": sum(1 for a in args if a.type.value == "supports" and a.scheme != "example"),
            "exa": sum(1 for a in args if a.type.value == "supports" and a.scheme == "example"),
            "add": sum(len(a.premises) - 1 for a in args),
            "reb": sum(1 for a in args if a.type.value == "attacks"),
            "und": sum(1 for a in args if a.type.value == "undercuts"),
        }
        assert got == {k: edges[k] for k in got}
        tags = Counter(t for c in corpus.claims.values() for t in c.tags)
        assert (tags["proponent"], tags["opponent"]) == (roles["pro"], roles["opp"])
    assert len(corpus.sections) == 112 and len(corpus.paper.thesis) == 112


def test_one_graph_in_two_languages_with_the_segment_texts(imported: Any) -> None:
    _, loaded, _ = imported
    corpus = loaded.corpus
    en, de = _xml_texts("en"), _xml_texts("de")
    assert len(en) == len(de) == 576
    for (text_id, adu), want in en.items():
        claim = corpus.claims[f"{text_id.replace('_', '-')}-{adu}"]
        assert html.unescape(claim.text) == want
        assert html.unescape(claim.translations["de"]) == de[(text_id, adu)]
    assert corpus.sources["arg-microtexts"].csl["language"] == "en"


def test_micro_b001_thesis_is_defended(imported: Any) -> None:
    """a1 rebuts the thesis a5; a3 and a4 together undercut that rebuttal: the thesis stands."""
    _, loaded, _ = imported
    corpus = loaded.corpus
    undercut = corpus.arguments["micro-b001-c3"]
    assert undercut.type.value == "undercuts" and undercut.premises == ("micro-b001-a3", "micro-b001-a4")
    assert undercut.conclusion == "micro-b001-c1"
    labels = grounded_labels(corpus)
    assert labels["micro-b001-a5"] == "in"
    assert corpus.claims["micro-b001-a5"].kind.value == "thesis"


def test_side_files_keep_the_segmentation(imported: Any) -> None:
    import json

    _, _, out = imported
    side = json.loads((out / "_microtexts" / "micro-b001.json").read_text(encoding="utf-8"))
    assert side["attributes"] == {"id": "micro_b001", "stance": "pro", "topic_id": "waste_separation"}
    assert side["segmentation"][0] == ["e1", "a1"]
    assert side["edus"]["e1"]["de"].startswith("Ja, seinen Müll")
    assert side["edges"]["c4"] == {"src": "a4", "trg": "c3", "type": "add", "argument": ""}


def test_one_language_alone(tmp_path: Path) -> None:
    import_paths([str(CORPUS / "de" / "micro_b001.xml")], str(tmp_path / "c"), main_language="de")
    corpus = load(str(tmp_path / "c")).corpus
    thesis = corpus.claims["micro-b001-a5"]
    assert thesis.text.startswith("Wir Berliner") and not thesis.translations


def test_cli_import_microtexts(tmp_path: Path) -> None:
    runner = CliRunner()
    files = [str(CORPUS / lang / "micro_b001.xml") for lang in ("en", "de")]
    res = runner.invoke(cli, ["import", "microtexts", *files, "--out", str(tmp_path / "c")])
    assert res.exit_code == 0, res.output
    assert "imported 1 text(s)" in res.output and "5 claims, 3 arguments" in res.output
    res = runner.invoke(cli, ["check", str(tmp_path / "c"), "--strict"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(cli, ["labels", "--claims", str(tmp_path / "c")])
    assert "micro-b001-a5\tin" in res.output


BOMB = """<?xml version="1.0"?>
<!DOCTYPE arggraph [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<arggraph id="x"><edu id="e1">&b;</edu></arggraph>
"""


@pytest.mark.parametrize(("text", "message"), [
    (BOMB, "refused"),
    ('<?xml version="1.0"?>\n<arggraph id="x">\n  <edu id="e1">open\n</arggraph>\n', ":4:3: not well-formed XML"),
    ('<aif id="x"/>', "not an arg-microtexts file"),
    ('<arggraph id="x"><adu id="a1" type="neutral"/></arggraph>', "expected pro or opp"),
    ('<arggraph id="x"><edge id="c1" src="a" trg="b" type="seq"/></arggraph>', "expected one of seg, sup"),
])
def test_unreadable_files_are_refused_with_the_place(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MicrotextError, match=message) as info:
        read_arggraph(str(path))
    assert str(path) in str(info.value)
    res = CliRunner().invoke(cli, ["import", "microtexts", str(path), "--out", str(tmp_path / "c")])
    assert res.exit_code == 1 and message.split(":")[-1].strip() in res.output
    assert not (tmp_path / "c").exists()


def test_languages_with_different_graphs_are_refused(tmp_path: Path) -> None:
    for lang, trg in (("en", "a2"), ("de", "a1")):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "t.xml").write_text(
            '<arggraph id="t"><edu id="e1">x</edu><edu id="e2">y</edu>'
            '<adu id="a1" type="pro"/><adu id="a2" type="pro"/>'
            '<edge id="s1" src="e1" trg="a1" type="seg"/><edge id="s2" src="e2" trg="a2" type="seg"/>'
            f'<edge id="c1" src="{"a1" if trg == "a2" else "a2"}" trg="{trg}" type="sup"/></arggraph>',
            encoding="utf-8")
    with pytest.raises(MicrotextError, match="different graph"):
        import_paths([str(tmp_path)], str(tmp_path / "out"))


def test_argdown_reads_the_imported_corpus(imported: Any, tmp_path: Path) -> None:
    """Argdown's CLI reads the export of all 112 texts: 108 rebuttals and 63 undercuts, each
    through an argument whose premises are the ADU and its ``add`` premises."""
    import json
    import shutil
    import subprocess

    argdown = ROOT / "bench" / "node_modules" / ".bin" / "argdown"
    if not argdown.exists() or shutil.which("node") is None:
        pytest.skip("Argdown's CLI is not installed (make setup-test)")
    from argmap.interchange import export

    _, loaded, _ = imported
    path = tmp_path / "microtexts.argdown"
    path.write_text(export(loaded.corpus, "argdown"), encoding="utf-8")
    proc = subprocess.run([str(argdown), "json", str(path), "--stdout"], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr
    data = json.loads(proc.stdout[proc.stdout.index("{"): proc.stdout.rindex("}") + 1])
    kinds = Counter(r["relationType"] for r in data["relations"])
    _, edges, _ = _xml_counts("en")
    assert (kinds["attack"], kinds["undercut"]) == (edges["reb"], edges["und"])
    assert len(data["arguments"]) == edges["sup"] + edges["exa"] + edges["reb"] + edges["und"]
    premises = sum(sum(1 for p in a["pcs"] if p["role"] == "premise") for a in data["arguments"].values())
    assert premises == len(data["arguments"]) + edges["add"]
