"""arg-microtexts (Peldszus & Stede's ``arggraph`` XML) → claim files.

One text (``<arggraph id="micro_b001">``) becomes one section. The German and English versions
of a text have the same graph (the same ADU and edge ids), so they import as **one** graph in
two languages: a claim's ``text`` is in the main language (``en`` by default), its
``translations`` hold the others. A text found in one language only imports in that one.

* every ADU → a claim ``<section>-<adu>``: its text is its EDUs' texts (through the
  segmentation edges, and through a ``joint`` node when there is one); ``kind: thesis`` for the
  central claim (the ADU that bears on nothing), ``claim`` for other proponent ADUs and
  ``counterclaim`` for opponent ones; the dialectic role is kept as the tag ``proponent`` or
  ``opponent``;
* every argumentative edge → an argument ``<section>-<edge>`` whose premises are its source and
  the sources of the ``add`` edges attached to it (linked premises):
  ``sup`` → ``type: supports``; ``exa`` → ``type: supports`` with ``scheme: example``;
  ``reb`` → ``type: attacks`` (a rebuttal; with ``add`` premises a joint attack);
  ``und`` → ``type: undercuts`` of the argument made from the edge it undercuts;
* what the claim format has no place for — the EDU segmentation and ids, joints, ``topic_id``
  and ``stance``, and the original ids — is kept in ``_microtexts/<section>.json``.

XML is read with defusedxml: a document type declaration, entity declarations and external
references are refused, so nothing is expanded or fetched. An unreadable file is an error naming
the file, line and column.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from argmap.interchange.aifimport import ImportProblem, ImportResult, escape_text, slug, write_files

SIDE_DIR = "_microtexts"
HEADER = "# Imported from arg-microtexts by `argmap import microtexts`. Edit freely.\n"
_LANG = re.compile(r"^[a-z]{2,3}$")
EDGE_TYPES = ("seg", "sup", "exa", "add", "reb", "und")
_ARGUMENT_TYPE = {"sup": "supports", "exa": "supports", "reb": "attacks", "und": "undercuts"}


class MicrotextError(ImportProblem):
    """An arggraph file that cannot be read: the message names the file and the place."""


@dataclass
class ArgGraph:
    """One arggraph document as read: its id, attributes, EDU texts, ADUs and edges (file order)."""

    path: str
    id: str
    language: str
    attrs: dict[str, str]
    edus: dict[str, str] = field(default_factory=dict)
    joints: list[str] = field(default_factory=list)
    adus: dict[str, str] = field(default_factory=dict)  # id → pro | opp
    edges: list[dict[str, str]] = field(default_factory=list)  # id, src, trg, type

    def structure(self) -> tuple[Any, ...]:
        """What must be the same in every language of one text."""
        return (tuple(self.edus), tuple(self.joints), tuple(sorted(self.adus.items())),
                tuple(tuple(sorted(e.items())) for e in self.edges))


def language_of(path: str, default: str) -> str:
    """The language of a file: its folder's name when that is a language tag (``en/``, ``de/``)."""
    folder = os.path.basename(os.path.dirname(os.path.abspath(path)))
    return folder if _LANG.match(folder) else default


def read_arggraph(path: str, *, language: str = "en") -> ArgGraph:
    """Parse one arggraph file safely; errors name the file and, for bad XML, the line and column."""
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise MicrotextError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        root = DET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise MicrotextError(f"{path}: refused: {exc} (argmap reads no DTDs or entities)") from None
    except DET.ParseError as exc:
        line, col = getattr(exc, "position", (0, 0))
        raise MicrotextError(f"{path}:{line}:{col + 1}: not well-formed XML: {exc}") from None
    if root.tag != "arggraph" or not root.get("id"):
        raise MicrotextError(f"{path}: not an arg-microtexts file (expected <arggraph id=...>, found <{root.tag}>)")
    g = ArgGraph(path, root.get("id", ""), language, dict(sorted(root.attrib.items())))
    for el in root:
        ident = el.get("id", "")
        if el.tag in ("edu", "joint", "adu", "edge") and not ident:
            raise MicrotextError(f"{path}: a <{el.tag}> without an id")
        if el.tag == "edu":
            g.edus[ident] = " ".join((el.text or "").split())
        elif el.tag == "joint":
            g.joints.append(ident)
        elif el.tag == "adu":
            if el.get("type") not in ("pro", "opp"):
                raise MicrotextError(f"{path}: ADU {ident!r} has type {el.get('type')!r}, expected pro or opp")
            g.adus[ident] = el.get("type", "")
        elif el.tag == "edge":
            edge = {"id": ident, "src": el.get("src", ""), "trg": el.get("trg", ""), "type": el.get("type", "")}
            if edge["type"] not in EDGE_TYPES:
                raise MicrotextError(f"{path}: edge {ident!r} has type {edge['type']!r}, "
                                     f"expected one of {', '.join(EDGE_TYPES)}")
            g.edges.append(edge)
        else:
            raise MicrotextError(f"{path}: unexpected element <{el.tag}>")
    return g


