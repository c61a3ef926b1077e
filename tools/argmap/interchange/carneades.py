"""Carneades 4 argument graphs (YAML) → claim files. One imported file becomes one section.

What becomes what (see ``docs/reference/interchange.md``):

* every statement (declared, or only named by an argument, issue, assumption or test) → a claim
  ``<section>-<slug>`` with the statement key as its label; assumptions (the ``assumptions:``
  list or ``assumed: true``) → ``assumed: true``;
* every issue → an issue with its positions and proof standard (PE, CCE, BRD, DV);
* every argument → an argument (premises in order; ``premises: []`` when it has none), with
  ``weighing`` from a built-in scheme name (linked, convergent, cumulative, factorized) and
  ``weight`` from a scheme's constant weight, or from a scheme's preference ordering (lex
  superior, lex posterior ...), which is compiled here into constant weights per issue;
* an undercutter → an ``undercuts`` relation from the undercutting claim to the argument;
* the ``tests:`` block → a ``tests:`` entry under the ``carneades`` semantics.

Kept in ``_carneades/<section>.json`` beside the claim files, and reported: ``meta``,
``language``, argument schemes (with their variables, premises and exceptions, which argmap does
not instantiate), issue schemes, weighing functions, premise roles and statement metadata.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from argmap.interchange.aifimport import ImportProblem, ImportResult, escape_text, write_files

log = logging.getLogger(__name__)

SIDE_DIR = "_carneades"
HEADER = "# Imported from Carneades 4 YAML by `argmap import carneades`. Edit freely.\n"
WEIGHINGS = ("linked", "convergent", "cumulative", "factorized")
STANDARDS = {"PE": "preponderance", "CCE": "clear-and-convincing", "BRD": "beyond-reasonable-doubt",
             "DV": "dialectical-validity"}
KEPT = ("meta", "language", "argument_schemes", "issue_schemes", "weighing_functions")
KNOWN = {"statements", "issues", "arguments", "assumptions", "tests", *KEPT}
_BAD = re.compile(r"[^a-z0-9]+")


class CarneadesError(ImportProblem):
    """A file that is not a Carneades argument graph argmap can read."""


def slug(value: str) -> str:
    s = _BAD.sub("-", value.replace("¬", "not-").lower()).strip("-")
    return s[:60].strip("-") or "s"


class _Ids:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, base: str) -> str:
        base = base[:78].strip("-")
        ident, n = base, 2
        while ident in self.used:
            ident = f"{base[:74]}-{n}"
            n += 1
        self.used.add(ident)
        return ident


@dataclass
class _Graph:
    name: str
    doc: dict[str, Any]
    section: str = ""
    source: str = ""
    ids: dict[str, str] = field(default_factory=dict)  # statement key → claim id
    claims: dict[str, dict[str, Any]] = field(default_factory=dict)
    arguments: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    issues: list[dict[str, Any]] = field(default_factory=list)
    tests: list[dict[str, Any]] = field(default_factory=list)
    side: dict[str, Any] = field(default_factory=dict)


def read_carneades(path: str) -> _Graph:
    """Parse one file; a clear error naming the file (and line) when it cannot be read."""
    try:
        with open(path, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else path
        raise CarneadesError(f"{where}: not valid YAML: {exc.problem}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CarneadesError(f"{path}: cannot be read: {exc}") from None
    if not isinstance(doc, dict) or not (set(doc) & {"statements", "arguments", "issues"}):
        raise CarneadesError(f"{path}: not a Carneades argument graph (no statements, arguments or issues)")
    for key in ("statements", "issues", "arguments"):
        if not isinstance(doc.get(key) or {}, dict):
            raise CarneadesError(f"{path}: '{key}' must be a mapping of ids")
    return _Graph(os.path.basename(path), doc)


def _text(value: Any) -> str:
    return " ".join(str(value).split())


def _claim(g: _Graph, ids: _Ids, key: Any) -> str:
    key = _text(key)
    if key not in g.ids:
        g.ids[key] = ids.take(f"{g.section}-{slug(key)}")
        note = escape_text(f"Carneades statement {key}")
        g.claims[key] = {"id": g.ids[key], "text": escape_text(key), "label": escape_text(key), "kind": "claim",
                         "basis": "stated", "locator": {"source": g.source, "note": note}}
    return g.ids[key]


def _premises(value: Any) -> tuple[list[Any], dict[str, Any]]:
    if isinstance(value, dict):
        return list(value.values()), {str(k): v for k, v in value.items()}
    if isinstance(value, list):
        return value, {}
    return ([] if value is None else [value]), {}


def _schemes(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for s in doc.get("argument_schemes") or []:
        if isinstance(s, dict) and "id" in s:
            out[str(s["id"])] = s
    return out


def _preference_weights(g: _Graph, schemes: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Argument key → weight for arguments whose scheme weighs by a preference ordering."""
    functions = g.doc.get("weighing_functions") or {}
    args = g.doc.get("arguments") or {}
    out: dict[str, float] = {}
    for issue in (g.doc.get("issues") or {}).values():
        positions = {_text(p) for p in (issue or {}).get("positions") or []}
        at_issue = [k for k, a in args.items() if _text((a or {}).get("conclusion", "")) in positions]

        def order(key: str) -> list[dict[str, Any]]:
            scheme = schemes.get(str((args[key] or {}).get("scheme", "")), {})
            fn = functions.get(scheme.get("weight")) if isinstance(scheme.get("weight"), str) else None
            return list(fn.get("preference") or []) if isinstance(fn, dict) else []

        ranked = [k for k in at_issue if order(k)]
        if not ranked:
            continue
        first = order(ranked[0])

        def rank(key: str, prefs: list[dict[str, Any]] = first) -> tuple[Any, ...]:
            meta = schemes.get(str((args[key] or {}).get("scheme", "")), {}).get("meta") or {}
            parts: list[Any] = []
            for p in prefs:
                value = meta.get(p.get("property"))
                values = p.get("order")
                if isinstance(values, list):
                    parts.append(values.index(value) if value in values else -1)
                else:
                    text = str(value)
                    parts.append(text if values != "descending" else tuple(-ord(c) for c in text))
            return tuple(parts)

        groups = sorted({rank(k) for k in ranked})
        for k in ranked:
            out[k] = round((groups.index(rank(k)) + 1) / len(groups), 6)
    return out


