"""Field checks: a YAML node tree checked against the format of :mod:`argmap.schema`.

The result is plain records (:class:`Rec`, a dict that knows its location) whose strings are
:class:`~argmap.model.Ref` values, so that every later check can still name file:line:col.
Problems are reported (AM010-AM015, AM040, AM041) and the bad field is left out; checking
goes on so that one run shows every problem.
"""

from __future__ import annotations

import calendar
import difflib
import re
from typing import Any

from argmap.core import markup, textcheck
from argmap.core.diagnostics import Location, Report
from argmap.core.model import Ref
from argmap.core.pages import PagesError, parse_pages
from argmap.core.schema import COLOUR_RE, DATE_RE, ID_RE, OBJECTS, Field, Obj
from argmap.core.yamlsource import (
    YMap,
    YNode,
    YScalar,
    YSeq,
    is_null,
    kind_name,
    map_get,
    node_loc,
    report_complex_key,
    report_duplicate,
)


class Rec(dict[str, Any]):
    """A checked mapping: field name → value, with the mapping's own location."""

    __slots__ = ("loc", "merged")

    def __init__(self, loc: Location) -> None:
        super().__init__()
        self.loc = loc
        self.merged = False  # it had a merge key (AM007): missing fields are not reported again


_INVALID = object()

_EXPECT = {
    "id": "an id", "ref": "an id", "text": "text", "string": "text", "enum": "one word",
    "date": "a date", "url": "a URL", "pages": "a page number or range", "colour": "a colour",
    "list": "a list", "object": "a mapping", "link": "an id or a mapping", "cells": "a mapping",
    "refs": "an id or a list of ids", "csl-date": "a date", "string-map": "a mapping",
    "date-parts": "a list of [year, month, day] lists", "bool": "true or false", "number": "a number from 0 to 1",
}


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else ""