def _plain_slug(value: str, limit: int, used: set[str]) -> str:
    """``micro_b001`` → ``micro-b001``; the hashed :func:`slug` only when that is no id or is taken."""
    s = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    if not s or len(s) > limit or s in used:
        s = slug(value, limit)
    used.add(s)
    return s


def _segments(g: ArgGraph) -> dict[str, list[str]]:
    """ADU id → its EDU ids in text order (through joints)."""
    into: dict[str, list[str]] = {}
    for e in g.edges:
        if e["type"] == "seg":
            into.setdefault(e["trg"], []).append(e["src"])
    order = {k: i for i, k in enumerate(g.edus)}

    def edus(node: str, depth: int = 0) -> list[str]:
        if node in g.edus or depth > 3:
            return [node] if node in g.edus else []
        return [x for src in into.get(node, []) for x in edus(src, depth + 1)]

    return {a: sorted(set(edus(a)), key=lambda x: order.get(x, 0)) for a in g.adus}


@dataclass
class _Text:
    """One text in all its languages (the first is the main one)."""

    versions: list[ArgGraph]
    section: str
    source: str


def _convert_text(t: _Text) -> tuple[dict[str, Any], dict[str, Any], list[str], list[str]]:
    """(section document, side-file data, thesis claim ids, problems) of one text."""
    g = t.versions[0]
    segs = _segments(g)
    used: set[str] = set()
    cid = {a: f"{t.section}-{_plain_slug(a, 20, used)}" for a in g.adus}
    edges = {e["id"]: e for e in g.edges}
    aid = {e["id"]: f"{t.section}-{_plain_slug(e['id'], 20, used)}" for e in g.edges if e["type"] in _ARGUMENT_TYPE}
    bears = {e["src"] for e in g.edges if e["type"] != "seg"}
    path = os.path.basename(g.path)
    problems: list[str] = []
    claims = []
    for adu, role in g.adus.items():
        texts = {v.language: " ".join(v.edus.get(x, "") for x in segs[adu]).strip() for v in t.versions}
        main = texts[g.language] or "(an ADU without text)"
        kind = "thesis" if adu not in bears else "claim" if role == "pro" else "counterclaim"
        claim: dict[str, Any] = {
            "id": cid[adu], "text": escape_text(main), "kind": kind, "basis": "stated",
            "locator": {"source": t.source, "note": escape_text(f"{g.id}, ADU {adu} ({', '.join(segs[adu])})")},
            "tags": ["proponent" if role == "pro" else "opponent"],
        }
        others = {lang: escape_text(text) for lang, text in texts.items() if lang != g.language and text}
        if others:
            claim["translations"] = others
        claims.append(claim)
    added: dict[str, list[str]] = {}
    for e in g.edges:
        if e["type"] == "add":
            added.setdefault(e["trg"], []).append(e["src"])
    arguments = []
    for e in g.edges:
        if e["type"] not in _ARGUMENT_TYPE:
            continue
        premises = [e["src"], *added.get(e["id"], [])]
        target = e["trg"]
        # An undercut's target is an edge (the argument made from it); any other's an ADU.
        conclusion = (aid.get(target, "") if target in edges else "") if e["type"] == "und" else cid.get(target, "")
        if not conclusion or any(p not in cid for p in premises):
            problems.append(f"{path}: edge {e['id']} ({e['type']}) does not join ADUs as the scheme says; "
                            "kept in the side file only")
            continue
        arg: dict[str, Any] = {"id": aid[e["id"]], "type": _ARGUMENT_TYPE[e["type"]],
                               "premises": [cid[p] for p in premises], "conclusion": conclusion, "basis": "stated"}
        if e["type"] == "exa":
            arg["scheme"] = "example"
        arg["locator"] = {"source": t.source, "note": escape_text(f"{g.id}, edge {e['id']} ({e['type']})")}
        arguments.append(arg)
    title = f"{g.id}" + (f" ({g.attrs['topic_id']})" if g.attrs.get("topic_id") else "")
    section = {"id": t.section, "title": escape_text(title), "coverage": "complete"}
    doc = {"section": section, "claims": claims, "arguments": arguments}
    side = {
        "arggraph": g.id, "attributes": g.attrs,
        "files": {v.language: os.path.basename(v.path) for v in t.versions},
        "edus": {x: {v.language: v.edus[x] for v in t.versions} for x in g.edus},
        "joints": g.joints, "segmentation": [[e["src"], e["trg"]] for e in g.edges if e["type"] == "seg"],
        "adus": {a: {"claim": cid[a], "role": r} for a, r in g.adus.items()},
        "edges": {e["id"]: {"src": e["src"], "trg": e["trg"], "type": e["type"], "argument": aid.get(e["id"], "")}
                  for e in g.edges if e["type"] != "seg"},
    }
    thesis = [c["id"] for c in claims if c["kind"] == "thesis"]
    return doc, side, thesis, problems