def _convert(g: _Graph, ids: _Ids) -> None:
    doc = g.doc
    statements = doc.get("statements") or {}
    assumed = {_text(a) for a in doc.get("assumptions") or []}
    meta: dict[str, Any] = {}
    for key, value in statements.items():
        cid = _claim(g, ids, key)
        crec = g.claims[_text(key)]
        text = value.get("text") if isinstance(value, dict) else value
        if text is not None and _text(text):
            crec["text"] = escape_text(_text(text))
        if isinstance(value, dict):
            if value.get("assumed") is True:
                assumed.add(_text(key))
            extra = {k: v for k, v in value.items() if k not in ("text", "assumed")}
            if extra:
                meta[cid] = extra
    schemes = _schemes(doc)
    preference = _preference_weights(g, schemes)
    roles: dict[str, dict[str, Any]] = {}
    concluded: set[str] = set()
    used: set[str] = set()
    for key, arg in (doc.get("arguments") or {}).items():
        arg = arg or {}
        aid = ids.take(f"{g.section}-arg-{slug(str(key))}")
        plist, role_map = _premises(arg.get("premises"))
        premises: list[str] = []
        for p in plist:
            pid = _claim(g, ids, p)
            if pid not in premises:
                premises.append(pid)
        used.update(premises)
        conclusion = _claim(g, ids, arg.get("conclusion", f"conclusion of {key}"))
        concluded.add(conclusion)
        rec: dict[str, Any] = {"id": aid, "label": escape_text(str(key)), "premises": premises,
                               "conclusion": conclusion, "basis": "stated",
                               "locator": {"source": g.source, "note": escape_text(f"Carneades argument {key}")}}
        scheme = str(arg.get("scheme", "")) if arg.get("scheme") is not None else ""
        if scheme in WEIGHINGS:
            rec["weighing"] = scheme
        elif scheme:
            rec["label"] = escape_text(f"{key} ({scheme})")
        weight = (schemes.get(scheme, {}).get("weight") if scheme else None)
        if isinstance(weight, dict) and isinstance(weight.get("constant"), (int, float)):
            rec["weight"] = float(weight["constant"])
        elif str(key) in preference:
            rec["weight"] = preference[str(key)]
        if role_map:
            roles[aid] = {r: g.ids[_text(v)] for r, v in role_map.items()}
        g.arguments.append(rec)
        if arg.get("undercutter") is not None:
            uid = _claim(g, ids, arg["undercutter"])
            g.relations.append({"id": ids.take(f"{g.section}-undercut-{slug(str(key))}"), "from": uid, "to": aid,
                                "type": "undercuts", "basis": "stated"})
    for key, issue in (doc.get("issues") or {}).items():
        issue = issue or {}
        irec: dict[str, Any] = {"id": ids.take(f"{g.section}-issue-{slug(str(key))}"),
                                "positions": [_claim(g, ids, p) for p in issue.get("positions") or []]}
        if issue.get("standard") in STANDARDS:
            irec["standard"] = STANDARDS[issue["standard"]]
        g.issues.append(irec)
    for key in sorted(assumed):
        _claim(g, ids, key)
        g.claims[key]["assumed"] = True
    tests = doc.get("tests") or {}
    if isinstance(tests, dict):
        entry: dict[str, Any] = {"semantics": "carneades"}
        for label in ("in", "out", "undecided"):
            listed = [_claim(g, ids, s) for s in tests.get(label) or []]
            if listed:
                entry[label] = listed
        if len(entry) > 1:
            g.tests.append(entry)
    for rec in g.claims.values():
        if rec["id"] in concluded and rec["id"] not in used:
            rec["kind"] = "thesis"
        elif rec["id"] in used and rec["id"] not in concluded:
            rec["kind"] = "premise"
    g.side = {"format": "argmap-carneades-side", "version": 1, "file": g.name, "section": g.section,
              "ids": g.ids, "kept": {k: doc[k] for k in KEPT if k in doc}, "premise_roles": roles,
              "statement_meta": meta, "unknown_keys": sorted(set(doc) - KNOWN)}


