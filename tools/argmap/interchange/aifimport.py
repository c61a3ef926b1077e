"""AIF JSON → claim files. One imported file becomes one section of one corpus.

What becomes what (see ``docs/reference/interchange.md``):

* every I-node → a claim ``<section>-<node>`` with the alias ``aif-<node>`` (or
  ``aif-<section>-<node>`` when the node id occurs in several imported files);
* an RA-node with premises and one conclusion → an argument (always, even with one premise);
  an RA-node with a conclusion and no premise edge → an argument with ``premises: []``;
* a CA-node with one attacker → ``attacks`` onto an I-node, ``undercuts`` onto an S-node;
  with ``"scheme": "argmap:qualifies"`` → ``qualifies``;
* an MA-node with one source and one target → ``rephrases`` (``contrasts`` with
  ``"scheme": "argmap:contrasts"``);
* the original attributes of every converted node (``text``, ``scheme``, ``schemeID``,
  ``timestamp`` …) go into the side file's ``attributes``, and the AIF export puts them back;
* everything else (L, YA, TA, PA nodes, S-nodes of other shapes, edges between I-nodes) is kept
  verbatim in ``_aif/<section>.json`` beside the claim files, reported, and attached again by the
  AIF export; a claim asserted in the dialogue layer says so in its note.

The conversion is pure (:func:`convert`); :func:`write_files` writes the result atomically.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from argmap.core.textcheck import FLAGGED
from argmap.interchange.aif import CONTRASTS_SCHEME, QUALIFIES_SCHEME, SIDE_DIR, AifError, AifGraph, read_aif

log = logging.getLogger(__name__)

HEADER = "# Imported from AIF by `argmap import aif`. Edit freely; the AIF export reads it back.\n"
_SLUG_BAD = re.compile(r"[^a-z0-9]+")
_AMP = re.compile(r"&(?=[A-Za-z0-9#])")
_MD = {"<": "&lt;", "*": "&#42;", "_": "&#95;", "`": "&#96;", "\\": "&#92;"}


class ImportProblem(AifError):
    """An import that cannot be done (nothing to import, an output directory in the way)."""


@dataclass
class ImportResult:
    files: dict[str, str]  # path relative to the output directory → text
    messages: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


def escape_text(text: str) -> str:
    """AIF text as safe inline Markdown that renders as the same characters (html.unescape reverses it).

    Control characters, direction overrides and zero-width characters, which claim files may not
    hold (AM042, AM043), are left out.
    """
    s = _AMP.sub("&amp;", FLAGGED.sub("", text))
    s = "".join(_MD.get(ch, ch) for ch in s)
    return s.replace("](", "]&#40;").replace("]:", "]&#58;")


def slug(value: str, limit: int) -> str:
    """A lowercase slug of at most ``limit`` characters; a short hash keeps distinct values distinct."""
    s = _SLUG_BAD.sub("-", value.lower()).strip("-")
    if s and s == value and len(s) <= limit:
        return s
    digest = hashlib.sha1(value.encode("utf-8")).hexdigest()[:6]
    s = s[: max(0, limit - 7)].strip("-")
    return f"{s}-{digest}" if s else f"x{digest}"


class _Ids:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, base: str) -> str:
        ident, n = base, 2
        while ident in self.used:
            ident = f"{base[:76]}-{n}"
            n += 1
        self.used.add(ident)
        return ident


@dataclass
class _Section:
    graph: AifGraph
    id: str
    source: str
    ids: dict[str, str] = field(default_factory=dict)  # AIF node id → argmap id
    consumed: set[int] = field(default_factory=set)  # indexes of converted edges
    claims: list[dict[str, Any]] = field(default_factory=list)
    arguments: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    attributes: dict[str, dict[str, Any]] = field(default_factory=dict)  # AIF node id → what it was


def _edges_by_node(graph: AifGraph) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    ins: dict[str, list[int]] = {n: [] for n in graph.nodes}
    outs: dict[str, list[int]] = {n: [] for n in graph.nodes}
    for i, e in enumerate(graph.edges):
        outs[e["fromID"]].append(i)
        ins[e["toID"]].append(i)
    return ins, outs


def _convert_section(sec: _Section, ids: _Ids, alias_of: Callable[[str], str]) -> None:
    g = sec.graph
    ins, outs = _edges_by_node(g)
    ntype = {n: d["type"] for n, d in g.nodes.items()}
    locator = {"source": sec.source}
    for nid in g.nodes:
        if ntype[nid] == "I":
            sec.ids[nid] = ids.take(f"{sec.id}-{slug(nid, 30)}")
    # S-nodes in passes, so that an undercut can target an S-node converted before it.
    pending = [n for n in g.nodes if ntype[n] in ("RA", "CA", "MA")]
    progress = True
    while pending and progress:
        progress = False
        for nid in list(pending):
            src = [i for i in ins[nid] if ntype[g.edges[i]["fromID"]] == "I"]
            ends = ("I",) if ntype[nid] == "RA" else ("I", "RA", "CA", "MA")
            dst = [i for i in outs[nid] if ntype[g.edges[i]["toID"]] in ends]
            rec = _s_node(sec, nid, ntype[nid], g, src, dst, ntype, ids, locator)
            if rec is not None:
                sec.consumed.update(src)
                sec.consumed.update(dst)
                pending.remove(nid)
                progress = True
    for nid, node in g.nodes.items():
        if ntype[nid] != "I":
            continue
        premise = any(g.edges[i]["toID"] in sec.ids and ntype[g.edges[i]["toID"]] == "RA"
                      for i in outs[nid] if i in sec.consumed)
        concl = any(ntype[g.edges[i]["fromID"]] == "RA" for i in ins[nid] if i in sec.consumed)
        kind = "thesis" if concl and not premise else "premise" if premise and not concl else "claim"
        claim: dict[str, Any] = {
            "id": sec.ids[nid],
            "text": escape_text(node["text"]) if FLAGGED.sub("", node["text"]).strip() else "(an empty AIF I-node)",
            "kind": kind, "basis": "stated", "locator": {**locator, "note": _node_note(nid)},
            "aliases": [alias_of(nid)],
        }
        note = _dialogue_note(nid, g, ins, outs, ntype, sec.consumed)
        if note:
            claim["note"] = note
        sec.claims.append(claim)
        extra = {k: v for k, v in node.items() if k not in ("nodeID", "type", "text")}
        if extra:
            sec.attributes[nid] = {"type": "I", "kind": "claim", "label": "", "attrs": extra}


def _s_node(sec: _Section, nid: str, t: str, g: AifGraph, src: list[int], dst: list[int],
            ntype: dict[str, str], ids: _Ids, locator: dict[str, str]) -> dict[str, Any] | None:
    """Convert one RA, CA or MA node when its shape allows it; None leaves it for the side file."""
    node = g.nodes[nid]
    if t == "CA" and len(src) > 1 and len(dst) == 1:
        return _joint_attack(sec, nid, g, src, dst, ntype, ids, locator)
    if len(dst) != 1 or (t != "RA" and len(src) != 1):
        return None
    if not src and any(ntype[g.edges[i]["fromID"]] in ("RA", "MA") for i in _ins_of(g, nid)):
        return None  # an RA fed only by other S-nodes is not an argument argmap can hold
    target = g.edges[dst[0]]["toID"]
    if target not in sec.ids:
        return None
    scheme = node.get("scheme")
    scheme = scheme if isinstance(scheme, str) else ""
    premises = [sec.ids[g.edges[i]["fromID"]] for i in src]
    if t == "RA":
        if ntype[target] != "I" or len(set(premises)) != len(premises):
            return None
        ident = ids.take(f"{sec.id}-{slug(nid, 30)}")
        rec: dict[str, Any] = {"id": ident, "premises": premises, "conclusion": sec.ids[target], "basis": "stated",
                               "locator": {**locator, "note": _node_note(nid)}}
        label = scheme or (node["text"] if node["text"] not in ("", "RA", "Default Inference") else "")
        if label and "\n" not in label:
            rec["label"] = escape_text(label)
        sec.arguments.append(rec)
    else:
        if t == "MA":
            rtype = ("contrasts" if scheme == CONTRASTS_SCHEME else "rephrases") if ntype[target] == "I" else ""
        elif ntype[target] == "I":
            rtype = "qualifies" if scheme == QUALIFIES_SCHEME else "attacks"
        else:
            rtype = "undercuts"
        if not rtype or (scheme == QUALIFIES_SCHEME and rtype != "qualifies"):
            return None
        ident = ids.take(f"{sec.id}-{slug(nid, 30)}")
        rec = {"id": ident, "from": premises[0], "to": sec.ids[target], "type": rtype, "basis": "stated"}
        sec.relations.append(rec)
    sec.ids[nid] = ident
    sec.attributes[nid] = {"type": t, "kind": rec.get("type", "argument"), "label": rec.get("label", ""),
                           "attrs": {k: v for k, v in node.items() if k not in ("nodeID", "type")}}
    return rec


def _ins_of(g: AifGraph, nid: str) -> list[int]:
    return [i for i, e in enumerate(g.edges) if e["toID"] == nid]


def _joint_attack(sec: _Section, nid: str, g: AifGraph, src: list[int], dst: list[int],
                  ntype: dict[str, str], ids: _Ids, locator: dict[str, str]) -> dict[str, Any] | None:
    """A CA-node with several attackers: an argument of ``type: attacks`` (or ``undercuts``)."""
    node = g.nodes[nid]
    target = g.edges[dst[0]]["toID"]
    scheme = node.get("scheme")
    scheme = scheme if isinstance(scheme, str) else ""
    premises = [sec.ids[g.edges[i]["fromID"]] for i in src]
    if target not in sec.ids or scheme == QUALIFIES_SCHEME or len(set(premises)) != len(premises):
        return None
    ident = ids.take(f"{sec.id}-{slug(nid, 30)}")
    rec: dict[str, Any] = {"id": ident, "type": "attacks" if ntype[target] == "I" else "undercuts",
                           "premises": premises, "conclusion": sec.ids[target], "basis": "stated",
                           "locator": {**locator, "note": _node_note(nid)}}
    label = scheme or (node["text"] if node["text"] not in ("", "CA", "Default Conflict") else "")
    if label and "\n" not in label:
        rec["label"] = escape_text(label)
    sec.arguments.append(rec)
    sec.ids[nid] = ident
    return rec


def _node_note(nid: str) -> str:
    """The locator note naming the AIF node (one line, safe; the side file keeps the exact id)."""
    return escape_text("AIF node " + " ".join(nid.split()))


def _dialogue_note(nid: str, g: AifGraph, ins: dict[str, list[int]], outs: dict[str, list[int]],
                   ntype: dict[str, str], consumed: set[int]) -> str:
    parts = []
    for i in sorted(set(ins[nid]) | set(outs[nid])):
        if i in consumed:
            continue
        e = g.edges[i]
        other = e["fromID"] if e["toID"] == nid else e["toID"]
        t = ntype[other]
        line = f"{t} node {other}"
        if g.nodes[other]["text"].strip():
            line += f" ({' '.join(g.nodes[other]['text'].split())})"
        if t == "YA":
            speakers = [g.nodes[g.edges[j]["fromID"]]["text"] for j in ins[other]
                        if ntype[g.edges[j]["fromID"]] == "L"]
            if speakers:
                line += " of the locution " + "; ".join(" ".join(s.split()) for s in speakers)
        parts.append(line)
    if not parts:
        return ""
    return escape_text("In the AIF dialogue layer: " + "; ".join(parts) + ".")


def convert(graphs: Iterable[AifGraph]) -> ImportResult:
    """Turn AIF graphs into the text of claim files (pure: nothing is written)."""
    graphs = list(graphs)
    ids = _Ids()
    sections: list[_Section] = []
    for g in graphs:
        stem = os.path.splitext(g.name)[0]
        sid = ids.take(slug(stem, 40) or "nodeset")
        sections.append(_Section(g, sid, ids.take(f"src-{sid}")))
    seen = Counter(slug(n, 30) for g in graphs for n, d in g.nodes.items() if d["type"] == "I")
    aliases: dict[tuple[str, str], str] = {}
    for sec in sections:
        def alias_of(nid: str, sec: _Section = sec) -> str:
            s = slug(nid, 30)
            base = f"aif-{s}" if seen[s] == 1 else f"aif-{sec.id}-{s}"
            return aliases.setdefault((sec.id, nid), ids.take(base))

        _convert_section(sec, ids, alias_of)
    if not any(sec.claims for sec in sections):
        raise ImportProblem("nothing to import: no I-nodes in " + ", ".join(g.name for g in graphs))
    return _files(sections, ids)


def _files(sections: list[_Section], ids: _Ids) -> ImportResult:
    result = ImportResult({})
    dump = _dump
    refs = [{"id": s.source, "type": "dataset", "title": escape_text(f"AIF nodeset {s.graph.name}"),
             "note": escape_text(f"Imported by argmap from {s.graph.name}")} for s in sections]
    paper_source = sections[0].source
    if len(sections) > 1:
        paper_source = ids.take("aif-import")
        refs.insert(0, {"id": paper_source, "type": "collection",
                        "title": f"AIF import of {len(sections)} nodesets"})
    thesis = [c["id"] for s in sections for c in s.claims if c["kind"] == "thesis"]
    if not thesis:
        thesis = [next(c["id"] for s in sections for c in s.claims)]
    title = f"AIF nodeset {sections[0].graph.name}" if len(sections) == 1 else f"{len(sections)} AIF nodesets"
    result.files["paper.yml"] = dump({"paper": {
        "source": paper_source, "title": escape_text(title), "thesis": thesis, "sections": [s.id for s in sections],
        "coverage": "Imported from AIF: every I-node, RA, CA and MA node; the dialogue layer is kept in _aif/.",
    }})
    result.files["sources.yml"] = dump({"references": refs})
    for s in sections:
        doc: dict[str, Any] = {"section": {"id": s.id, "title": escape_text(s.graph.name), "coverage": "complete"}}
        for key, items in (("claims", s.claims), ("arguments", s.arguments), ("relations", s.relations)):
            if items:
                doc[key] = items
        result.files[f"sections/{s.id}.yml"] = dump(doc)
        kept_nodes = [n for nid, n in s.graph.nodes.items() if nid not in s.ids]
        kept_edges = [e for i, e in enumerate(s.graph.edges) if i not in s.consumed]
        side = {"format": "argmap-aif-side", "version": 1, "file": s.graph.name, "section": s.id,
                "ids": s.ids, "kept": {"nodes": kept_nodes, "edges": kept_edges}, "locutions": s.graph.locutions,
                "attributes": s.attributes}
        result.files[f"{SIDE_DIR}/{s.id}.json"] = json.dumps(side, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        result.counts.update(claims=len(s.claims), arguments=len(s.arguments), relations=len(s.relations),
                             sections=1, kept_nodes=len(kept_nodes), kept_edges=len(kept_edges))
        if kept_nodes or kept_edges:
            kinds = Counter(n["type"] for n in kept_nodes)
            what = ", ".join(f"{v} {k}" for k, v in sorted(kinds.items())) or "no nodes"
            result.messages.append(f"{s.graph.name}: kept {what} and {len(kept_edges)} edges in "
                                   f"{SIDE_DIR}/{s.id}.json (not part of the argument layer)")
    return result


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(doc: dict[str, Any]) -> str:
    return HEADER + yaml.dump(doc, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100,
                              default_flow_style=False)


def write_files(files: dict[str, str], out: str, *, force: bool = False) -> None:
    """Write ``files`` into ``out`` atomically: all of them appear at once, or none does.

    An existing non-empty ``out`` is replaced only with ``force`` (as a whole, so that no stale
    file of an earlier import survives).
    """
    out = os.path.abspath(out)
    if os.path.exists(out) and not os.path.isdir(out):
        raise ImportProblem(f"{out}: exists and is not a directory")
    busy = os.path.isdir(out) and bool(os.listdir(out))
    if busy and not force:
        raise ImportProblem(f"{out}: the directory is not empty; use --force to replace it")
    parent = os.path.dirname(out)
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".argmap-import-", dir=parent)
    try:
        for rel, text in sorted(files.items()):
            path = os.path.join(tmp, *rel.split("/"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        old = ""
        if os.path.isdir(out):
            old = tempfile.mkdtemp(prefix=".argmap-old-", dir=parent)
            os.rmdir(old)
            os.replace(out, old)
        os.replace(tmp, out)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def import_files(paths: list[str], out: str, *, force: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Read AIF files, convert them and write one corpus into ``out``."""
    graphs = []
    for n, path in enumerate(paths, 1):
        graphs.append(read_aif(path))
        if progress is not None:
            progress(n, len(paths))
    result = convert(graphs)
    write_files(result.files, out, force=force)
    log.info("imported %d AIF files into %s", len(paths), out)
    return result
