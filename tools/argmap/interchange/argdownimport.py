"""Argdown → claim files, read by Argdown's own parser (``argdown json``, from ``@argdown/cli``).

What becomes what (see ``docs/reference/interchange.md``):

* every statement (an equivalence class: all members with the same title) → a claim whose id is
  made from the title; the first text is the claim's text, other members' texts go into its
  note, the title (when it is not the id) into its label, its tags into ``tags``;
* every argument with a premise-conclusion structure → one argmap argument per inference step:
  the main conclusion's step keeps the argument's id, an intermediate conclusion's step is
  ``<id>-step-<n>``; its premises are the statements since the previous conclusion and that
  conclusion;
* an argument without one (a sketch: title and description) → a claim, which makes its relations;
* relations: support and entails → ``supports``; attack and contrary → ``attacks``;
  contradictory → ``attacks`` both ways; undercut → ``undercuts`` of the inference step;
  an attack on an argument → ``undercuts`` of its main step; a support of an argument has no
  argmap form and is set aside;
* sections → sections (a file's statements before its first heading: a section named after it);
* YAML data, inference rules, section levels, and whatever is set aside → ``_argdown/<section>.json``.

argmap's own Argdown export writes what Argdown has no arrow for as YAML data, which this
importer reads back: ``{argmap: {qualifies: [...], contrasts: [...], rephrases: [...]}}`` on a
statement, and ``{argmap: {relation: TYPE, from: S, to: T}}`` on the argument that stands for
a relation something undercuts.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import partial
from typing import Any

from argmap.interchange.aifimport import ImportResult, write_files
from argmap.interchange.argdownread import ArgdownError, argdown_cli, read_argdown
from argmap.interchange.claimwriter import Builder, SectionRecord

SIDE_DIR = "_argdown"
COMMAND = "argmap import argdown"
_KIND = {"support": "supports", "entails": "supports", "attack": "attacks", "contrary": "attacks",
         "contradictory": "attacks", "undercut": "undercuts"}
DATA_KINDS = ("qualifies", "contrasts", "rephrases")
JOINT_KINDS = ("attacks", "undercuts")
#: work left for later passes (undercuts of undercuts): the section, what to set aside, the step
Pending = tuple[SectionRecord, dict[str, Any], Callable[[], bool]]


def _text(members: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for m in members:
        t = " ".join(str(m.get("text") or "").split())
        if t and not m.get("isReference") and t not in out:
            out.append(t)
    return out


def _line(name: str, element: dict[str, Any]) -> str:
    lines = [m.get("startLine") for m in element.get("members", []) if not m.get("isReference")]
    first = next((n for n in lines if isinstance(n, int)), element.get("startLine"))
    return f"{name}, line {first}" if isinstance(first, int) else name


def _mark(element: dict[str, Any]) -> dict[str, Any]:
    """The ``argmap`` entry of an element's YAML data (written by argmap's own Argdown export)."""
    data = element.get("data")
    mark = data.get("argmap") if isinstance(data, dict) else None
    return mark if isinstance(mark, dict) else {}


def _untitled(title: str) -> bool:
    return re.fullmatch(r"Untitled \d+", title) is not None


class _File:
    """One Argdown file's conversion into the shared builder."""

    def __init__(self, b: Builder, name: str, data: dict[str, Any]) -> None:
        self.b, self.name, self.data = b, name, data
        self.stem = os.path.splitext(name)[0]
        self.source = b.source(self.stem, f"Argdown file {name}", f"Imported by argmap from {name}")
        self.statements: dict[str, dict[str, Any]] = data.get("statements") or {}
        self.arguments: dict[str, dict[str, Any]] = data.get("arguments") or {}
        self.sections: dict[str, SectionRecord] = {}
        self.default: SectionRecord | None = None
        self.claim_of: dict[str, str] = {}  # statement title → claim id
        self.arg_claim: dict[str, str] = {}  # title of an argument without PCS → claim id
        self.steps: dict[str, dict[int, str]] = {}  # argument title → conclusion index → argument id
        self.main: dict[str, str] = {}  # argument title → main step id
        self.concl: dict[str, str] = {}  # argument title → main conclusion claim id
        self.marked: dict[str, dict[str, Any]] = {}  # argument title → argmap relation data
        self.joint: dict[str, str] = {}  # title of a joint attack or undercut → argument id
        self.joint_of: dict[str, str] = {}  # its conclusion statement's title → the argument's title
        self.paper = ""  # the paper title argmap's export puts on the first heading
        self.relation_of_marked: dict[str, str] = {}
        self.out_relations: dict[str, list[str]] = {}  # claim id → relation ids starting there
        self.counts = {"statements": 0, "arguments": 0, "relations": 0, "set_aside": 0}

    def section(self, sid: Any) -> SectionRecord:
        if isinstance(sid, str) and sid in self.sections:
            return self.sections[sid]
        if self.default is None:
            self.default = self.b.section(self.stem, self.name)
        return self.default

    def _sections(self) -> None:
        def walk(items: list[Any], parents: list[str]) -> None:
            for s in items:
                if not isinstance(s, dict) or not isinstance(s.get("id"), str):
                    continue
                title = str(s.get("title") or s["id"])
                rec = self.b.section(title, " / ".join([*parents, title]))
                rec.side.setdefault("argdown_section", {"id": s["id"], "level": s.get("level"), "title": title})
                paper = _mark(s).get("paper")
                if isinstance(paper, str) and not self.paper:
                    self.paper = paper
                self.sections[s["id"]] = rec
                walk(s.get("children") or [], [*parents, title])

        walk(self.data.get("sections") or [], [])

    def aside(self, sec: SectionRecord) -> list[Any]:
        kept: list[Any] = sec.side.setdefault("set_aside", [])
        return kept

    def run(self) -> None:
        b = self.b
        # Ids: statements first (their titles are the ids), then arguments, then sections.
        for title in self.statements:
            self.claim_of[title] = b.ident(f"{self.stem}-{title}" if _untitled(title) else title)
        for title, arg in self.arguments.items():
            mark = _mark(arg)
            shape = self._joint_shape(title, arg) if mark.get("joint") in JOINT_KINDS else None
            if mark.get("relation"):
                self.marked[title] = mark
                self.relation_of_marked[title] = b.ident(title)
            elif shape is not None:
                self.joint[title] = b.ident(title)
                self.steps[title] = {shape[1]: self.joint[title]}
            elif arg.get("pcs"):
                self.main[title] = b.ident(title)
            else:
                self.arg_claim[title] = b.ident(title)
        self._sections()
        for title, st in self.statements.items():
            if title in self.joint_of:
                continue  # the conclusion argmap's export gives a joint attack: not a claim
            sec = self.section(st.get("section"))
            texts = _text(st.get("members") or [])
            note = "Also stated as: " + " | ".join(texts[1:]) if len(texts) > 1 else ""
            b.claim(sec, self.claim_of[title], texts[0] if texts else title, source=self.source,
                    where=f"Argdown {_line(self.name, st)}", label="" if _untitled(title) else title,
                    tags=[str(t) for t in st.get("tags") or []], note=note)
            self.counts["statements"] += 1
            extra = {k: st[k] for k in ("data",) if st.get(k)}
            if extra:
                sec.side.setdefault("statements", {})[self.claim_of[title]] = {"title": title, **extra}
        for title, ident in self.arg_claim.items():
            arg = self.arguments[title]
            sec = self.section(arg.get("section"))
            texts = _text(arg.get("members") or [])
            b.claim(sec, ident, texts[0] if texts else title, source=self.source,
                    where=f"Argdown argument {_line(self.name, arg)}", label=title,
                    tags=[str(t) for t in arg.get("tags") or []],
                    note="An Argdown argument without a premise-conclusion structure.")
            self.counts["arguments"] += 1
            self._keep_argument(sec, ident, title, arg)
        for title in self.main:
            self._pcs(title, self.arguments[title])
        self._relations()

    def _joint_shape(self, title: str, arg: dict[str, Any]) -> tuple[list[str], int] | None:
        """The premises and the conclusion's index of a joint attack or undercut as argmap's export
        writes it: premises, one inference, a main conclusion that nothing else mentions."""
        items = [s for s in arg.get("pcs") or [] if isinstance(s, dict)]
        if len(items) < 2 or any(s.get("inference") for s in items[:-1]) or \
                not isinstance(items[-1].get("inference"), dict) or items[-1].get("title") not in self.statements:
            return None
        last = str(items[-1]["title"])
        if self.joint_of.setdefault(last, title) != title:
            return None
        return [str(s.get("title")) for s in items[:-1]], int(items[-1]["inference"].get("conclusionIndex", 0))

    def _joint_step(self, sec: SectionRecord, title: str, kind: str, target: str, to: str) -> Pending:
        """The joint attack or undercut ``title``, whose conclusion ``kind``s ``target`` (Argdown's ``to``)."""
        arg = self.arguments[title]
        shape = self._joint_shape(title, arg)
        premises = [self.claim_of.get(p, "") for p in (shape[0] if shape else [])]
        label = next(iter(_text(arg.get("members") or [])), "")
        concl = str(arg["pcs"][-1]["title"])
        because = next(iter(_text(self.statements[concl].get("members") or [])), "")
        verb = kind[:-1]
        if because == f"The premises of {title} together {verb} {to}.":
            because = ""  # the sentence the export writes when the argument has no `because`
        ident = self.joint[title]
        self._keep_argument(sec, ident, title, arg)
        step = partial(self.b.argument, sec, ident, premises, target, source=self.source, rtype=kind,
                       where=f"Argdown argument {_line(self.name, arg)}", label="" if label == title else label,
                       because=because)
        return sec, {"argument": ident, "type": kind, "premises": premises, "conclusion": target,
                     "why": f"the joint {verb}'s premises or target could not be made"}, step

    def _keep_argument(self, sec: SectionRecord, ident: str, title: str, arg: dict[str, Any]) -> None:
        extra = {k: arg[k] for k in ("data", "tags") if arg.get(k)}
        if extra:
            sec.side.setdefault("arguments", {})[ident] = {"title": title, **extra}

    def _pcs(self, title: str, arg: dict[str, Any]) -> None:
        b = self.b
        sec = self.section(arg.get("section"))
        texts = _text(arg.get("members") or [])
        self.counts["arguments"] += 1
        self._keep_argument(sec, self.main[title], title, arg)
        current: list[str] = []
        previous = ""
        steps: dict[int, str] = {}
        rules: dict[str, Any] = {}
        items = [s for s in arg.get("pcs") or [] if isinstance(s, dict) and s.get("title") in self.claim_of]
        for index, item in enumerate(items):
            cid = self.claim_of[item["title"]]
            inference = item.get("inference")
            if not isinstance(inference, dict):
                current.append(cid)
                continue
            n = inference.get("conclusionIndex", index)
            main = item.get("role") == "main-conclusion" or index == len(items) - 1
            ident = self.main[title] if main else b.ident(f"{self.main[title]}-step-{int(n) + 1}")
            premises = ([previous] if previous else []) + current
            label = "" if _untitled(title) else title
            if b.argument(sec, ident, premises, cid, source=self.source,
                          where=f"Argdown argument {_line(self.name, arg)}", label=label,
                          because=texts[0] if texts and main and texts[0] != title else "",
                          set_aside=self.aside(sec)):
                steps[int(n)] = ident
            if inference.get("inferenceRules") or inference.get("data"):
                rules[ident] = {"rules": inference.get("inferenceRules") or [], "data": inference.get("data") or {}}
            previous, current = cid, []
            if main:
                self.concl[title] = cid
                break
        self.steps[title] = steps
        if rules:
            sec.side.setdefault("inferences", {}).update(rules)

    def _end(self, title: str, kind: str, *, as_target: bool) -> str:
        if kind == "equivalence-class":
            return self.claim_of.get(title, "")
        if title in self.arg_claim:
            return self.arg_claim[title]
        if title in self.relation_of_marked:
            return self.relation_of_marked[title]
        if as_target:
            return self.main.get(title, "") or self.joint.get(title, "")
        return self.concl.get(title, "")

    def _relations(self) -> None:
        b = self.b
        pending: list[Pending] = []  # undercuts and joint attacks come last
        rels = [r for r in self.data.get("relations") or [] if isinstance(r, dict)]
        rels.sort(key=lambda r: r.get("relationType") == "undercut")  # undercuts last (stable)
        for rel in rels:
            src_title, dst_title = str(rel.get("from")), str(rel.get("to"))
            into_marked = rel.get("toType") == "argument" and dst_title in self.marked
            if (rel.get("fromType") == "argument" and src_title in self.marked) or \
                    (into_marked and rel.get("relationType") != "undercut"):
                continue  # drawn for Argdown's map; the argmap data holds the relation
            self.counts["relations"] += 1
            kind = _KIND.get(str(rel.get("relationType")), "")
            src = self._end(src_title, str(rel.get("fromType")), as_target=False)
            sec = self.section(self.statements.get(src_title, self.arguments.get(src_title, {})).get("section"))
            if rel.get("toType") == "inference":
                target = self.steps.get(dst_title, {}).get(int(rel.get("conclusionIndex", -1)), "") \
                    or self.main.get(dst_title, "")
            else:
                target = self._end(dst_title, str(rel.get("toType")), as_target=True)
            if kind == "undercuts" and dst_title in self.arg_claim:
                outs = self.out_relations.get(target, [])
                target = outs[0] if len(outs) == 1 else ""
            elif kind == "attacks" and (dst_title in self.main or dst_title in self.joint) \
                    and rel.get("toType") == "argument":
                kind = "undercuts"
            elif kind == "supports" and dst_title in self.main and rel.get("toType") == "argument":
                kind = ""
            if not kind or not src or not target:
                self.aside(sec).append({"argdown_relation": rel, "why": "argmap has no relation of this shape"})
                continue
            if rel.get("fromType") == "equivalence-class" and src_title in self.joint_of:
                pending.append(self._joint_step(sec, self.joint_of[src_title], kind, target, dst_title))
                continue
            ident = b.ident(f"{src}-{kind}-{target}")
            if kind == "undercuts":
                pending.append(self._later(sec, ident, kind, src, target))
                continue
            if b.relation(sec, ident, kind, src, target, set_aside=self.aside(sec)):
                self.out_relations.setdefault(src, []).append(ident)
            if rel.get("relationType") == "contradictory":
                b.relation(sec, b.ident(f"{target}-{kind}-{src}"), kind, target, src, set_aside=self.aside(sec))
        self._argmap_data(pending)
        for _ in range(len(pending) + 1):  # undercuts of undercuts: in passes
            left = [p for p in pending if not p[2]()]
            if len(left) == len(pending):
                break
            pending = left
        for sec, record, _step in pending:
            self.aside(sec).append(record)

    def _later(self, sec: SectionRecord, ident: str, kind: str, src: str, target: str, because: str = "") -> Pending:
        return sec, {"relation": ident, "type": kind, "from": src, "to": target,
                     "why": "the undercut's target could not be made"}, \
            partial(self.b.relation, sec, ident, kind, src, target, because=because)

    def _argmap_data(self, pending: list[Pending]) -> None:
        """Relations argmap's own export wrote as data: on statements, and on relation arguments."""
        b = self.b
        for title, st in self.statements.items():
            mark = _mark(st)
            sec = self.section(st.get("section"))
            for kind in DATA_KINDS:
                for target in mark.get(kind) or []:
                    tid = self.claim_of.get(str(target), "")
                    b.relation(sec, b.ident(f"{self.claim_of[title]}-{kind}-{tid}"), kind, self.claim_of[title], tid,
                               set_aside=self.aside(sec))
        for title, mark in self.marked.items():
            arg = self.arguments[title]
            sec = self.section(arg.get("section"))
            kind, src = str(mark.get("relation")), self.claim_of.get(str(mark.get("from")), "")
            target = self._end(str(mark.get("to")), "equivalence-class" if str(mark.get("to")) in self.statements
                               else "argument", as_target=True)
            texts = _text(arg.get("members") or [])
            because = texts[0] if texts and texts[0] != kind else ""  # the export writes the type for none
            if kind == "undercuts":
                pending.append(self._later(sec, self.relation_of_marked[title], kind, src, target, because))
            else:
                b.relation(sec, self.relation_of_marked[title], kind, src, target, because=because,
                           set_aside=self.aside(sec))


