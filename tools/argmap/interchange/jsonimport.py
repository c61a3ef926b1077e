"""``argmap import json``: argmap's own JSON export back into claim files, losslessly.

The export (:mod:`argmap.interchange.jsonexport`) holds the whole model; this module writes it
out as claim files such that loading them and exporting again gives the same JSON, field for
field. Records are copied generically (every key the export has, empty values left out), so a
field added to the model and the export comes back without a change here. Only what the claim
format spells differently is translated:

* ``section`` of claims, arguments and evidence: which section file the record goes into;
* ``sources`` of evidence: the claim-file key ``source``;
* relations: one with an id of its own (``explicit_id``) goes into the ``relations:`` list of
  its section's file; any other is written inside its source claim or evidence item (long form,
  with its basis), except the ``supports`` that a claim's ``evidence:`` list already makes;
* comparison cells: a list of ``{subject, claim}`` becomes the mapping ``subject: claim``;
* sources: the CSL item as written, with ``uncertain`` and ``notice``.

``acceptability`` is computed, never imported. The file is validated against the export's JSON
Schema first, so a file that is not an argmap export is refused with the place it went wrong.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from argmap.interchange.aifimport import ImportProblem, ImportResult, write_files

log = logging.getLogger(__name__)

HEADER = "# Imported from argmap's JSON export by `argmap import json`. Edit freely.\n"
SCHEMA_PATH = Path(__file__).resolve().parents[3] / "site_config" / "schema" / "argmap-export.schema.json"
_SECTION_KEYS = ("claims", "arguments", "relations", "evidence")


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _clean(rec: Mapping[str, Any], drop: tuple[str, ...] = ()) -> dict[str, Any]:
    """``rec`` without the keys in ``drop`` and without empty values (in a locator too; other
    mappings, such as ``translations``, are kept as they are)."""
    out: dict[str, Any] = {}
    for key, value in rec.items():
        if key in drop or _empty(value):
            continue
        if isinstance(value, Mapping):
            value = _clean(value) if key == "locator" else dict(value)
        elif isinstance(value, list):
            value = [_clean(v) if isinstance(v, Mapping) else v for v in value]
        out[key] = value
    return out


def read_export(path: str) -> dict[str, Any]:
    """The export in ``path``, parsed and checked against its schema (errors name the place)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ImportProblem(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise ImportProblem(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportProblem(f"{path}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("format") != "argmap-export":
        raise ImportProblem(f"{path}: not an argmap JSON export (expected \"format\": \"argmap-export\"; "
                            "export one with `argmap export --format json`)")
    version = str(data.get("version", ""))
    if version.split(".")[0] != "1":
        raise ImportProblem(f"{path}: export version {version!r} is not supported (expected 1.x)")
    _validate(path, data)
    return data


def _validate(path: str, data: Any) -> None:
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(data))
    if error is not None:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        raise ImportProblem(f"{path}: at ${where}: {error.message}")


def _relation_entry(rel: Mapping[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"claim" if rel["type"] != "undercuts" else "relation": rel["to"]}
    if rel.get("because"):
        entry["because"] = rel["because"]
    entry["basis"] = rel["basis"]
    return entry


def convert(data: Mapping[str, Any]) -> ImportResult:
    """Claim files (path → YAML text) that load into the corpus ``data`` describes."""
    result = ImportResult(files={})
    sections = [_clean(s) for s in data.get("sections", [])]
    for s in sections:
        s["topics"] = [_clean(t, ("section",)) for t in s.get("topics", [])]
        if not s["topics"]:
            del s["topics"]
    body: dict[str, dict[str, list[Any]]] = {s["id"]: {k: [] for k in _SECTION_KEYS} for s in sections}
    owners: dict[str, dict[str, Any]] = {}
    claim_basis: dict[str, str] = {}
    claim_evidence: dict[str, set[str]] = {}
    for c in data.get("claims", []):
        rec = _clean(c, ("section",))
        owners[c["id"]] = rec
        claim_basis[c["id"]] = c["basis"]
        claim_evidence[c["id"]] = set(c.get("evidence", []))
        body.setdefault(c["section"], {k: [] for k in _SECTION_KEYS})["claims"].append(rec)
    for a in data.get("arguments", []):
        body.setdefault(a["section"], {k: [] for k in _SECTION_KEYS})["arguments"].append(_clean(a, ("section",)))
    for e in data.get("evidence", []):
        rec = _clean(e, ("section", "sources"))
        if e.get("sources"):
            rec["source"] = e["sources"][0] if len(e["sources"]) == 1 else list(e["sources"])
        owners[e["id"]] = rec
        body.setdefault(e["section"], {k: [] for k in _SECTION_KEYS})["evidence"].append(rec)
    for rel in data.get("relations", []):
        src, typ = rel["from"], rel["type"]
        if rel.get("explicit_id"):
            entry = {"id": rel["id"], "from": src, "to": rel["to"], "type": typ}
            entry.update({k: v for k, v in _relation_entry(rel).items() if k in ("because", "basis")})
            body.setdefault(rel["section"], {k: [] for k in _SECTION_KEYS})["relations"].append(entry)
            continue
        made_by_list = (typ == "supports" and src in claim_evidence.get(rel["to"], ()) and not rel.get("because")
                        and rel["basis"] == claim_basis.get(rel["to"]))
        if made_by_list:
            continue
        owner = owners.get(src)
        if owner is None or (typ == "undercuts" and src not in claim_basis):
            result.messages.append(f"relation {rel['id']}: its source cannot hold it; left out")
            continue
        owner.setdefault(typ, []).append(_relation_entry(rel))
    for n, s in enumerate(sections):
        doc: dict[str, Any] = {"section": s}
        doc.update({k: v for k, v in body.get(s["id"], {}).items() if v})
        result.files[f"sections/{n:04d}-{s['id']}.yml"] = _dump(doc)
    _other_files(data, result)
    result.counts.update(claims=len(data.get("claims", [])), arguments=len(data.get("arguments", [])),
                         relations=len(data.get("relations", [])), evidence=len(data.get("evidence", [])),
                         sections=len(sections))
    return result


def _other_files(data: Mapping[str, Any], result: ImportResult) -> None:
    if data.get("paper"):
        result.files["paper.yml"] = _dump({"paper": _clean(data["paper"])})
    refs = []
    for s in data.get("sources", []):
        item = dict(s.get("csl") or {"id": s["id"], "type": s["type"], "title": s["title"]})
        if s.get("uncertain"):
            item["uncertain"] = dict(s["uncertain"])
        if s.get("notice"):
            item["notice"] = s["notice"]
        refs.append(item)
    if refs:
        result.files["sources.yml"] = _dump({"references": refs})
    vocab = {k: [_clean(t) for t in data.get("vocabulary", {}).get(k, [])] for k in ("actors", "dimensions", "levels")}
    if any(vocab.values()):
        result.files["vocabulary.yml"] = _dump({"vocabulary": {k: v for k, v in vocab.items() if v}})
    comparisons = []
    for comp in data.get("comparisons", []):
        rec = _clean(comp, ("rows",))
        rec["rows"] = []
        for row in comp.get("rows", []):
            r = _clean(row, ("cells",))
            r["cells"] = {cell["subject"]: cell["claim"] for cell in row.get("cells", [])}
            rec["rows"].append(r)
        comparisons.append(rec)
    if comparisons:
        result.files["comparisons.yml"] = _dump({"comparisons": comparisons})


def _dump(doc: dict[str, Any]) -> str:
    return dump_yaml(doc, HEADER)


def dump_yaml(doc: dict[str, Any], header: str) -> str:
    """One claim file's text: ``header`` (comment lines), then ``doc`` as block YAML in its key order."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return header + yaml.dump(doc, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100,
                              default_flow_style=False)


def import_file(path: str, out: str, *, force: bool = False,
                progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Read the export in ``path`` and write its claim files into ``out`` (atomically)."""
    data = read_export(path)
    result = convert(data)
    if progress is not None:
        progress(1, 1)
    write_files(result.files, out, force=force)
    log.info("imported %s into %s", path, out)
    return result