def group(graphs: Iterable[ArgGraph], main_language: str = "en") -> list[list[ArgGraph]]:
    """The versions of each text, the main language first; texts in first-seen order."""
    by_id: dict[str, list[ArgGraph]] = {}
    for g in graphs:
        versions = by_id.setdefault(g.id, [])
        if any(v.language == g.language for v in versions):
            other = next(v for v in versions if v.language == g.language)
            raise MicrotextError(f"{g.path}: text {g.id} in {g.language!r} is also in {other.path}")
        if versions and versions[0].structure() != g.structure():
            raise MicrotextError(f"{g.path}: text {g.id} has a different graph than {versions[0].path}; "
                                 "import the languages separately")
        versions.append(g)
    return [sorted(v, key=lambda g: (g.language != main_language, g.language)) for v in by_id.values()]


def convert(graphs: Iterable[ArgGraph], main_language: str = "en") -> ImportResult:
    """The claim files for ``graphs`` (pure: nothing is written)."""
    from argmap.interchange.jsonimport import dump_yaml

    texts = group(graphs, main_language)
    if not texts:
        raise ImportProblem("nothing to import: no arggraph files")
    result = ImportResult({})
    refs: list[dict[str, Any]] = [{"id": "arg-microtexts", "type": "collection",
                                   "title": f"arg-microtexts import of {len(texts)} texts",
                                   "note": "Peldszus & Stede 2015, CC BY-NC-SA 4.0",
                                   "language": texts[0][0].language}]
    thesis: list[str] = []
    sections: list[str] = []
    used = {"arg-microtexts"}
    for versions in texts:
        sid = _plain_slug(versions[0].id, 40, used)
        t = _Text(versions, sid, f"src-{sid}")
        doc, side, central, problems = _convert_text(t)
        thesis += central
        result.messages += problems
        sections.append(sid)
        refs.append({"id": t.source, "type": "dataset", "title": escape_text(f"arg-microtexts {versions[0].id}"),
                     "language": versions[0].language,
                     "note": escape_text("Imported by argmap from " + ", ".join(side["files"].values()))})
        result.files[f"sections/{sid}.yml"] = dump_yaml(doc, HEADER)
        result.files[f"{SIDE_DIR}/{sid}.json"] = json.dumps(side, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        result.counts["claims"] += len(doc["claims"])
        result.counts["arguments"] += len(doc["arguments"])
        result.counts["texts"] += 1
    languages = sorted({g.language for v in texts for g in v})
    paper = {"source": "arg-microtexts", "title": f"arg-microtexts: {len(texts)} texts ({', '.join(languages)})",
             "thesis": thesis, "sections": sections}
    result.files["paper.yml"] = dump_yaml({"paper": paper}, HEADER)
    result.files["sources.yml"] = dump_yaml({"references": refs}, HEADER)
    return result


def find_files(paths: Iterable[str]) -> list[str]:
    """Every ``*.xml`` file named, or under a folder named (sorted, recursively)."""
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            for folder, dirs, files in os.walk(p):
                dirs.sort()
                out += sorted(os.path.join(folder, f) for f in files if f.endswith(".xml"))
        else:
            out.append(p)
    return out


def import_paths(paths: list[str], out: str, *, force: bool = False, main_language: str = "en",
                 default_language: str = "en",
                 progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Read arggraph files (or folders of them), convert them and write one corpus into ``out``."""
    files = find_files(paths)
    if not files:
        raise ImportProblem("no *.xml files in " + ", ".join(paths))
    graphs = []
    for n, path in enumerate(files, 1):
        graphs.append(read_arggraph(path, language=language_of(path, default_language)))
        if progress is not None:
            progress(n, len(files))
    result = convert(graphs, main_language)
    write_files(result.files, out, force=force)
    return result