def slugify(value: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return re.sub(r"-{2,}", "-", s)[:80].strip("-")


#: Fields of type "pages" that hold page numbers (volume, issue and edition are left as written).
PAGE_FIELDS = frozenset(("pages", "page"))
#: Characters a URL cannot hold unencoded; a space usually means two words were pasted in.
_URL_BAD = re.compile(r'[\s<>"{}|\\^`]')
_BLANK_CHECKED = frozenset(("text", "string", "id", "ref"))


class Validator:
    def __init__(self, report: Report, path: str, text: str | None = None) -> None:
        self.report = report
        self.path = path
        self.text = text  # the file's text, to place a character inside a value at its line:col
        # Values can hold a flagged character only if the file has one or an escape that writes one.
        self.scan_chars = text is None or "\\" in text or textcheck.may_hold_flagged(text)

    def loc(self, node: YNode) -> Location:
        return node_loc(node, self.path)

    def pairs(self, node: YMap) -> list[tuple[YScalar, YNode]]:
        """The key/value pairs of a mapping; duplicate and non-text keys are reported and left out."""
        out: list[tuple[YScalar, YNode]] = []
        seen: dict[str, YScalar] = {}
        for key, value in node.value:
            if not isinstance(key, YScalar):
                report_complex_key(self.report, key, self.path)
                continue
            first = seen.get(key.value)
            if first is not None:
                report_duplicate(self.report, key, first, self.path)
                continue
            seen[key.value] = key
            out.append((key, value))
        return out

    # -- helpers -------------------------------------------------------------------------

    def _wrong_type(self, name: str, f: Field, node: YNode, hint: str = "") -> object:
        if not hint and f.type == "list" and isinstance(node, YScalar) and not is_null(node):
            hint = f"write a list, such as {name}: [{node.value}]"
        self.report.emit("AM011", f"{name!r} must be {_EXPECT.get(f.type, f.type)}, found {kind_name(node)}",
                         self.loc(node), hint)
        return _INVALID

    def _scalar(self, name: str, f: Field, node: YNode) -> Ref | None:
        if not isinstance(node, YScalar) or is_null(node):
            self._wrong_type(name, f, node)
            return None
        if self.scan_chars and textcheck.may_hold_flagged(node.value) and not self._check_chars(name, f, node):
            return None
        return Ref(node.value, (self.path, node.start_mark))

    def _check_chars(self, name: str, f: Field, node: YScalar) -> bool:
        """Report a control, bidi or zero-width character; ``False`` when the value must be left out."""
        found = textcheck.find_flagged(node, self.path, self.text)
        if found is None:
            return True
        if f.type in ("id", "ref"):
            self.report.emit("AM013", f"{name!r} is not a valid id: it contains {found.describe()}", found.location,
                             "ids are lowercase letters, digits and single hyphens: retype the id")
            return False
        if found.is_control:
            self.report.emit("AM042", f"{name!r} contains {found.describe()}", found.location,
                             "delete it: control and direction-override characters change what readers see")
            return False
        self.report.emit("AM043", f"{name!r} contains {found.describe()}", found.location,
                         "delete it unless the script needs it (a zero-width joiner in some languages)")
        return True

    def _check_markup(self, name: str, value: Ref) -> None:
        loc = value.loc
        if markup.find_raw_html(value) >= 0:
            self.report.emit(
                "AM041", f"{name!r} contains raw HTML", loc,
                "write plain text with Markdown (*emphasis*, `code`, [label](https://...)); HTML is not rendered",
            )
        for target, _ in markup.link_targets(value):
            if not markup.safe_link(target):
                self.report.emit(
                    "AM040", f"{name!r} links to {target!r}, which is not allowed", loc,
                    "link to an http(s) address or to a claim with claim:<id>",
                )

    # -- values --------------------------------------------------------------------------

    def value(self, name: str, f: Field, node: YNode) -> Any:
        t = f.type
        if t == "list":
            if not isinstance(node, YSeq):
                return self._wrong_type(name, f, node)
            assert f.item is not None
            out = []
            for item in node.value:
                v = self.value(name, f.item, item)
                if v is not _INVALID:
                    out.append(v)
            return out
        if t == "object":
            if not isinstance(node, YMap):
                return self._wrong_type(name, f, node)
            return self.object(OBJECTS[f.obj], node)
        if t == "link":
            target_key = "claim" if "claim" in f.ref else "relation"
            if isinstance(node, YMap):
                rec = self.object(OBJECTS["link"], node)
                other = "relation" if target_key == "claim" else "claim"
                if other in rec:
                    self.report.emit("AM010", f"{other!r} cannot be used in {name!r}", rec[other].loc,
                                     f"use {target_key!r}: {name!r} points at a {target_key}")
                    del rec[other]
                if target_key not in rec and map_get(node, target_key) is None:
                    self.report.emit("AM014", f"this {name!r} entry has no {target_key!r}", self.loc(node),
                                     f"add {target_key}: <id>, or write the id alone")
                    return _INVALID
                return rec if target_key in rec else _INVALID
            ref = self.value(name, Field("ref", "", ref=f.ref), node)
            if ref is _INVALID:
                return _INVALID
            rec = Rec(self.loc(node))
            rec[target_key] = ref
            return rec
        if t == "refs":
            if isinstance(node, YSeq):
                return self.value(name, Field("list", "", item=Field("ref", "", ref=f.ref)), node)
            v = self.value(name, Field("ref", "", ref=f.ref), node)
            return _INVALID if v is _INVALID else [v]
        if t == "cells":
            if not isinstance(node, YMap):
                return self._wrong_type(name, f, node)
            cells = []
            for k, v in self.pairs(node):
                subject = self.value(name, Field("ref", ""), k)
                claim = self.value(name, Field("ref", "", ref=f.ref), v)
                if subject is not _INVALID and claim is not _INVALID:
                    cells.append((subject, claim))
            return cells
        if t == "string-map":
            if not isinstance(node, YMap):
                return self._wrong_type(name, f, node)
            out_map: dict[str, Ref] = {}
            for k, v in self.pairs(node):
                s = self.value(name, Field("string", ""), v)
                if s is not _INVALID:
                    out_map[k.value] = s
            return out_map
        if t == "csl-date":
            if isinstance(node, YMap):
                return self.object(OBJECTS["csl-date"], node)
            s = self._scalar(name, f, node)
            return _INVALID if s is None else s
        if t == "date-parts":
            return self._date_parts(name, f, node)

        s = self._scalar(name, f, node)
        if s is None:
            return _INVALID
        if t in ("id", "ref"):
            if not ID_RE.match(s):
                suggestion = slugify(s)
                self.report.emit(
                    "AM013", f"{str(s)!r} is not a valid id", s.loc,
                    "ids are lowercase letters, digits and single hyphens"
                    + (f", such as {suggestion!r}" if suggestion and suggestion != s else ""),
                )
                return _INVALID
            return s
        if t == "enum":
            if s not in f.enum:
                close = did_you_mean(s, f.enum)
                self.report.emit(
                    "AM012", f"{name!r} must be one of {', '.join(f.enum)}; found {str(s)!r}", s.loc,
                    f"did you mean {close!r}?" if close else f"use one of: {', '.join(f.enum)}",
                )
                return _INVALID
            return s
        if t == "date":
            m = DATE_RE.match(s)
            ok = bool(m)
            if m and m.group(2):
                month = int(m.group(2))
                ok = 1 <= month <= 12
                if ok and m.group(3):
                    ok = 1 <= int(m.group(3)) <= calendar.monthrange(int(m.group(1)), month)[1]
            if not ok:
                self.report.emit("AM015", f"{name!r} must be a date as YYYY, YYYY-MM or YYYY-MM-DD; found {str(s)!r}",
                                 s.loc, "put a span or an approximate date in words in 'date_note'")
                return _INVALID
            return s
        if t == "url":
            bad = _URL_BAD.search(s)
            if bad is not None:
                what = "a space" if bad.group().isspace() else repr(bad.group())
                self.report.emit("AM015", f"{name!r} must be one web address; found {what} in {str(s)!r}", s.loc,
                                 "remove the space, or encode the character (a space is %20, < is %3C, > is %3E)")
                return _INVALID
            if not markup.safe_link(s) or s.lower().startswith(markup.CLAIM_SCHEME):
                if re.match(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]*:", markup.normalise_url(s)):
                    self.report.emit("AM040", f"{name!r} is {str(s)!r}, which is not an http(s) address", s.loc,
                                     "only http:// and https:// links are allowed")
                else:
                    self.report.emit("AM015", f"{name!r} must be a full http(s) address; found {str(s)!r}", s.loc,
                                     "write the address with its scheme, such as https://example.org/page")
                return _INVALID
            return s
        if t == "colour":
            if not COLOUR_RE.match(s):
                self.report.emit("AM015", f"{name!r} must be a colour as #rrggbb; found {str(s)!r}", s.loc)
                return _INVALID
            return s
        if t in ("text", "string"):
            self._check_markup(name, s)
            return s
        if t in ("bool", "number"):
            return self._typed(name, t, s)
        if name in PAGE_FIELDS:  # pages
            try:
                parse_pages(s)
            except PagesError as exc:
                self.report.emit("AM015", f"{name!r} must be a page, a range or a list of them; {exc}", s.loc,
                                 'write pages such as "144", "144-146", "144, 150" or "xii"')
                return _INVALID
        return s

    def _typed(self, name: str, t: str, s: Ref) -> Any:
        """``true``/``false`` as a bool, a decimal from 0 to 1 as a float."""
        if t == "bool":
            if s in ("true", "false"):
                return s == "true"
            self.report.emit("AM015", f"{name!r} must be true or false; found {str(s)!r}", s.loc,
                             f"write {name}: true")
            return _INVALID
        try:
            number = float(s)
        except ValueError:
            number = -1.0
        if not 0.0 <= number <= 1.0:
            self.report.emit("AM015", f"{name!r} must be a number from 0 to 1; found {str(s)!r}", s.loc,
                             "write a decimal such as 0.5")
            return _INVALID
        return number

    def _date_parts(self, name: str, f: Field, node: YNode) -> Any:
        if not isinstance(node, YSeq) or not node.value or len(node.value) > 2:
            return self._wrong_type(name, f, node)
        parts = []
        for part in node.value:
            if not isinstance(part, YSeq) or not 1 <= len(part.value) <= 3:
                return self._wrong_type(name, f, part)
            nums = []
            for n in part.value:
                if not isinstance(n, YScalar) or not n.value.strip().isdigit():
                    self.report.emit("AM015", f"{name!r} holds {kind_name(n)}, not a number", self.loc(n),
                                     "write date-parts as [[2015, 7, 14]]")
                    return _INVALID
                nums.append(int(n.value))
            parts.append(nums)
        return parts

    # -- objects -------------------------------------------------------------------------

    def object(self, obj: Obj, node: YMap) -> Rec:
        rec = Rec(self.loc(node))
        fields = obj.fields
        present: set[str] = set()
        for key, value in self.pairs(node):
            name = key.value
            present.add(name)
            f = fields.get(name)
            if name == "<<" and not key.style:
                self._merge_key(obj, key)
                present.update(fields)  # what the merge would have filled in is not reported missing
                rec.merged = True
                continue
            if f is not None and f.required and f.type in _BLANK_CHECKED and self._blank(name, f, obj, node, value):
                if f.type in ("text", "string"):
                    rec[name] = Ref("", (self.path, value.start_mark))
                continue
            if f is None:
                close = did_you_mean(name, tuple(fields))
                self.report.emit(
                    "AM010", f"unknown key {name!r} in {self._what(obj, node)}", self.loc(key),
                    f"did you mean {close!r}?" if close else f"the keys of a {obj.name} are: {', '.join(fields)}",
                )
                continue
            v = self.value(name, f, value)
            if v is not _INVALID:
                rec[name] = v
        for name, f in fields.items():
            if f.required and name not in present and f.missing is not None:
                what = self._what(obj, node)
                self.report.emit(f.missing.code, f.missing.message.format(what=what), self.loc(node), f.missing.hint)
            elif f.required and name not in present:
                self.report.emit(
                    "AM014", f"{self._what(obj, node)} has no {name!r}", self.loc(node),
                    f"add {name}: ({f.doc.rstrip('.')})",
                )
        return rec

    def _merge_key(self, obj: Obj, key: YScalar) -> None:
        self.report.emit(
            "AM007", f"merge keys ('<<') are not supported in {_a(obj.name)}", self.loc(key),
            "copy the fields you meant to share into this mapping and remove the '<<' line: every mapping "
            "says all of its fields itself",
        )

    def _blank(self, name: str, f: Field, obj: Obj, node: YMap, value: YNode) -> bool:
        """Report a required text or id that is empty, null or only blanks (AM016)."""
        if not isinstance(value, YScalar) or (value.value.strip() and not is_null(value)):
            return False
        found = "null" if is_null(value) else "empty" if not value.value else "only blanks"
        self.report.emit("AM016", f"{self._what(obj, node)} has a required {name!r} that is {found}", self.loc(value),
                         f"write the {name}: {f.doc.rstrip('.')}")
        return True

    @staticmethod
    def _what(obj: Obj, node: YMap) -> str:
        v = map_get(node, "id")
        if isinstance(v, YScalar) and not is_null(v):
            return f"{obj.name} {v.value!r}"
        return "the file" if obj.name == "file" else f"this {obj.name}"


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def check_file(node: YNode, path: str, report: Report, text: str | None = None) -> Rec | None:
    """Check a whole file's node tree; ``None`` when its top level is not a mapping."""
    if not isinstance(node, YMap):
        report.emit("AM011", f"a claim file must be a mapping of keys, found {kind_name(node)}", node_loc(node, path),
                    "start the file with keys such as 'section:' and 'claims:'")
        return None
    return Validator(report, path, text).object(OBJECTS["file"], node)
