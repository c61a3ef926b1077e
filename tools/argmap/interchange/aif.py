"""AIF JSON (as AIFdb serves it): the export, and the reading of AIF files for the importer.

Mapping (documented in ``docs/reference/interchange.md``):

======================  ================================================================
argmap                  AIF
======================  ================================================================
claim, evidence item    I-node (evidence: its summary as text)
argument                RA-node: every premise → RA → conclusion
supports                RA-node with one premise
attacks                 CA-node: attacker → CA → attacked claim
undercuts               CA-node pointing at the S-node (RA, CA, MA) of the relation/argument
qualifies               CA-node with ``"scheme": "argmap:qualifies"`` (a partial conflict)
contrasts               MA-node with ``"scheme": "argmap:contrasts"``
rephrases               MA-node ("Default Rephrase")
======================  ================================================================

Node ids are the argmap ids; edge ids are numbered in a sorted walk; no timestamps, so the
same corpus always gives the same bytes. When the corpus was imported from AIF, the dialogue
layer kept in ``_aif/*.json`` beside the claim files (L, YA, TA, PA nodes) is attached again,
with the locutions, and the S-nodes made from AIF nodes get their original text, ``scheme``,
``schemeID`` (and other attributes) back as long as their kind and label are unchanged.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from argmap.core.model import Corpus, RelationType
from argmap.interchange.plaintext import decode_entities

log = logging.getLogger(__name__)

QUALIFIES_SCHEME = "argmap:qualifies"
CONTRASTS_SCHEME = "argmap:contrasts"
SIDE_DIR = "_aif"
S_NODE_TEXT = {"RA": "Default Inference", "CA": "Default Conflict", "MA": "Default Rephrase"}
ARGUMENT_LAYER = ("I", "RA", "CA", "MA")
MAX_BYTES = 64 * 2**20  # an AIF file larger than this is refused


class AifError(ValueError):
    """An AIF file that cannot be read: the message names the file and what is wrong."""


@dataclass
class AifGraph:
    """An AIF nodeset as read from a file: nodes by id (file order kept), edges, locutions."""

    name: str
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[dict[str, Any]] = field(default_factory=list)
    locutions: list[Any] = field(default_factory=list)


def _node(node_id: str, ntype: str, text: str, scheme: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"nodeID": node_id, "text": text, "type": ntype}
    if scheme:
        out["scheme"] = scheme
    return out


def to_aif_data(corpus: Corpus, *, dialogue: bool = True) -> dict[str, Any]:
    """The corpus as an AIF document (plain data)."""
    nodes: list[dict[str, Any]] = []
    pairs: list[tuple[str, str]] = []
    for cid in sorted(corpus.claims):
        nodes.append(_node(cid, "I", decode_entities(corpus.claims[cid].text)))
    for eid in sorted(corpus.evidence):
        nodes.append(_node(eid, "I", decode_entities(corpus.evidence[eid].summary)))
    for aid in sorted(corpus.arguments):
        arg = corpus.arguments[aid]
        # A joint attack or undercut is one CA-node with an incoming edge from every attacker.
        stype = "RA" if arg.type is RelationType.SUPPORTS else "CA"
        nodes.append(_node(aid, stype, arg.label or S_NODE_TEXT[stype], arg.label))
        pairs.extend((p, aid) for p in arg.premises)
        pairs.append((aid, arg.conclusion))
    for rid in sorted(corpus.relations):
        rel = corpus.relations[rid]
        if rel.type is RelationType.SUPPORTS:
            nodes.append(_node(rid, "RA", S_NODE_TEXT["RA"]))
        elif rel.type is RelationType.CONTRASTS:
            nodes.append(_node(rid, "MA", "Contrast", CONTRASTS_SCHEME))
        elif rel.type is RelationType.REPHRASES:
            nodes.append(_node(rid, "MA", S_NODE_TEXT["MA"]))
        elif rel.type is RelationType.QUALIFIES:
            nodes.append(_node(rid, "CA", "Qualification", QUALIFIES_SCHEME))
        else:
            nodes.append(_node(rid, "CA", S_NODE_TEXT["CA"]))
        pairs.append((rel.source, rid))
        pairs.append((rid, rel.target))
    locutions: list[Any] = []
    if dialogue:
        extra_nodes, extra_pairs = _dialogue_layer(corpus)
        _restore_attributes(corpus, nodes)
        nodes.extend(extra_nodes)
        known = {n["nodeID"] for n in nodes}
        # A kept edge whose claim was deleted since the import is dropped, never left dangling.
        pairs.extend((a, b) for a, b in extra_pairs if a in known and b in known)
        locutions = [loc for loc in _kept_locutions(corpus) if loc["nodeID"] in known]
    seen: set[tuple[str, str]] = set()
    edges: list[dict[str, Any]] = []
    for a, b in pairs:
        if (a, b) not in seen:
            seen.add((a, b))
            edges.append({"edgeID": f"e{len(edges) + 1}", "fromID": a, "toID": b, "formEdgeID": None})
    return {"nodes": nodes, "edges": edges, "locutions": locutions}


def to_aif(corpus: Corpus, *, dialogue: bool = True) -> str:
    """The corpus as AIF JSON text (sorted keys, two-space indent, final newline)."""
    return json.dumps(to_aif_data(corpus, dialogue=dialogue), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# -- the dialogue layer kept beside imported claim files -----------------------------------


def side_files(root: str) -> list[str]:
    folder = os.path.join(root, SIDE_DIR) if os.path.isdir(root) else ""
    if not folder or not os.path.isdir(folder):
        return []
    return sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".json"))


def _dialogue_layer(corpus: Corpus) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """Nodes and edges kept in ``_aif/*.json`` by the importer, with ids mapped back."""
    nodes: list[dict[str, Any]] = []
    pairs: list[tuple[str, str]] = []
    for path in side_files(corpus.root):
        try:
            with open(path, encoding="utf-8") as fh:
                side = json.load(fh)
            ids: dict[str, str] = side["ids"]
            section = str(side["section"])
            kept = side["kept"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("skipping AIF side file %s: %s", path, exc)
            continue

        def new_id(orig: str, ids: dict[str, str] = ids, section: str = section) -> str:
            return ids.get(orig) or f"aif:{section}:{orig}"

        for n in kept.get("nodes", []):
            copy = dict(n)
            copy["nodeID"] = new_id(str(n["nodeID"]))
            nodes.append(copy)
        for e in kept.get("edges", []):
            pairs.append((new_id(str(e["fromID"])), new_id(str(e["toID"]))))
    return nodes, pairs


def _side_docs(corpus: Corpus) -> list[tuple[dict[str, Any], Any]]:
    """(side file document, id mapper) for every readable ``_aif/*.json`` of the corpus."""
    out: list[tuple[dict[str, Any], Any]] = []
    for path in side_files(corpus.root):
        try:
            with open(path, encoding="utf-8") as fh:
                side = json.load(fh)
            ids: dict[str, str] = side["ids"]
            section = str(side["section"])
        except (OSError, ValueError, KeyError, TypeError):
            continue  # _dialogue_layer has warned

        def new_id(orig: str, ids: dict[str, str] = ids, section: str = section) -> str:
            return ids.get(orig) or f"aif:{section}:{orig}"

        out.append((side, new_id))
    return out


def _kept_locutions(corpus: Corpus) -> list[dict[str, Any]]:
    """The locutions of the imported files, their ``nodeID`` mapped to the exported ids."""
    out: list[dict[str, Any]] = []
    for side, new_id in _side_docs(corpus):
        for loc in side.get("locutions") or []:
            if isinstance(loc, dict) and "nodeID" in loc:
                out.append({**loc, "nodeID": new_id(str(loc["nodeID"]))})
    return out


def _restore_attributes(corpus: Corpus, nodes: list[dict[str, Any]]) -> None:
    """Give exported nodes made from AIF nodes their original attributes (text, scheme, schemeID …).

    A node is restored only while it is what the importer made of it: the same AIF type, the
    same relation kind, and for an argument the label the importer gave it (so an edit wins).
    I-nodes keep the claim's current text.
    """
    records: dict[str, dict[str, Any]] = {}
    for side, _ in _side_docs(corpus):
        for orig, rec in (side.get("attributes") or {}).items():
            ident = side["ids"].get(orig)
            if ident and isinstance(rec, dict):
                records[ident] = rec
    if not records:
        return
    for node in nodes:
        rec = records.get(node["nodeID"])
        if rec is None or rec.get("type") != node["type"]:
            continue
        ident = node["nodeID"]
        if ident in corpus.relations and corpus.relations[ident].type.value != rec.get("kind"):
            continue
        if ident in corpus.arguments and (rec.get("kind") != "argument"
                                          or corpus.arguments[ident].label != rec.get("label", "")):
            continue
        attrs = {k: v for k, v in (rec.get("attrs") or {}).items() if k not in ("nodeID", "type")}
        if node["type"] == "I":
            attrs.pop("text", None)
        if node["type"] != "I" and "scheme" not in attrs:
            node.pop("scheme", None)  # the export's own scheme, where the original had none
        node.update(attrs)


# -- reading -------------------------------------------------------------------------------


def _str_id(value: Any, what: str, name: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise AifError(f"{name}: {what} must be a string or a number; found {type(value).__name__}")
    return str(value)


def parse_aif(data: Any, name: str) -> AifGraph:
    """Check the shape of an AIF document and index it; raise :class:`AifError` when it is not AIF."""
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        raise AifError(f"{name}: not AIF JSON: expected an object with 'nodes' and 'edges' lists")
    graph = AifGraph(name)
    for i, n in enumerate(data["nodes"]):
        if not isinstance(n, dict) or "nodeID" not in n or not isinstance(n.get("type"), str):
            raise AifError(f"{name}: node #{i + 1} needs a 'nodeID' and a 'type'")
        nid = _str_id(n["nodeID"], f"node #{i + 1}'s nodeID", name)
        if nid in graph.nodes:
            raise AifError(f"{name}: nodeID {nid!r} is used twice")
        text = n.get("text")
        graph.nodes[nid] = {**n, "nodeID": nid, "text": text if isinstance(text, str) else ""}
    for i, e in enumerate(data["edges"]):
        if not isinstance(e, dict) or "fromID" not in e or "toID" not in e:
            raise AifError(f"{name}: edge #{i + 1} needs a 'fromID' and a 'toID'")
        a = _str_id(e["fromID"], f"edge #{i + 1}'s fromID", name)
        b = _str_id(e["toID"], f"edge #{i + 1}'s toID", name)
        for end in (a, b):
            if end not in graph.nodes:
                raise AifError(f"{name}: edge #{i + 1} points at node {end!r}, which the file does not define")
        graph.edges.append({**e, "fromID": a, "toID": b})
    locutions = data.get("locutions", [])
    graph.locutions = locutions if isinstance(locutions, list) else []
    return graph


def read_aif(path: str) -> AifGraph:
    """Read an AIF JSON file; :class:`AifError` names the file when it cannot be read."""
    name = os.path.basename(path)
    try:
        if os.path.getsize(path) > MAX_BYTES:
            raise AifError(f"{path}: larger than {MAX_BYTES // 2**20} MB; split the nodeset")
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except RecursionError:
        raise AifError(f"{path}: nested too deeply to be AIF") from None
    except OSError as exc:
        raise AifError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise AifError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise AifError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    return parse_aif(data, name)


def structure(doc: dict[str, Any], types: Iterable[str] | None = None) -> Any:
    """An AIF document as a networkx DiGraph with a ``type`` attribute (and ``text`` on I-nodes)."""
    import networkx as nx

    wanted = set(types) if types is not None else None
    g = nx.DiGraph()
    for n in doc["nodes"]:
        if wanted is None or n["type"] in wanted:
            g.add_node(str(n["nodeID"]), type=n["type"], text=n.get("text", "") if n["type"] == "I" else "")
    for e in doc["edges"]:
        a, b = str(e["fromID"]), str(e["toID"])
        if a in g and b in g:
            g.add_edge(a, b)
    return g


def same_structure(a: dict[str, Any], b: dict[str, Any], types: Iterable[str] | None = None) -> bool:
    """True when two AIF documents are isomorphic graphs with the same node types and I-node texts."""
    import networkx as nx

    ga, gb = structure(a, types), structure(b, types)
    if sorted(d["type"] for _, d in ga.nodes(data=True)) != sorted(d["type"] for _, d in gb.nodes(data=True)):
        return False
    return bool(nx.is_isomorphic(ga, gb, node_match=lambda x, y: x["type"] == y["type"] and x["text"] == y["text"]))
