"""Build the claim files of an import: the one writer the Argdown and arguebuf importers share.

An importer adds sections, claims, arguments and relations with ids derived from the source's
own names (:meth:`Builder.ident`); :meth:`Builder.files` gives the text of ``paper.yml``,
``sources.yml``, ``sections/<id>.yml`` and the side files (``<side dir>/<section>.json``) that
keep what the claim format has no place for. The result is written by
:func:`argmap.interchange.aifimport.write_files` (atomic, never over a non-empty folder).

Two rules keep the files clean under ``argmap check --strict``: a support (or an argument
step) that would close a support cycle is set aside into the side file and reported, as is a
relation whose ends are missing or the same node.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from argmap.interchange.aifimport import ImportResult, escape_text

_BAD = re.compile(r"[^a-z0-9]+")
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
ID_LIMIT = 70


def make_id(value: str) -> str:
    """An argmap id from any name: lowercase, other characters as ``-``, a hash when nothing is left."""
    s = _BAD.sub("-", value.lower()).strip("-")[:ID_LIMIT].strip("-")
    return s or "x" + hashlib.sha1(value.encode("utf-8")).hexdigest()[:6]


@dataclass
class SectionRecord:
    id: str
    title: str
    claims: list[dict[str, Any]] = field(default_factory=list)
    arguments: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    side: dict[str, Any] = field(default_factory=dict)


class Builder:
    """Collects one import; ``fmt`` names the source format in headers, notes and messages."""

    def __init__(self, fmt: str, side_dir: str, command: str) -> None:
        self.fmt = fmt
        self.side_dir = side_dir
        self.header = f"# Imported from {fmt} by `{command}`. Edit freely.\n"
        self.used: set[str] = set()
        self.sections: list[SectionRecord] = []
        self.sources: list[dict[str, Any]] = []
        self.messages: list[str] = []
        self.kinds: dict[str, str] = {}  # id → claim, argument, relation
        self._support: dict[str, set[str]] = {}  # accepted support edges, for the cycle rule

    # -- ids ---------------------------------------------------------------------------------
    def ident(self, name: str, prefix: str = "") -> str:
        """A fresh id made from ``name`` (``-2``, ``-3`` … when taken)."""
        base = make_id(f"{prefix}-{name}" if prefix else name)
        ident, n = base, 2
        while ident in self.used:
            ident = f"{base[:ID_LIMIT]}-{n}"
            n += 1
        self.used.add(ident)
        return ident

    # -- content -----------------------------------------------------------------------------
    def source(self, name: str, title: str, note: str) -> str:
        sid = self.ident(name, "src")
        self.sources.append({"id": sid, "type": "dataset", "title": escape_text(title), "note": escape_text(note)})
        return sid

    def section(self, name: str, title: str) -> SectionRecord:
        rec = SectionRecord(self.ident(name), title)
        self.sections.append(rec)
        return rec

    def claim(self, sec: SectionRecord, ident: str, text: str, *, source: str, where: str, label: str = "",
              tags: list[str] | None = None, note: str = "") -> dict[str, Any]:
        rec: dict[str, Any] = {"id": ident, "text": escape_text(" ".join(text.split())) or "(no text)",
                               "kind": "claim", "basis": "stated",
                               "locator": {"source": source, "note": escape_text(" ".join(where.split()))}}
        label = " ".join(label.split())
        if label and label != ident:
            rec["label"] = label
        clean = sorted({" ".join(t.split()) for t in tags or [] if t.strip()})
        if clean:
            rec["tags"] = clean
        if note:
            rec["note"] = escape_text(" ".join(note.split()))
        sec.claims.append(rec)
        self.kinds[ident] = "claim"
        return rec

    def _closes_cycle(self, premises: list[str], conclusion: str) -> bool:
        seen, todo = set(), [conclusion]
        while todo:
            node = todo.pop()
            if node in premises:
                return True
            if node not in seen:
                seen.add(node)
                todo.extend(self._support.get(node, ()))
        return False

    def _accept_support(self, premises: list[str], conclusion: str) -> None:
        for p in premises:
            self._support.setdefault(p, set()).add(conclusion)

    def argument(self, sec: SectionRecord, ident: str, premises: list[str], conclusion: str, *, source: str,
                 where: str, label: str = "", because: str = "", set_aside: list[Any] | None = None,
                 rtype: str = "supports") -> bool:
        """Add an argument; False (and a note in ``set_aside``) when it would close a support cycle.

        ``rtype`` ``attacks`` or ``undercuts`` makes a joint attack (of a claim) or a joint undercut
        (of a relation or an argument): it holds only if every premise does.
        """
        premises = list(dict.fromkeys(premises))
        if rtype == "supports":
            ok = not self._closes_cycle(premises, conclusion)
        else:
            ends = ("claim",) if rtype == "attacks" else ("relation", "argument")
            ok = self.kinds.get(conclusion) in ends and all(self.kinds.get(p) == "claim" for p in premises)
        if not premises or conclusion in premises or not ok:
            if set_aside is not None:
                why = "no premises, or it would close a support cycle" if rtype == "supports" else \
                    f"a joint {rtype[:-1]} needs premises that are claims and a target it can {rtype[:-1]}"
                set_aside.append({"argument": ident, "premises": premises, "conclusion": conclusion, "why": why})
            return False
        rec: dict[str, Any] = {"id": ident, "premises": premises, "conclusion": conclusion, "basis": "stated",
                               "locator": {"source": source, "note": escape_text(" ".join(where.split()))}}
        if rtype == "supports":
            self._accept_support(premises, conclusion)
        else:
            rec["type"] = rtype
        label = " ".join(label.split())
        if label and label != ident:
            rec["label"] = escape_text(label)
        if because.strip():
            rec["because"] = escape_text(" ".join(because.split()))
        sec.arguments.append(rec)
        self.kinds[ident] = "argument"
        return True

    def relation(self, sec: SectionRecord, ident: str, rtype: str, source: str, target: str, *,
                 because: str = "", set_aside: list[Any] | None = None) -> bool:
        """Add a relation; False (and a note in ``set_aside``) when the claim format cannot hold it."""
        ok = source != target and self.kinds.get(source) == "claim"
        if rtype == "undercuts":
            ok = ok and self.kinds.get(target) in ("relation", "argument")
        else:
            ok = ok and self.kinds.get(target) == "claim"
        if ok and rtype == "supports":
            ok = not self._closes_cycle([source], target)
        if not ok:
            if set_aside is not None:
                set_aside.append({"relation": ident, "type": rtype, "from": source, "to": target,
                                  "why": "a self-relation, a wrong end, or a support cycle"})
            return False
        if rtype == "supports":
            self._accept_support([source], target)
        rec: dict[str, Any] = {"id": ident, "from": source, "to": target, "type": rtype, "basis": "stated"}
        if because.strip():
            rec["because"] = escape_text(" ".join(because.split()))
        sec.relations.append(rec)
        self.kinds[ident] = "relation"
        return True

    # -- output ------------------------------------------------------------------------------
    def _kinds(self) -> list[str]:
        """Give each claim its kind from the graph; return the thesis ids."""
        premise, concluded, source = set(), set(), set()
        for sec in self.sections:
            for a in sec.arguments:
                premise.update(a["premises"])
                if a.get("type", "supports") == "supports":
                    concluded.add(a["conclusion"])
            for r in sec.relations:
                source.add(r["from"])
                if r["type"] == "supports":
                    concluded.add(r["to"])
        thesis = []
        for sec in self.sections:
            for c in sec.claims:
                cid = c["id"]
                if cid in concluded and cid not in premise and cid not in source:
                    c["kind"] = "thesis"
                    thesis.append(cid)
                elif (cid in premise or cid in source) and cid not in concluded:
                    c["kind"] = "premise"
        return thesis

    def _dump(self, doc: dict[str, Any]) -> str:
        return self.header + yaml.dump(doc, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100,
                                       default_flow_style=False)

    def files(self, title: str, coverage: str) -> ImportResult:
        sections = [s for s in self.sections if s.claims or s.arguments or s.relations]
        if not sections:
            raise ValueError("nothing to import")
        result = ImportResult({})
        thesis = self._kinds() or [next(c["id"] for s in sections for c in s.claims)]
        refs = list(self.sources)
        paper_source = refs[0]["id"]
        if len(refs) > 1:
            paper_source = self.ident(f"{self.fmt} import", "src")
            refs.insert(0, {"id": paper_source, "type": "collection", "title": escape_text(title)})
        result.files["paper.yml"] = self._dump({"paper": {
            "source": paper_source, "title": escape_text(title), "thesis": thesis,
            "sections": [s.id for s in sections], "coverage": escape_text(coverage)}})
        result.files["sources.yml"] = self._dump({"references": refs})
        for s in sections:
            doc: dict[str, Any] = {"section": {"id": s.id, "title": escape_text(s.title) or s.id,
                                               "coverage": "complete"}}
            for key, items in (("claims", s.claims), ("arguments", s.arguments), ("relations", s.relations)):
                if items:
                    doc[key] = items
            result.files[f"sections/{s.id}.yml"] = self._dump(doc)
            result.counts.update(claims=len(s.claims), arguments=len(s.arguments), relations=len(s.relations),
                                 sections=1)
        for s in self.sections:
            if s.side:
                side = {"format": f"argmap-{make_id(self.fmt)}-side", "version": 1, "section": s.id, **s.side}
                result.files[f"{self.side_dir}/{s.id}.json"] = json.dumps(side, indent=1, sort_keys=True,
                                                                          ensure_ascii=False) + "\n"
                aside = len(s.side.get("set_aside", []))
                result.counts.update(set_aside=aside)
        result.messages.extend(self.messages)
        return result
