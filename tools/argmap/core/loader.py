"""Claims directory → :class:`~argmap.model.Corpus` and a :class:`~argmap.diagnostics.Report`.

Reading goes in two passes so that ids can be used before they are defined and renamed
ids keep working: first every file is read and its fields checked, and every id and alias is
registered (duplicates are AM020); then the model is built with aliases resolved. The
loader never stops at the first problem. Cross-file checks live in :mod:`argmap.checks`.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from argmap.core import checks_semantics, filenames  # noqa: F401  (their checks join the registry)
from argmap.core.checks import run_all
from argmap.core.diagnostics import Location, Report
from argmap.core.discover import display_path, find_files
from argmap.core.loadextra import issue_of, test_of
from argmap.core.model import (
    Actor,
    Argument,
    Basis,
    Claim,
    ClaimKind,
    Comparison,
    Corpus,
    Coverage,
    Evidence,
    EvidenceKind,
    Issue,
    LabelTest,
    Locator,
    Paper,
    Provenance,
    Ref,
    Relation,
    RelationType,
    Row,
    Section,
    Source,
    Term,
    Topic,
    Verdict,
    Vocabulary,
)
from argmap.core.pages import check_ranges
from argmap.core.validate import Rec, check_file
from argmap.core.yamlsource import DEFAULT_LIMITS, Limits, compose, read_text

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
CLAIM_LINK_FIELDS = ("supports", "attacks", "undercuts", "qualifies", "contrasts", "rephrases")
EVIDENCE_LINK_FIELDS = ("supports", "attacks", "qualifies")


def relation_id(source: str, rtype: str, target: str) -> str:
    """The synthetic id of a relation written without one ('~' never occurs in ids)."""
    return f"{source}~{rtype}~{target}"


def _loc_of(value: object, fallback: Location) -> Location:
    return value.loc if isinstance(value, Ref) else fallback


def _s(rec: Rec, key: str) -> str:
    v = rec.get(key)
    return v if isinstance(v, str) else ""


def _t(rec: Rec, key: str) -> tuple[Any, ...]:
    v = rec.get(key)
    return tuple(v) if isinstance(v, list) else ()


def plain(value: Any) -> Any:
    """Checked values as plain JSON-ready Python (for CSL items)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


@dataclass
class _Registered:
    kind: str
    loc: Location
    owner: str = ""


