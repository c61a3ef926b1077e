"""xAIF (OVA3's JSON: ``{"AIF": {...}, "OVA": {...}, "text": ...}``): the export.

The argument layer is argmap's AIF export (:func:`argmap.interchange.aif.to_aif_data`). When the
corpus was imported from xAIF (``argmap import xaif``), the side files ``_arguebuf/*.json`` give
back what the claim files do not hold: the original node ids (so that the OVA layout, the
locutions, the scheme fulfilments and the ``<span id=…>`` marks of the source text still point at
their nodes), each converted node's own attributes (``text``, ``scheme``, ``schemeID`` … while
its type is unchanged), the L, YA and TA nodes with their edges, the locutions, participants,
scheme and descriptor fulfilments, the OVA layout, the source text and ``dialog``. With several
imported xAIF files their ids are prefixed ``<section>:`` and their lists joined; the first
file's text and OVA header are kept.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

from argmap.core.model import Corpus
from argmap.interchange.aif import to_aif_data

log = logging.getLogger(__name__)
SIDE_DIR = "_arguebuf"
_AIF_LISTS = ("locutions", "participants", "schemefulfillments", "descriptorfulfillments")


def _sides(corpus: Corpus) -> list[dict[str, Any]]:
    folder = os.path.join(corpus.root, SIDE_DIR) if corpus.root and os.path.isdir(corpus.root) else ""
    if not folder or not os.path.isdir(folder):
        return []
    out = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        try:
            with open(os.path.join(folder, name), encoding="utf-8") as fh:
                side = json.load(fh)
            if isinstance(side, dict) and isinstance(side.get("xaif"), dict) and isinstance(side.get("ids"), dict):
                out.append(side)
        except (OSError, ValueError) as exc:
            log.warning("skipping side file %s: %s", name, exc)
    return out


def _rename(items: Any, key: str, new: Any) -> list[Any]:
    out = []
    for item in items or []:
        if isinstance(item, dict) and key in item:
            out.append({**item, key: new(item[key])})
        else:
            out.append(item)
    return out


def to_xaif_data(corpus: Corpus) -> dict[str, Any]:
    """The corpus as an xAIF document (plain data)."""
    aif = to_aif_data(corpus, dialogue=False)
    sides = _sides(corpus)
    known = {n["nodeID"] for n in aif["nodes"]}
    rename: dict[str, Any] = {}  # argmap id → exported id
    attributes: dict[str, dict[str, Any]] = {}
    kept_nodes: list[dict[str, Any]] = []
    kept_edges: list[tuple[str, str, Any]] = []
    edge_ids: dict[tuple[str, str], Any] = {}
    lists: dict[str, list[Any] | None] = {k: [] for k in _AIF_LISTS}
    null = {k: bool(sides) and all((s["xaif"].get("aif") or {}).get(k, []) is None for s in sides) for k in _AIF_LISTS}
    extra_aif: dict[str, Any] = {}
    rest: dict[str, Any] = {}
    for side in sides:
        x = side["xaif"]
        prefix = f"{side.get('section')}:" if len(sides) > 1 else ""
        numeric = bool(x.get("numeric_ids")) and not prefix

        def exported(orig: Any, prefix: str = prefix, numeric: bool = numeric) -> Any:
            return int(orig) if numeric and str(orig).lstrip("-").isdigit() else f"{prefix}{orig}"

        new = exported  # converted nodes are renamed to their original ids too

        for orig, ident in side["ids"].items():
            if ident in known:
                rename[ident] = exported(orig)
                attributes[ident] = (x.get("attributes") or {}).get(orig, {})
        for n in x.get("nodes") or []:
            if isinstance(n, dict) and "nodeID" in n:
                kept_nodes.append({**n, "nodeID": new(n["nodeID"])})
        for e in x.get("edges") or []:
            if isinstance(e, dict) and "fromID" in e and "toID" in e:
                kept_edges.append((new(e["fromID"]), new(e["toID"]), e.get("edgeID")))
        for pair, eid in (x.get("edge_ids") or {}).items():
            a, _, b = pair.partition(">")
            edge_ids[(new(a), new(b))] = f"{prefix}{eid}" if prefix else eid
        for key in _AIF_LISTS:
            values = (x.get("aif") or {}).get(key)
            renamed = _rename(values, "nodeID", new) if key != "participants" else list(values or [])
            lists[key] = [*(lists[key] or []), *renamed]
        for key, value in (x.get("aif") or {}).items():
            if key not in _AIF_LISTS:
                extra_aif.setdefault(key, value)
        for key, value in (x.get("rest") or {}).items():
            if key.lower() == "ova" and isinstance(value, dict):
                merged = rest.setdefault(key, {k: v for k, v in value.items() if k not in ("nodes", "edges")})
                merged.setdefault("nodes", []).extend(_rename(value.get("nodes"), "nodeID", new))
                merged.setdefault("edges", []).extend(
                    _rename(_rename(value.get("edges"), "fromID", new), "toID", new))
            else:
                rest.setdefault(key, value)
    nodes = []
    for n in aif["nodes"]:
        ident = n["nodeID"]
        node = {**n, "nodeID": rename.get(ident, ident)}
        attrs = attributes.get(ident) or {}
        if attrs.get("type") == n["type"]:
            if n["type"] != "I" and "scheme" not in attrs:
                node.pop("scheme", None)
            node.update({k: v for k, v in attrs.items() if not (k == "text" and n["type"] == "I")})
        nodes.append(node)
    ids = {n["nodeID"] for n in nodes}
    nodes.extend(n for n in kept_nodes if n["nodeID"] not in ids)
    ids.update(n["nodeID"] for n in kept_nodes)
    pairs = [(rename.get(e["fromID"], e["fromID"]), rename.get(e["toID"], e["toID"]), None) for e in aif["edges"]]
    pairs += [p for p in kept_edges if p[0] in ids and p[1] in ids]
    edges: list[dict[str, Any]] = []
    seen: set[tuple[Any, Any]] = set()
    for a, b, eid in pairs:
        if (a, b) in seen:
            continue
        seen.add((a, b))
        edges.append({"edgeID": edge_ids.get((a, b), eid if eid is not None else f"e{len(edges) + 1}"),
                      "fromID": a, "toID": b})
    present = {str(i) for i in ids}
    lists["locutions"] = [loc for loc in lists["locutions"] or [] if not isinstance(loc, dict)
                          or str(loc.get("nodeID")) in present]
    for key in _AIF_LISTS:
        if null[key] and not lists[key]:
            lists[key] = None
    doc: dict[str, Any] = {"AIF": {"nodes": nodes, "edges": edges, **lists, **extra_aif}}
    if not rest:
        rest = {"OVA": {"firstname": "", "surname": "", "url": "", "nodes": [], "edges": []}, "text": "",
                "dialog": False}
    doc.update(rest)
    return doc


def to_xaif(corpus: Corpus) -> str:
    """The corpus as xAIF JSON text (two-space indent, keys sorted, final newline)."""
    return json.dumps(to_xaif_data(corpus), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
