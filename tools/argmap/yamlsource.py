"""Safe YAML reading with positions.

PyYAML's own composer keeps positions but silently keeps the last of two duplicate keys,
recurses in C (a deeply nested file crashes the process) and resolves every scalar through
regular expressions. This module builds a small node tree from the parser's event stream
instead, in one iterative pass that:

* records a 1-based :class:`~argmap.diagnostics.Location` for every key and value;
* reports duplicate keys (AM005) and tags that ask for code to run (AM004), and never
  constructs any object from a tag;
* enforces limits on file size, nesting depth and alias expansion (AM003), so a
  "billion laughs" file is rejected at once with bounded memory;
* turns encoding problems (AM002) and syntax errors (AM001) into diagnostics that name
  the line and say how to fix it.

Scalars stay strings; the schema decides what a value means (see :mod:`argmap.schema`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import yaml

from .diagnostics import Location, Report

try:  # libyaml's parser when present; the pure-Python one otherwise
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 4 * 1024 * 1024
    max_depth: int = 48
    max_nodes: int = 2_000_000  # nodes counted with every alias expanded


DEFAULT_LIMITS = Limits()

_SAFE_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
) | {"!"}
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class YNode:
    __slots__ = ("loc", "size")
    loc: Location
    size: int


class YScalar(YNode):
    __slots__ = ("value", "plain")

    def __init__(self, value: str, plain: bool, loc: Location) -> None:
        self.value = value
        self.plain = plain  # written without quotes, so YAML would read 144 as a number
        self.loc = loc
        self.size = 1

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in _NULLS

    def __repr__(self) -> str:
        return f"YScalar({self.value!r})"


class YMap(YNode):
    __slots__ = ("items", "keys")

    def __init__(self, loc: Location) -> None:
        self.items: list[tuple[YScalar, YNode]] = []
        self.keys: dict[str, YScalar] = {}
        self.loc = loc
        self.size = 1

    def get(self, key: str) -> YNode | None:
        for k, v in self.items:
            if k.value == key:
                return v
        return None


class YSeq(YNode):
    __slots__ = ("items",)

    def __init__(self, loc: Location) -> None:
        self.items: list[YNode] = []
        self.loc = loc
        self.size = 1


def kind_name(node: YNode | None) -> str:
    """How a node reads to a person, for 'expected X, found Y' messages."""
    if node is None:
        return "nothing"
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    assert isinstance(node, YScalar)
    if node.is_null:
        return "an empty value"
    return f"{node.value!r}" if len(node.value) <= 40 else "text"


# ---------------------------------------------------------------------------------------
# Reading bytes


_BOMS = {
    b"\xef\xbb\xbf": "UTF-8",
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def read_text(path: str, report: Report, limits: Limits = DEFAULT_LIMITS, shown: str = "") -> str | None:
    """Read a claim file as UTF-8 text, or report why it cannot be read (naming it ``shown``)."""
    real, path = path, shown or path
    try:
        size = os.path.getsize(real)
        if size > limits.max_bytes:
            report.emit(
                "AM003",
                f"file is {size:,} bytes, over the limit of {limits.max_bytes:,}",
                Location(path, 1, 1),
                "split it into several section files",
            )
            return None
        with open(real, "rb") as fh:
            data = fh.read(limits.max_bytes + 1)
    except OSError as exc:
        report.emit("AM050", f"cannot read the file: {exc.strerror or exc}", Location(path))
        return None
    return decode(data, path, report)


def decode(data: bytes, path: str, report: Report) -> str | None:
    for bom, name in _BOMS.items():
        if data.startswith(bom):
            if name != "UTF-8":
                report.emit(
                    "AM002",
                    f"file is encoded as {name}; claim files must be UTF-8",
                    Location(path, 1, 1),
                    "save the file as UTF-8 (without a byte-order mark)",
                )
                return None
            report.emit(
                "AM002",
                "file starts with a UTF-8 byte-order mark (BOM)",
                Location(path, 1, 1),
                "save the file as UTF-8 without a BOM (most editors call it 'UTF-8', not 'UTF-8 with BOM')",
            )
            data = data[len(bom):]
            break
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", errors="replace")
        line, col = _line_col(good, len(good))
        report.emit(
            "AM002",
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
            Location(path, line, col),
            "save the file as UTF-8; it may have been written in Latin-1 or Windows-1252",
        )
        return None


# ---------------------------------------------------------------------------------------
# Composing nodes from events


class _Stop(Exception):
    pass


def _hint_for(problem: str) -> str:
    p = problem.lower()
    if "mapping values are not allowed" in p:
        return ("a 'key: value' appears where it cannot: check this line's indentation, "
                "or put quotes around a value that contains ': '")
    if "expected key" in p or "expected <block end>" in p:
        return "check the indentation: the keys of one mapping must start in the same column"
    if "expected '-'" in p:
        return "check the indentation: the '-' of every item in one list must be in the same column"
    if "end of stream" in p and "quoted" in p:
        return "a quoted string is not closed: add the closing quote"
    if "flow" in p or "expected ','" in p or "expected ']'" in p or "expected '}'" in p:
        return "a [ or { is not closed, or two items lack a comma between them"
    if "special characters are not allowed" in p or "unacceptable character" in p:
        return "remove the control character, or write the text inside double quotes with an escape"
    if "cannot start any token" in p:
        return "this character cannot begin a plain value: put the value in quotes"
    if "alias" in p:
        return "define the anchor (&name) before using it (*name), or remove the alias"
    return "check this line and the one above it"


def _syntax_error(exc: yaml.YAMLError, text: str, path: str, report: Report) -> None:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    line = mark.line + 1 if mark is not None else 1
    col = mark.column + 1 if mark is not None else 1
    # A tab in the indentation of this or an earlier line is the usual cause; say so plainly.
    lines = text.split("\n")
    for n in range(0, min(line, len(lines))):
        raw = lines[n]
        indent = raw[: len(raw) - len(raw.lstrip(" \t"))]
        if "\t" in indent and raw.strip():
            report.emit(
                "AM001",
                "a tab character is used for indentation",
                Location(path, n + 1, indent.index("\t") + 1),
                "YAML indentation must use spaces: replace the tab with spaces",
            )
            return
    context = getattr(exc, "context", None)
    cmark = getattr(exc, "context_mark", None)
    message = f"invalid YAML: {problem}"
    if context and cmark is not None and cmark.line + 1 != line:
        message += f" ({context} started at line {cmark.line + 1})"
    report.emit("AM001", message, Location(path, line, col), _hint_for(problem))


def compose(text: str, path: str, report: Report, limits: Limits = DEFAULT_LIMITS) -> YNode | None:
    """Parse one YAML document into a node tree; ``None`` when it cannot be read or is empty."""
    ev_scalar, ev_alias = yaml.ScalarEvent, yaml.AliasEvent
    ev_mstart, ev_sstart = yaml.MappingStartEvent, yaml.SequenceStartEvent
    ev_mend, ev_send = yaml.MappingEndEvent, yaml.SequenceEndEvent
    ev_doc = yaml.DocumentStartEvent

    stack: list[YNode] = []
    pending: list[YScalar | None] = []  # the key waiting for a value, per open mapping
    anchors: dict[str, YNode] = {}
    root: list[YNode] = []
    total = 0
    docs = 0

    def loc(ev: yaml.Event) -> Location:
        m = ev.start_mark
        return Location(path, m.line + 1, m.column + 1)

    def check_tag(ev: yaml.Event) -> None:
        tag = getattr(ev, "tag", None)
        if tag is not None and tag not in _SAFE_TAGS:
            report.emit(
                "AM004",
                f"the YAML tag {tag!r} is not allowed",
                loc(ev),
                "claim files hold plain data only: remove the tag",
            )

    def add(node: YNode) -> None:
        nonlocal total
        total += node.size
        if total > limits.max_nodes:
            report.emit(
                "AM003",
                f"the document expands to more than {limits.max_nodes:,} values (aliases repeated too often)",
                node.loc,
                "remove the anchors (&) and aliases (*): claim files do not need them",
            )
            raise _Stop
        if not stack:
            root.append(node)
            return
        parent = stack[-1]
        parent.size += node.size
        if isinstance(parent, YSeq):
            parent.items.append(node)
            return
        assert isinstance(parent, YMap)
        key = pending[-1]
        if key is None:
            if not isinstance(node, YScalar):
                report.emit("AM011", "a key must be plain text, not a list or a mapping", node.loc,
                            "write the key as a word followed by a colon")
                node = YScalar("?", False, node.loc)
            pending[-1] = node
            return
        pending[-1] = None
        first = parent.keys.get(key.value)
        if first is not None:
            report.emit(
                "AM005",
                f"duplicate key {key.value!r} (first at line {first.loc.line})",
                key.loc,
                "remove one of them or merge their values; YAML would silently keep only the last",
            )
            return
        parent.keys[key.value] = key
        parent.items.append((key, node))

    try:
        for ev in yaml.parse(text, Loader=_Loader):
            cls = ev.__class__
            if cls is ev_scalar:
                if ev.tag is not None:
                    check_tag(ev)
                node: YNode = YScalar(ev.value, ev.style is None, loc(ev))
                if ev.anchor:
                    anchors[ev.anchor] = node
                add(node)
            elif cls is ev_mstart or cls is ev_sstart:
                if ev.tag is not None:
                    check_tag(ev)
                if len(stack) >= limits.max_depth:
                    report.emit(
                        "AM003",
                        f"values are nested more than {limits.max_depth} levels deep",
                        loc(ev),
                        "claim files need only a few levels; flatten the structure",
                    )
                    raise _Stop
                node = YMap(loc(ev)) if cls is ev_mstart else YSeq(loc(ev))
                if ev.anchor:
                    anchors[ev.anchor] = node
                stack.append(node)
                pending.append(None)
            elif cls is ev_mend or cls is ev_send:
                node = stack.pop()
                pending.pop()
                add(node)
            elif cls is ev_alias:
                target = anchors.get(ev.anchor)
                if target is None:
                    report.emit("AM001", f"invalid YAML: found undefined alias {ev.anchor!r}", loc(ev),
                                _hint_for("alias"))
                    raise _Stop
                add(target)
            elif cls is ev_doc:
                docs += 1
                if docs > 1:
                    report.emit(
                        "AM001",
                        "the file holds more than one YAML document",
                        loc(ev),
                        "remove the '---' separator: one claim file is one document",
                    )
                    raise _Stop
    except _Stop:
        return None
    except yaml.YAMLError as exc:
        _syntax_error(exc, text, path, report)
        return None
    except (RecursionError, MemoryError, ValueError) as exc:  # defensive: never a traceback
        report.emit("AM003", f"the file could not be read safely: {type(exc).__name__}", Location(path, 1, 1))
        return None
    if not root:
        return None
    node = root[0]
    if isinstance(node, YScalar) and node.is_null:
        return None
    return node


def load_file(path: str, report: Report, limits: Limits = DEFAULT_LIMITS, shown: str = "") -> YNode | None:
    """Read and compose one file; locations name it ``shown`` (default: ``path``)."""
    text = read_text(path, report, limits, shown)
    if text is None:
        return None
    return compose(text, shown or path, report, limits)