class _Builder:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.ids: dict[str, _Registered] = {}
        self.aliases: dict[str, str] = {}
        self.sections: dict[str, Section] = {}
        self.claims: dict[str, Claim] = {}
        self.arguments: dict[str, Argument] = {}
        self.relations: dict[str, Relation] = {}
        self.evidence: dict[str, Evidence] = {}
        self.sources: dict[str, Source] = {}
        self.actors: dict[str, Actor] = {}
        self.dimensions: dict[str, Term] = {}
        self.levels: dict[str, Term] = {}
        self.comparisons: dict[str, Comparison] = {}
        self.paper: Paper | None = None
        self.issues: dict[str, Issue] = {}
        self.tests: list[LabelTest] = []

    # -- pass 1: ids ---------------------------------------------------------------------

    def register(self, ident: Any, kind: str, owner: str = "") -> None:
        if not isinstance(ident, str):
            return
        loc = ident.loc if isinstance(ident, Ref) else Location("?")
        first = self.ids.get(ident)
        if first is not None:
            what = f"alias of {first.owner!r}" if first.kind == "alias" else first.kind
            self.report.emit(
                "AM020", f"duplicate id {str(ident)!r}: already used by the {what} at {first.loc}", loc,
                "ids must be unique across all claim files: rename one (keep the old id under 'aliases')",
            )
            return
        self.ids[ident] = _Registered(kind, loc, owner)

    def register_file(self, rec: Rec) -> None:
        section = rec.get("section")
        if isinstance(section, Rec):
            self.register(section.get("id"), "section")
            for topic in section.get("topics", []):
                self.register(topic.get("id"), "topic")
        for c in rec.get("claims", []):
            self.register(c.get("id"), "claim")
            for alias in c.get("aliases", []):
                self.register(alias, "alias", _s(c, "id"))
                if "id" in c:
                    self.aliases[alias] = c["id"]
            for fname in CLAIM_LINK_FIELDS:
                for link in c.get(fname, []):
                    self.register(link.get("id"), "relation")
        for a in rec.get("arguments", []):
            self.register(a.get("id"), "argument")
        for i in rec.get("issues", []):
            self.register(i.get("id"), "issue")
        for r in rec.get("relations", []):
            self.register(r.get("id"), "relation")
        for e in rec.get("evidence", []):
            self.register(e.get("id"), "evidence")
            for fname in EVIDENCE_LINK_FIELDS:
                for link in e.get(fname, []):
                    self.register(link.get("id"), "relation")
        for s in rec.get("references", []):
            self.register(s.get("id"), "source")
        for comp in rec.get("comparisons", []):
            self.register(comp.get("id"), "comparison")
            for row in comp.get("rows", []):
                self.register(row.get("id"), "row")

    # -- pass 2: the model ---------------------------------------------------------------

    def resolve(self, ref: Any) -> Any:
        if isinstance(ref, Ref) and ref in self.aliases:
            return Ref(self.aliases[ref], ref.loc)
        return ref

    def refs(self, rec: Rec, key: str) -> tuple[str, ...]:
        return tuple(self.resolve(r) for r in _t(rec, key))

    def locator(self, rec: Any) -> Locator | None:
        if not isinstance(rec, Rec) or "source" not in rec:
            return None
        return Locator(rec["source"], _s(rec, "pages"), _s(rec, "note"))

    def add_relation(self, source: str, rtype: str, link: Rec, basis: str, section: str) -> None:
        target = self.resolve(link.get("claim") or link.get("relation"))
        explicit = "id" in link
        rid = link["id"] if explicit else Ref(relation_id(source, rtype, target), link.loc)
        rel = Relation(
            rid, RelationType(rtype), source, target, Basis(_s(link, "basis") or basis), section,
            _s(link, "because"), explicit, link.loc,
        )
        old = self.relations.get(rid)
        if old is None or (not old.because and rel.because):
            self.relations[rid] = rel

    def build_file(self, path: str, rec: Rec) -> None:
        sec_rec = rec.get("section")
        section_id = ""
        if isinstance(sec_rec, Rec) and "id" in sec_rec:
            section_id = sec_rec["id"]
            if section_id not in self.sections and {"title", "coverage"} <= sec_rec.keys():
                topics = tuple(
                    Topic(t["id"], _s(t, "title"), section_id, self.refs(t, "actors"), _s(t, "dimension"),
                          _s(t, "note"), t.loc)
                    for t in sec_rec.get("topics", []) if "id" in t
                )
                self.sections[section_id] = Section(
                    section_id, sec_rec["title"], Coverage(sec_rec["coverage"]), _s(sec_rec, "pages"),
                    _s(sec_rec, "summary"), topics, path, sec_rec.loc,
                )
        body = [k for k in ("claims", "arguments", "relations", "evidence") if k in rec]
        if body and "section" not in rec:
            self.report.emit(
                "AM014", f"the file has {body[0]!r} but no 'section'", rec.loc,
                "add a 'section:' header (id, title, coverage) at the top of the file",
            )
        for c in rec.get("claims", []):
            self.build_claim(c, section_id)
        for a in rec.get("arguments", []):
            if {"id", "premises", "conclusion", "basis"} <= a.keys():
                self.arguments.setdefault(a["id"], Argument(
                    a["id"], self.refs(a, "premises"), self.resolve(a["conclusion"]), Basis(a["basis"]),
                    section_id, _s(a, "label"), _s(a, "because"), self.locator(a.get("locator")),
                    _s(a, "note"), a.loc, _s(a, "weighing") or "linked", float(a.get("weight", 1.0)),
                    type=RelationType(_s(a, "type") or "supports"), scheme=_s(a, "scheme"),
                ))
        for i in rec.get("issues", []):
            issue = issue_of(i, section_id, self.resolve)
            if issue is not None:
                self.issues.setdefault(issue.id, issue)
        for t in rec.get("tests", []):
            test = test_of(t, self.resolve)
            if test is not None:
                self.tests.append(test)
        for r in rec.get("relations", []):
            if {"id", "from", "to", "type"} <= r.keys():
                link = Rec(r.loc)
                link["id"] = r["id"]
                link["claim" if r["type"] != "undercuts" else "relation"] = r["to"]
                if "because" in r:
                    link["because"] = r["because"]
                self.add_relation(self.resolve(r["from"]), r["type"], link, _s(r, "basis") or "reconstructed",
                                  section_id)
        for e in rec.get("evidence", []):
            self.build_evidence(e, section_id)
        if "paper" in rec:
            self.build_paper(rec["paper"])
        for s in rec.get("references", []):
            self.build_source(s)
        if "vocabulary" in rec:
            self.build_vocabulary(rec["vocabulary"])
        for comp in rec.get("comparisons", []):
            self.build_comparison(comp)

    def build_claim(self, c: Rec, section: str) -> None:
        if not {"id", "text", "kind", "basis"} <= c.keys() or c["id"] in self.claims:
            return
        cid = c["id"]
        self.claims[cid] = Claim(
            cid, c["text"], ClaimKind(c["kind"]), Basis(c["basis"]), section, _s(c, "label"),
            self.locator(c.get("locator")), self.refs(c, "actors"), _s(c, "dimension"), _s(c, "level"),
            _t(c, "tags"), self.refs(c, "evidence"), _t(c, "aliases"), _s(c, "note"), c.loc, c.get("assumed") is True,
            translations={str(k): str(v) for k, v in (c.get("translations") or {}).items()},
        )
        for fname in CLAIM_LINK_FIELDS:
            for link in c.get(fname, []):
                self.add_relation(cid, fname, link, c["basis"], section)
        for ev in self.refs(c, "evidence"):
            link = Rec(_loc_of(ev, c.loc))
            link["claim"] = cid
            self.add_relation(ev, "supports", link, c["basis"], section)

    def build_evidence(self, e: Rec, section: str) -> None:
        if not {"id", "kind", "provenance", "date", "summary"} <= e.keys() or e["id"] in self.evidence:
            return
        eid = e["id"]
        self.evidence[eid] = Evidence(
            eid, EvidenceKind(e["kind"]), Provenance(e["provenance"]), e["date"], e["summary"], section,
            _s(e, "label"), _s(e, "date_note"), self.refs(e, "actors"), self.refs(e, "source"),
            _s(e, "locator"), _s(e, "url"), _t(e, "tags"), _s(e, "note"), e.loc,
        )
        for fname in EVIDENCE_LINK_FIELDS:
            for link in e.get(fname, []):
                self.add_relation(eid, fname, link, "reconstructed", section)

    def build_paper(self, p: Rec) -> None:
        if self.paper is not None:
            self.report.emit("AM020", f"a second 'paper' (the first is at {self.paper.loc})", p.loc,
                             "a map describes one paper: keep one 'paper:' block")
            return
        if {"source", "title", "thesis", "sections"} <= p.keys():
            self.paper = Paper(p["source"], p["title"], self.refs(p, "thesis"), self.refs(p, "sections"),
                               _s(p, "summary"), _s(p, "coverage"), p.loc, _s(p, "semantics") or "grounded",
                               tuple(str(m) for m in _t(p, "maintainers")), _s(p, "licence"), _s(p, "map_url"))

    def build_source(self, s: Rec) -> None:
        if not {"id", "type", "title"} <= s.keys() or s["id"] in self.sources:
            return
        csl = plain(s)
        uncertain = csl.pop("uncertain", {})
        notice = str(csl.pop("notice", ""))
        self.sources[s["id"]] = Source(s["id"], s["type"], s["title"], csl, uncertain, notice, s.loc)

    def build_vocabulary(self, v: Rec) -> None:
        for a in v.get("actors", []):
            if self._vocab_unique(self.actors, a, "actor"):
                self.actors[a["id"]] = Actor(a["id"], a["label"], _s(a, "colour"), _t(a, "alt_labels"),
                                             _s(a, "description"), a.loc)
        for table, key, kind in ((self.dimensions, "dimensions", "dimension"), (self.levels, "levels", "level")):
            for t in v.get(key, []):
                if self._vocab_unique(table, t, kind):
                    table[t["id"]] = Term(t["id"], t["label"], _s(t, "description"), t.loc,
                                           _t(t, "alt_labels"))

    def _vocab_unique(self, table: dict[str, Any], rec: Rec, kind: str) -> bool:
        if not {"id", "label"} <= rec.keys():
            return False
        if rec["id"] in table:
            self.report.emit("AM020", f"duplicate {kind} {str(rec['id'])!r}: already defined at {table[rec['id']].loc}",
                             rec["id"].loc, f"each {kind} id must appear once in the vocabulary")
            return False
        return True

    def build_comparison(self, comp: Rec) -> None:
        if not {"id", "title", "subjects", "rows"} <= comp.keys() or comp["id"] in self.comparisons:
            return
        rows = tuple(
            Row(r["id"], r["label"], Verdict(r["verdict"]),
                tuple((subj, self.resolve(claim)) for subj, claim in r["cells"]),
                _s(r, "dimension"), _s(r, "because"), r.loc)
            for r in comp["rows"] if {"id", "label", "verdict", "cells"} <= r.keys()
        )
        self.comparisons[comp["id"]] = Comparison(comp["id"], comp["title"], tuple(comp["subjects"]), rows,
                                                  _s(comp, "summary"), comp.loc)


