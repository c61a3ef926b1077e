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

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from argmap.interchange.aifimport import ImportProblem, ImportResult, write_files
from argmap.interchange.claimwriter import Builder, SectionRecord

SIDE_DIR = "_argdown"
COMMAND = "argmap import argdown"
TIMEOUT = 300
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_AT = re.compile(r"At (\d+):(\d+)\s*\n\s*(.+)")
_KIND = {"support": "supports", "entails": "supports", "attack": "attacks", "contrary": "attacks",
         "contradictory": "attacks", "undercut": "undercuts"}
DATA_KINDS = ("qualifies", "contrasts", "rephrases")


class ArgdownError(ImportProblem):
    """An Argdown file that cannot be read: the message names the file (and the line and column)."""


def argdown_cli() -> str:
    """The ``argdown`` command: ``$ARGMAP_ARGDOWN``, the project's ``bench/node_modules``, or ``PATH``."""
    env = os.environ.get("ARGMAP_ARGDOWN")
    if env:
        return env
    local = Path(__file__).resolve().parents[3] / "bench" / "node_modules" / ".bin" / "argdown"
    if local.is_file():
        return str(local)
    found = shutil.which("argdown")
    if found:
        return found
    raise ArgdownError("Argdown's CLI is not installed: run `make setup-test` (it installs @argdown/cli from "
                       "bench/package-lock.json), or set ARGMAP_ARGDOWN to the `argdown` command")


def read_argdown(path: str, cli: str | None = None) -> dict[str, Any]:
    """Argdown's JSON for one file, from ``argdown json``; :class:`ArgdownError` when it cannot be read."""
    if not os.path.isfile(path):
        raise ArgdownError(f"{path}: no such file")
    try:
        with open(path, encoding="utf-8") as fh:
            fh.read()
    except UnicodeDecodeError:
        raise ArgdownError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise ArgdownError(f"{path}: cannot read: {exc.strerror or exc}") from None
    cli = cli or argdown_cli()
    with tempfile.TemporaryDirectory(prefix="argmap-argdown-") as tmp:
        try:
            run = subprocess.run([cli, "json", os.path.abspath(path), tmp], capture_output=True, text=True,
                                 timeout=TIMEOUT, check=False, cwd=tmp)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ArgdownError(f"{path}: Argdown's CLI ({cli}) failed: {exc}") from None
        out = os.path.join(tmp, os.path.splitext(os.path.basename(path))[0] + ".json")
        said = _ANSI.sub("", run.stdout + "\n" + run.stderr)
        at = _AT.search(said)
        if at:
            raise ArgdownError(f"{path}:{at.group(1)}:{at.group(2)}: Argdown syntax error: {at.group(3).strip()}")
        if run.returncode != 0 or not os.path.isfile(out):
            last = [line for line in said.splitlines() if line.strip()][-1:] or ["no output"]
            raise ArgdownError(f"{path}: Argdown's CLI could not read it: {last[0].strip()}")
        with open(out, encoding="utf-8") as fh:
            data = json.load(fh)
    if not isinstance(data, dict) or not isinstance(data.get("statements", {}), dict) \
            or not isinstance(data.get("arguments", {}), dict) or not isinstance(data.get("relations", []), list):
        raise ArgdownError(f"{path}: Argdown's JSON has an unexpected shape")
    return data


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
            if mark.get("relation"):
                self.marked[title] = mark
                self.relation_of_marked[title] = b.ident(title)
            elif arg.get("pcs"):
                self.main[title] = b.ident(title)
            else:
                self.arg_claim[title] = b.ident(title)
        self._sections()
        for title, st in self.statements.items():
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
                          because=texts[0] if texts and main else "", set_aside=self.aside(sec)):
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
            return self.main.get(title, "")
        return self.concl.get(title, "")

    def _relations(self) -> None:
        b = self.b
        pending: list[tuple[SectionRecord, str, str, str, str]] = []  # undercuts come last
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
            elif kind == "attacks" and dst_title in self.main and rel.get("toType") == "argument":
                kind = "undercuts"
            elif kind == "supports" and dst_title in self.main and rel.get("toType") == "argument":
                kind = ""
            if not kind or not src or not target:
                self.aside(sec).append({"argdown_relation": rel, "why": "argmap has no relation of this shape"})
                continue
            ident = b.ident(f"{src}-{kind}-{target}")
            if kind == "undercuts":
                pending.append((sec, ident, kind, src, target))
                continue
            if b.relation(sec, ident, kind, src, target, set_aside=self.aside(sec)):
                self.out_relations.setdefault(src, []).append(ident)
            if rel.get("relationType") == "contradictory":
                b.relation(sec, b.ident(f"{target}-{kind}-{src}"), kind, target, src, set_aside=self.aside(sec))
        self._argmap_data(pending)
        for _ in range(len(pending) + 1):  # undercuts of undercuts: in passes
            left = [p for p in pending if not b.relation(*p)]
            if len(left) == len(pending):
                break
            pending = left
        for sec, ident, kind, src, target in pending:
            self.aside(sec).append({"relation": ident, "type": kind, "from": src, "to": target,
                                    "why": "the undercut's target could not be made"})

    def _argmap_data(self, pending: list[tuple[SectionRecord, str, str, str, str]]) -> None:
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
            rec = (sec, self.relation_of_marked[title], kind, src, target)
            if kind == "undercuts":
                pending.append(rec)
            else:
                b.relation(*rec, set_aside=self.aside(sec))


def convert(docs: list[tuple[str, dict[str, Any]]]) -> tuple[ImportResult, dict[str, dict[str, int]]]:
    """Argdown JSON documents (file name, data) → claim files, and per file what was read."""
    b = Builder("Argdown", SIDE_DIR, COMMAND)
    read: dict[str, dict[str, int]] = {}
    for name, data in docs:
        f = _File(b, name, data)
        f.run()
        read[name] = f.counts
    title = f"Argdown file {docs[0][0]}" if len(docs) == 1 else f"{len(docs)} Argdown files"
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
