"""``argmap diff``: what changed in the argument between two revisions of the claim files.

Claims, relations, arguments, evidence and sources are compared by id: added, removed and
changed (field by field; changed text as a word diff). A claim renamed with its old id kept
under ``aliases`` is one change, "renamed a → b": the old side's references are translated
through the new side's aliases before relations and arguments are compared, so a rename does
not show as relations removed and added. The result is written as Markdown fit for a
pull-request comment or as JSON, and :mod:`argmap.diffmap` draws it. Everything is sorted
by kind and id, so the same two revisions always give the same bytes.
"""

from __future__ import annotations

import dataclasses
import difflib
import enum
import json
import logging
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from argmap.authoring.gitrev import materialise
from argmap.core.diagnostics import format_text
from argmap.core.loader import load, relation_id
from argmap.core.model import Corpus, Locator, Source

log = logging.getLogger(__name__)

#: What is compared, in the order it is reported: (kind, the Corpus table).
KINDS = (("claim", "claims"), ("relation", "relations"), ("argument", "arguments"), ("evidence", "evidence"),
         ("source", "sources"))
#: Fields written in prose, shown as a word diff when they change.
TEXT_FIELDS = frozenset({"text", "summary", "because", "note", "label", "title", "date_note"})
#: Fields of the model that are bookkeeping, not content.
SKIP_FIELDS = frozenset({"loc", "path", "explicit_id", "id"})
WORKTREE = "working tree"


class DiffError(Exception):
    """A revision cannot be read or its claim files have errors."""


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Changed:
    id: str
    changes: tuple[Change, ...]
    renamed_from: str = ""  # the old id, when the object was renamed keeping it as an alias


@dataclass
class KindDiff:
    added: dict[str, dict[str, Any]] = field(default_factory=dict)
    removed: dict[str, dict[str, Any]] = field(default_factory=dict)
    changed: list[Changed] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class ArgumentDiff:
    base: str
    head: str
    kinds: dict[str, KindDiff]
    old: Corpus | None = None
    new: Corpus | None = None

    def __bool__(self) -> bool:
        return any(self.kinds.values())


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Locator):
        return {k: v for k, v in (("source", str(value.source)), ("pages", value.pages), ("note", value.note)) if v}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Mapping):  # such as a claim's translations
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return str(value)


def record(obj: Any) -> dict[str, Any]:
    """A model object as plain, comparable fields (no locations); a source as its CSL fields."""
    if isinstance(obj, Source):
        rec = {k: _plain(v) for k, v in obj.csl.items() if k != "id"}
        if obj.uncertain:
            rec["uncertain"] = _plain(dict(obj.uncertain))
        return rec
    return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.name not in SKIP_FIELDS}


def renames(old: Corpus, new: Corpus) -> dict[str, str]:
    """Old claim id → new id, for every claim of ``old`` that ``new`` keeps only as an alias."""
    return {a: b for a, b in sorted(new.aliases.items()) if a in old.claims and a not in new.claims and b in new.claims}