@dataclass
class LoadResult:
    corpus: Corpus
    report: Report
    files: list[str]


def load(path: str, *, limits: Limits = DEFAULT_LIMITS, progress: Progress | None = None,
         run_checks: bool = True) -> LoadResult:
    """Read every claim file under ``path``; build the corpus; run the cross-file checks."""
    # Loading allocates many small objects that all stay alive; the cyclic garbage collector
    # would scan them again and again (loading 10,000 claims took 2.5x longer with it on).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(path, limits, progress, run_checks)
    finally:
        if enabled:
            gc.enable()


def _load(path: str, limits: Limits, progress: Progress | None, run_checks: bool) -> LoadResult:
    report = Report()
    files = find_files(path, report)
    if not files and not len(report):
        report.emit("AM050", f"no claim files (*.yml) found in {display_path(path)}", Location(display_path(path)),
                    "point argmap at the folder that holds the claim files, such as claims/")
    records: list[tuple[str, Rec]] = []
    unreadable = 0
    for n, file in enumerate(files, 1):
        shown = display_path(file)
        before = len(report)
        text = read_text(file, report, limits, shown)
        node = None if text is None else compose(text, shown, report, limits)
        if node is None:
            if len(report) != before:
                unreadable += 1
            else:
                report.emit("AM006", "the file is empty", Location(shown, 1, 1),
                            "add content or delete the file")
        else:
            rec = check_file(node, shown, report, text)
            if rec is not None:
                records.append((shown, rec))
        if progress is not None:
            progress(n, len(files))
    builder = _Builder(report)
    for _, rec in records:
        builder.register_file(rec)
    for shown, rec in records:
        builder.build_file(shown, rec)
    corpus = Corpus(
        root=path, paper=builder.paper, sections=builder.sections, claims=builder.claims,
        arguments=builder.arguments, relations=dict(sorted(builder.relations.items())),
        evidence=builder.evidence, sources=builder.sources,
        vocabulary=Vocabulary(builder.actors, builder.dimensions, builder.levels),
        comparisons=builder.comparisons, aliases=dict(sorted(builder.aliases.items())),
        files=tuple(display_path(f) for f in files), issues=builder.issues, tests=tuple(builder.tests),
    )
    if run_checks:
        report.extend(run_all(corpus, builder.ids, complete=not unreadable))
        report.extend(check_ranges(corpus))
    return LoadResult(corpus, report, [display_path(f) for f in files])
