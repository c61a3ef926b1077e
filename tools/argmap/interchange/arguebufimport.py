"""Kialo, xAIF (OVA3) and SADFace → claim files, read by arguebuf (https://github.com/recap-utr/arguebuf-python).

arguebuf's readers turn each format into one graph model (atom nodes, scheme nodes typed
Support, Attack, Rephrase or Preference, edges); :func:`convert` turns that model into claim
files, the same way for every format:

* every atom node → a claim ``<section>-<node>`` (text: the atom's plain text);
* a Support scheme with one premise → ``supports``; with several → an argument;
* an Attack scheme → ``attacks`` onto an atom, ``undercuts`` onto a scheme made into a relation
  or an argument; a Rephrase scheme → ``rephrases``;
* a Preference scheme, a scheme without a type, or one of another shape → set aside in the side
  file ``_arguebuf/<section>.json``, which also keeps the scheme names, the node ids, the
  participants, the resources (source text) and the graph's userdata.

For xAIF the side file also keeps what arguebuf does not read (L, YA, TA nodes and their edges,
locutions, participants, scheme fulfilments, descriptor fulfilments, the OVA layout, the source
text and each converted node's own attributes), so that ``argmap export --format xaif``
(:mod:`argmap.interchange.xaif`) writes them back.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

from argmap.interchange.aifimport import ImportProblem, ImportResult, write_files
from argmap.interchange.claimwriter import Builder

SIDE_DIR = "_arguebuf"
FORMATS = ("kialo", "xaif", "sadface")
NAMES = {"kialo": "Kialo", "xaif": "xAIF", "sadface": "SADFace"}


class ArguebufError(ImportProblem):
    """A file arguebuf cannot read: the message names the file (and the position when known)."""


def _json(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except json.JSONDecodeError as exc:
        raise ArguebufError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except UnicodeDecodeError:
        raise ArguebufError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise ArguebufError(f"{path}: cannot read: {exc.strerror or exc}") from None


def read_graph(fmt: str, path: str) -> tuple[Any, Any]:
    """(arguebuf graph, the raw document) for one file; :class:`ArguebufError` when it cannot be read."""
    import arguebuf

    name = os.path.splitext(os.path.basename(path))[0]
    raw: Any = None
    try:
        if fmt == "kialo":
            with open(path, encoding="utf-8") as fh:
                first = fh.readline()
                if not first.startswith("Discussion Title:"):
                    raise ArguebufError(f"{path}:1:1: not a Kialo text export: it must start with 'Discussion Title:'")
                fh.seek(0)
                graph = arguebuf.load.kialo(fh, name=name)
        elif fmt == "xaif":
            raw = _json(path)
            if not isinstance(raw, dict) or not isinstance(raw.get("AIF"), dict) \
                    or not isinstance(raw["AIF"].get("nodes"), list) or not isinstance(raw["AIF"].get("edges"), list):
                raise ArguebufError(f"{path}: not xAIF: expected an object with an 'AIF' object holding 'nodes' "
                                    "and 'edges' lists (plain AIF: use `argmap import aif`)")
            graph = arguebuf.load.xaif(raw, name=name)  # type: ignore[arg-type]  # checked above
        elif fmt == "sadface":
            raw = _json(path)
            if not isinstance(raw, dict) or not isinstance(raw.get("nodes"), list) \
                    or not isinstance(raw.get("edges"), list) or not isinstance(raw.get("metadata"), dict):
                raise ArguebufError(f"{path}: not SADFace: expected an object with 'metadata', 'nodes' and 'edges'")
            core = raw["metadata"].get("core")
            if not isinstance(core, dict):
                raise ArguebufError(f"{path}: not SADFace 0.2 or later: 'metadata' has no 'core' object")
            doc = json.loads(json.dumps(raw))
            for key in ("notes", "description", "title", "analyst_name", "analyst_email"):
                doc["metadata"]["core"].setdefault(key, "")
            for node in doc["nodes"]:  # SADFace calls an attack a conflict; arguebuf knows only 'attack'
                if isinstance(node, dict) and node.get("name") == "conflict":
                    node["name"] = "attack"
            graph = arguebuf.load.sadface(doc, name=name)
        else:
            raise ArguebufError(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    except ArguebufError:
        raise
    except UnicodeDecodeError:
        raise ArguebufError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise ArguebufError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (AssertionError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise ArguebufError(f"{path}: arguebuf cannot read it as {NAMES[fmt]}: {what}") from None
    return graph, raw


def _kind(node: Any) -> str:
    from arguebuf.model.scheme import Attack, Rephrase, Support

    scheme = getattr(node, "scheme", None)
    for cls, kind in ((Support, "supports"), (Attack, "attacks"), (Rephrase, "rephrases")):
        if isinstance(scheme, cls):
            return kind
    return ""


def _convert_graph(b: Builder, fmt: str, name: str, graph: Any, raw: Any) -> dict[str, int]:
    """Add one arguebuf graph to the builder as one section; return what arguebuf read."""
    from arguebuf.model.node import AtomNode

    stem = os.path.splitext(name)[0]
    # Titles name the file by its stem: readers cannot open the file itself (AM044); the note keeps its name.
    sec = b.section(stem, f"{NAMES[fmt]} {stem}")
    source = b.source(sec.id, f"{NAMES[fmt]} {stem}", f"Imported by argmap through arguebuf from {name}")
    aside: list[Any] = sec.side.setdefault("set_aside", [])
    ids: dict[str, str] = {}
    schemes: dict[str, str] = {}
    for nid, atom in graph.atom_nodes.items():
        ident = b.ident(str(nid), sec.id)
        ids[str(nid)] = ident
        b.claim(sec, ident, atom.plain_text or "(an empty atom)", source=source,
                where=f"{NAMES[fmt]} node {nid}")
    pending = dict(graph.scheme_nodes)
    for _ in range(len(pending) + 1):  # undercuts of undercuts: in passes
        done = []
        for nid, node in pending.items():
            kind = _kind(node)
            ins = [n for n in graph.incoming_nodes(node) if isinstance(n, AtomNode)]
            outs = list(graph.outgoing_nodes(node))
            if not kind or len(outs) != 1 or not ins:
                continue
            target = ids.get(str(outs[0].id), "")
            if not target:
                continue  # its target is not made yet (or never will be)
            premises = [ids[str(n.id)] for n in sorted(ins, key=lambda n: str(n.id))]
            ident = b.ident(str(nid), sec.id)
            ok = False
            if kind == "supports" and len(premises) > 1 and isinstance(outs[0], AtomNode):
                ok = b.argument(sec, ident, premises, target, source=source, where=f"{NAMES[fmt]} node {nid}",
                                set_aside=aside)
            elif len(premises) == 1:
                rtype = kind if isinstance(outs[0], AtomNode) else "undercuts" if kind == "attacks" else ""
                ok = bool(rtype) and b.relation(sec, ident, rtype, premises[0], target, set_aside=aside)
            done.append(nid)
            if ok:
                ids[str(nid)] = ident
                if node.scheme is not None:
                    schemes[ident] = str(node.scheme.value)
            else:
                b.used.discard(ident)
        for nid in done:
            pending.pop(nid)
        if not done:
            break
    for nid, node in pending.items():
        aside.append({"node": str(nid), "scheme": str(node.scheme.value) if node.scheme is not None else None,
                      "type": type(node.scheme).__name__ if node.scheme is not None else None,
                      "why": "argmap has no relation of this kind or shape"})
    sec.side.update({"file": name, "reader": f"arguebuf {fmt}", "ids": ids, "schemes": schemes,
                     "participants": sorted(str(p.name) for p in graph.participants.values()),
                     "resources": [str(r.plain_text) for r in graph.resources.values()],
                     "userdata": json.loads(json.dumps(graph.userdata, default=str)),
                     "major_claim": str(graph.major_claim.id) if graph.major_claim is not None else None})
    if fmt == "xaif":
        _keep_xaif(sec.side, raw, ids)
    return {"atoms": len(graph.atom_nodes), "schemes": len(graph.scheme_nodes), "edges": len(graph.edges)}


def _keep_xaif(side: dict[str, Any], raw: dict[str, Any], ids: dict[str, str]) -> None:
    """What of an xAIF document the claim files do not hold, for the xAIF export."""
    aif = raw["AIF"]
    made = set(ids)
    nodes = [n for n in aif["nodes"] if isinstance(n, dict)]
    kept_nodes = [n for n in nodes if str(n.get("nodeID")) not in made]
    edges = [e for e in aif["edges"] if isinstance(e, dict)]
    kept_edges = [e for e in edges if not (str(e.get("fromID")) in made and str(e.get("toID")) in made)]
    numeric = bool(nodes) and all(isinstance(n.get("nodeID"), int) and not isinstance(n.get("nodeID"), bool)
                                  for n in nodes)
    side["xaif"] = {
        "nodes": kept_nodes, "edges": kept_edges, "numeric_ids": numeric,
        "attributes": {str(n["nodeID"]): {k: v for k, v in n.items() if k != "nodeID"} for n in nodes
                       if str(n.get("nodeID")) in made},
        "edge_ids": {f"{e.get('fromID')}>{e.get('toID')}": e.get("edgeID") for e in edges},
        "aif": {k: v for k, v in aif.items() if k not in ("nodes", "edges")},
        "rest": {k: v for k, v in raw.items() if k != "AIF"},
    }


def convert(fmt: str, graphs: list[tuple[str, Any, Any]]) -> tuple[ImportResult, dict[str, dict[str, int]]]:
    """(file name, arguebuf graph, raw document) → claim files, and per file what arguebuf read."""
    b = Builder(NAMES[fmt], SIDE_DIR, f"argmap import {fmt}")
    read = {name: _convert_graph(b, fmt, name, graph, raw) for name, graph, raw in graphs}
    title = (f"{NAMES[fmt]} {os.path.splitext(graphs[0][0])[0]}" if len(graphs) == 1
             else f"{len(graphs)} {NAMES[fmt]} files")
    try:
        result = b.files(title, f"Imported from {NAMES[fmt]} through arguebuf; what argmap cannot hold is "
                                f"kept in {SIDE_DIR}/.")
    except (ValueError, StopIteration):
        raise ArguebufError("nothing to import: no atom nodes in " + ", ".join(n for n, _, _ in graphs)) from None
    return result, read


def import_files(fmt: str, paths: list[str], out: str, *, force: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Read files of ``fmt`` with arguebuf, convert them and write one corpus into ``out``."""
    graphs = []
    for n, path in enumerate(paths, 1):
        graph, raw = read_graph(fmt, path)
        graphs.append((os.path.basename(path), graph, raw))
        if progress is not None:
            progress(n, len(paths))
    result, _ = convert(fmt, graphs)
    write_files(result.files, out, force=force)
    return result