def convert(docs: list[tuple[str, dict[str, Any]]]) -> tuple[ImportResult, dict[str, dict[str, int]]]:
    """Argdown JSON documents (file name, data) → claim files, and per file what was read."""
    b = Builder("Argdown", SIDE_DIR, COMMAND)
    read: dict[str, dict[str, int]] = {}
    for name, data in docs:
        f = _File(b, name, data)
        f.run()
        read[name] = f.counts
    title = f"Argdown file {docs[0][0]}" if len(docs) == 1 else f"{len(docs)} Argdown files"
    if len(docs) == 1 and f.paper:
        title = f.paper
    try:
        result = b.files(title, "Imported from Argdown: statements, arguments, relations and sections; "
                                "YAML data and what argmap cannot hold are kept in _argdown/.")
    except ValueError:
        raise ArgdownError("nothing to import: no statements in " + ", ".join(n for n, _ in docs)) from None
    return result, read


def import_files(paths: list[str], out: str, *, force: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Read Argdown files with Argdown's CLI, convert them and write one corpus into ``out``."""
    cli = argdown_cli()
    docs = []
    for n, path in enumerate(paths, 1):
        docs.append((os.path.basename(path), read_argdown(path, cli)))
        if progress is not None:
            progress(n, len(paths))
    result, _ = convert(docs)
    write_files(result.files, out, force=force)
    return result
