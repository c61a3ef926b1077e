"""Plain-text exports carry what a claim's text shows, escaped by each format's own rules only.

Each row of the table is a text as written in a claim file and the characters it shows (on the
site, and so in every plain-text export). The tests read the exports back with the third-party
reader of each format — Argdown's CLI (its JSON export) and networkx's GraphML reader — and
compare the text they get with the shown text, character for character.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from argmap.core.loader import load
from argmap.interchange import export
from argmap.interchange.aifimport import escape_text
from argmap.interchange.plaintext import visible_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "corpus" / "claims"
ARGDOWN = ROOT / "bench" / "node_modules" / ".bin" / "argdown"

#: (text in the claim file, the characters it shows)
AWKWARD: list[tuple[str, str]] = [
    ("It is *only* a **test**", "It is only a test"),
    ("&#42;only&#42; literal stars", "*only* literal stars"),
    (escape_text("micro_b005.json"), "micro_b005.json"),
    (r"escaped \*stars\* and \_marks\_", "escaped *stars* and _marks_"),
    ("Tom & Jerry &amp; friends", "Tom & Jerry & friends"),
    ("a < b and c > d", "a < b and c > d"),
    ("&lt;b&gt;not bold&lt;/b&gt;", "<b>not bold</b>"),
    ("\"double\" and 'single' quotes", "\"double\" and 'single' quotes"),
    (r"back\slash and C:\path\to", r"back\slash and C:\path\to"),
    (r"a literal \\ backslash", "a literal \\ backslash"),
    ("`code` span and [a link](https://example.org/x)", "code span and a link"),
    ("日本と韓国の同盟観", "日本と韓国の同盟観"),
    ("emoji 😀 and flags 🇯🇵🇰🇷", "emoji 😀 and flags 🇯🇵🇰🇷"),
    ("combining: Cafe\u0301 and n\u0303", "combining: Cafe\u0301 and n\u0303"),
    ("Argdown marks: #tag @mention [x] <y> {z} a // b + c = d : e",
     "Argdown marks: #tag @mention [x] <y> {z} a // b + c = d : e"),
    ("arrows +> [t] -> <a> _> x <- y <+ z", "arrows +> [t] -> <a> _> x <- y <+ z"),
    ("numbers (1) and ---- lines", "numbers (1) and ---- lines"),
    (r"shortcodes a.b\*c. .+. :smile: x.y.z", "shortcodes a.b*c. .+. :smile: x.y.z"),
    ("not an include: @include(other.argdown)", "not an include: @include(other.argdown)"),
    ("&#95;under&#95; &#96;tick&#96; &#92;", "_under_ `tick` \\"),
]


def test_visible_text_table() -> None:
    for written, shown in AWKWARD:
        assert visible_text(written) == shown, written


def _corpus_with(texts: list[str]) -> Any:
    """The fixture corpus with a claim ``awk-N`` for each of ``texts``, and an awkward paper title."""
    corpus = load(str(FIXTURE)).corpus
    template = corpus.claims[min(corpus.claims)]
    ids = [f"awk-{n:02d}" for n in range(len(texts))]
    claims = dict(corpus.claims)
    for cid, text in zip(ids, texts, strict=True):
        claims[cid] = replace(template, id=cid, text=text, label="")
    paper = replace(corpus.paper, title=escape_text("micro_b005.json & <co>"))
    sections = dict(corpus.sections)
    sections[template.section] = replace(sections[template.section], title=escape_text("micro_b005.json & <co>"))
    return replace(corpus, claims=claims, paper=paper, sections=sections), ids


def _argdown_json(path: Path) -> dict[str, Any]:
    if not ARGDOWN.exists():
        pytest.skip("Argdown's CLI is not installed (make setup-test)")
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    proc = subprocess.run([str(ARGDOWN), "json", str(path), "--stdout"], capture_output=True, text=True,
                          timeout=120, cwd=path.parent)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    return json.loads(out[: out.rindex("}") + 1])


def _chunks(n: int) -> list[list[tuple[str, str]]]:
    return [AWKWARD[i:i + n] for i in range(0, len(AWKWARD), n)]


@pytest.mark.parametrize("rows", _chunks(8))
def test_argdown_reader_gets_the_shown_text(rows: list[tuple[str, str]], tmp_path: Path) -> None:
    corpus, ids = _corpus_with([w for w, _ in rows])
    path = tmp_path / "awkward.argdown"
    path.write_text(export(corpus, "argdown"), encoding="utf-8")
    data = _argdown_json(path)
    for cid, (written, shown) in zip(ids, rows, strict=False):
        texts = [m["text"] for m in data["statements"][cid]["members"] if m.get("text")]
        assert texts == [shown], (written, texts)
        tags = [t for m in data["statements"][cid]["members"] for t in m.get("tags", [])]
        assert not tags, (written, tags)
    assert "micro_b005.json & <co>" in [sec["title"] for sec in data["sections"]]


def test_graphml_reader_gets_the_shown_text() -> None:
    import networkx as nx

    corpus, ids = _corpus_with([w for w, _ in AWKWARD])
    text = export(corpus, "graphml")
    assert "&#95;" not in text and "&#42;" not in text
    g = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    for cid, (written, shown) in zip(ids, AWKWARD, strict=False):
        assert g.nodes[cid]["text"] == shown, written
        assert g.nodes[cid]["label"] == shown, written
    assert g.graph["name"] == "micro_b005.json & <co>"