def _old_records(old: Corpus, table: str, moved: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The old side's records with claim ids translated through the renames (relations re-keyed)."""
    def t(ident: Any) -> Any:
        return moved.get(ident, ident)

    out: dict[str, dict[str, Any]] = {}
    for ident, obj in getattr(old, table).items():
        rec = record(obj)
        if table == "relations" and moved:
            rec["source"], rec["target"] = t(rec["source"]), t(rec["target"])
            if not obj.explicit_id:
                ident = relation_id(rec["source"], rec["type"], rec["target"])
        elif table == "arguments" and moved:
            rec["premises"], rec["conclusion"] = [t(p) for p in rec["premises"]], t(rec["conclusion"])
        out[ident] = rec
    return out


def _changes(ra: dict[str, Any], rb: dict[str, Any]) -> tuple[Change, ...]:
    return tuple(Change(k, ra.get(k), rb.get(k)) for k in sorted(set(ra) | set(rb)) if ra.get(k) != rb.get(k))


def compare(old: Corpus, new: Corpus, base: str = "base", head: str = "head") -> ArgumentDiff:
    moved = renames(old, new)
    kinds: dict[str, KindDiff] = {}
    for kind, table in KINDS:
        a = _old_records(old, table, moved)
        b = {ident: record(obj) for ident, obj in getattr(new, table).items()}
        kd = KindDiff()
        renamed = {new_id: old_id for old_id, new_id in moved.items() if new_id not in a} if kind == "claim" else {}
        for ident in sorted(set(b) - set(a) - set(renamed)):
            kd.added[ident] = b[ident]
        for ident in sorted(set(a) - set(b) - set(renamed.values())):
            kd.removed[ident] = a[ident]
        pairs = [(i, i) for i in sorted(set(a) & set(b))] + [(o, n) for n, o in renamed.items()]
        for old_id, new_id in sorted(pairs, key=lambda p: p[1]):
            ra, rb = a[old_id], b[new_id]
            if old_id != new_id and set(rb.get("aliases", [])) == set(ra.get("aliases", [])) | {old_id}:
                ra = {**ra, "aliases": rb["aliases"]}  # keeping the old id as an alias is part of the rename
            changes = _changes(ra, rb)
            if changes or old_id != new_id:
                kd.changed.append(Changed(new_id, changes, old_id if old_id != new_id else ""))
        kinds[kind] = kd
    return ArgumentDiff(base, head, kinds, old, new)


# -- reading revisions -----------------------------------------------------------------


def load_revision(claims: str, rev: str | None, workdir: str) -> Corpus:
    """The corpus at ``rev`` (``None``: the working tree). Claim-file errors are a :class:`DiffError`.

    A revision without claim files (before the folder existed) gives an empty corpus.
    """
    path = claims
    if rev is not None:
        if not materialise(rev, claims, workdir):
            log.info("no claim files at %s: comparing with an empty map", rev)
            return load(workdir, run_checks=False).corpus  # the folder did not exist yet
        path = workdir
    result = load(path)
    if result.report.errors:
        shown = "\n".join(format_text(d) for d in result.report.errors[:10])
        where = WORKTREE if rev is None else rev
        raise DiffError(f"the claim files at {where} have errors; fix them first (argmap check):\n{shown}")
    return result.corpus


def diff_revisions(claims: str, base: str, head: str | None = None) -> ArgumentDiff:
    with tempfile.TemporaryDirectory(prefix="argmap-diff-") as tmp_a, \
            tempfile.TemporaryDirectory(prefix="argmap-diff-") as tmp_b:
        old = load_revision(claims, base, tmp_a)
        new = load_revision(claims, head, tmp_b)
    return compare(old, new, base, head or WORKTREE)


# -- output ----------------------------------------------------------------------------


def _md(text: Any) -> str:
    """Text from a claim file, made safe to put into Markdown (no markup of its own)."""
    s = " ".join(str(text).split())
    for ch in "\\`*_~<>[]|#":
        s = s.replace(ch, "\\" + ch)
    return s


def word_diff(old: str, new: str) -> str:
    """``old`` → ``new`` word by word: ~~removed words~~ **added words**."""
    a, b = str(old).split(), str(new).split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(_md(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"~~{_md(' '.join(a[i1:i2]))}~~")
        if j2 > j1:
            out.append(f"**{_md(' '.join(b[j1:j2]))}**")
    return " ".join(out)


def _inline(v: Any) -> str:
    if isinstance(v, dict):
        return ", ".join(f"{k}: {_inline(x)}" for k, x in v.items())
    if isinstance(v, list):
        return "[" + ("; " if any(isinstance(x, dict) for x in v) else ", ").join(_inline(x) for x in v) + "]"
    return " ".join(str(v).split())


def _value(v: Any) -> str:
    if v in (None, "", [], {}):
        return "*(none)*"
    return "`" + _inline(v).replace("`", "'") + "`"


def _title(kind: str, ident: str, rec: dict[str, Any]) -> str:
    if kind == "relation":
        return f"`{ident}`: `{rec['source']}` {rec['type']} `{rec['target']}`"
    if kind == "claim":
        return f"`{ident}` ({rec['kind']}, {rec['basis']}): {_md(rec['text'])}"
    if kind == "evidence":
        return f"`{ident}` ({rec['kind']}, {rec['date']}): {_md(rec['summary'])}"
    if kind == "source":
        return f"`{ident}` ({rec.get('type', '')}): {_md(rec.get('title', ''))}"
    premises = ", ".join(f"`{p}`" for p in rec["premises"])
    return f"`{ident}`: {premises} → `{rec['conclusion']}`"


_PLURAL = {"claim": "Claims", "relation": "Relations", "argument": "Arguments", "evidence": "Evidence",
           "source": "Sources"}
NOTHING = "No claims, relations, arguments, evidence or sources changed."


def to_markdown(d: ArgumentDiff) -> str:
    lines = [f"## Argument diff: `{d.base}` → `{d.head}`", ""]
    if not d:
        return "\n".join([*lines, NOTHING, ""])
    lines += ["| | added | removed | changed |", "|---|---:|---:|---:|"]
    for kind, _ in KINDS:
        kd = d.kinds[kind]
        lines.append(f"| {_PLURAL[kind]} | {len(kd.added)} | {len(kd.removed)} | {len(kd.changed)} |")
    for kind, _ in KINDS:
        kd = d.kinds[kind]
        if not kd:
            continue
        lines += ["", f"### {_PLURAL[kind]}"]
        if kd.added:
            lines += ["", "**Added**", ""]
            lines += [f"- ➕ {_title(kind, i, r)}" for i, r in kd.added.items()]
        if kd.removed:
            lines += ["", "**Removed**", ""]
            lines += [f"- ➖ {_title(kind, i, r)}" for i, r in kd.removed.items()]
        if kd.changed:
            lines += ["", "**Changed**", ""]
            for ch in kd.changed:
                lines.append(f"- ✏️ renamed `{ch.renamed_from}` → `{ch.id}`" if ch.renamed_from else f"- ✏️ `{ch.id}`")
                for c in ch.changes:
                    if c.field in TEXT_FIELDS and isinstance(c.old, str) and isinstance(c.new, str) and c.old and c.new:
                        lines.append(f"  - {c.field}: {word_diff(c.old, c.new)}")
                    else:
                        lines.append(f"  - {c.field}: {_value(c.old)} → {_value(c.new)}")
    return "\n".join(lines) + "\n"


def to_json(d: ArgumentDiff) -> str:
    out: dict[str, Any] = {"base": d.base, "head": d.head}
    for kind, table in KINDS:
        kd = d.kinds[kind]
        out[table] = {
            "added": [{"id": i, **r} for i, r in kd.added.items()],
            "removed": [{"id": i, **r} for i, r in kd.removed.items()],
            "changed": [{"id": ch.id, **({"renamed_from": ch.renamed_from} if ch.renamed_from else {}),
                         "changes": {c.field: {"old": c.old, "new": c.new} for c in ch.changes}}
                        for ch in kd.changed],
        }
    return json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