def convert(graphs: list[_Graph]) -> ImportResult:
    """Turn parsed Carneades graphs into the text of claim files (pure: nothing is written)."""
    ids = _Ids()
    for g in graphs:
        g.section = ids.take(slug(os.path.splitext(g.name)[0]))
        g.source = ids.take(f"src-{g.section}")
    for g in graphs:
        _convert(g, ids)
    result = ImportResult({})
    refs = [{"id": g.source, "type": "dataset", "title": escape_text(_title(g)),
             "note": escape_text(f"Imported by argmap from {g.name}")} for g in graphs]
    paper_source = graphs[0].source
    if len(graphs) > 1:
        paper_source = ids.take("carneades-import")
        refs.insert(0, {"id": paper_source, "type": "collection",
                        "title": f"Carneades import of {len(graphs)} graphs"})
    thesis = [c["id"] for g in graphs for c in g.claims.values() if c["kind"] == "thesis"] or \
        [next(iter(graphs[0].claims.values()))["id"]]
    title = _title(graphs[0]) if len(graphs) == 1 else f"{len(graphs)} Carneades argument graphs"
    result.files["paper.yml"] = _dump({"paper": {
        "source": paper_source, "title": escape_text(title), "thesis": thesis, "sections": [g.section for g in graphs],
        "coverage": "Imported from Carneades 4 YAML: statements, issues, arguments, assumptions and tests; "
                    "schemes and metadata are kept in _carneades/.",
        "semantics": "carneades"}})
    result.files["sources.yml"] = _dump({"references": refs})
    for g in graphs:
        doc: dict[str, Any] = {"section": {"id": g.section, "title": escape_text(_title(g)), "coverage": "complete"}}
        for key, items in (("claims", list(g.claims.values())), ("arguments", g.arguments),
                           ("relations", g.relations), ("issues", g.issues), ("tests", g.tests)):
            if items:
                doc[key] = items
        result.files[f"sections/{g.section}.yml"] = _dump(doc)
        result.files[f"{SIDE_DIR}/{g.section}.json"] = json.dumps(
            g.side, indent=1, sort_keys=True, ensure_ascii=False, default=_json_default) + "\n"
        result.counts.update(claims=len(g.claims), arguments=len(g.arguments), relations=len(g.relations),
                             issues=len(g.issues), sections=1,
                             tests=sum(len(v) for t in g.tests for k, v in t.items() if k != "semantics"),
                             assumptions=sum(1 for c in g.claims.values() if c.get("assumed")))
        kept = sorted(set(g.side["kept"]) - {"meta"})
        if kept:
            result.messages.append(f"{g.name}: kept {', '.join(kept)} in {SIDE_DIR}/{g.section}.json "
                                   "(argmap does not instantiate argument schemes)")
        if g.side["unknown_keys"]:
            result.messages.append(f"{g.name}: ignored unknown keys {', '.join(g.side['unknown_keys'])}")
    return result


def _title(g: _Graph) -> str:
    meta = g.doc.get("meta") or {}
    title = meta.get("title") if isinstance(meta, dict) else None
    return _text(title) if title else os.path.splitext(os.path.basename(g.name))[0]  # no file name (AM044)


def _json_default(value: Any) -> str:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(doc: dict[str, Any]) -> str:
    return HEADER + yaml.dump(doc, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100,
                              default_flow_style=False)


def import_files(paths: list[str], out: str, *, force: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Read Carneades YAML files, convert them and write one corpus into ``out``."""
    graphs = []
    for n, path in enumerate(paths, 1):
        graphs.append(read_carneades(path))
        if progress is not None:
            progress(n, len(paths))
    if not graphs:
        raise CarneadesError("nothing to import")
    result = convert(graphs)
    write_files(result.files, out, force=force)
    log.info("imported %d Carneades files into %s", len(paths), out)
    return result
