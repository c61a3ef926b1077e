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
import re
from dataclasses import dataclass
from typing import Any

import yaml

from argmap.core.diagnostics import Location, Report

try:  # libyaml's parser when present; the pure-Python one otherwise
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


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


#: PyYAML's node classes, used as they are: libyaml composes them in C, fast.
YNode = yaml.Node
YScalar = yaml.ScalarNode
YMap = yaml.MappingNode
YSeq = yaml.SequenceNode
IMPLICIT = "?"  # the tag every untagged node gets: the schema, not YAML, decides what a value is


def is_null(node: YNode) -> bool:
    # A plain scalar's style is None from PyYAML's own parser and "" from libyaml's.
    return isinstance(node, YScalar) and not node.style and node.value in _NULLS


def node_loc(node: YNode, path: str) -> Location:
    m = node.start_mark
    return Location(path, m.line + 1, m.column + 1)


def map_get(node: YMap, key: str) -> YNode | None:
    pairs: list[tuple[YNode, YNode]] = node.value
    for k, v in pairs:
        if isinstance(k, YScalar) and k.value == key:
            return v
    return None


def kind_name(node: YNode | None) -> str:
    """How a node reads to a person, for 'expected X, found Y' messages."""
    if node is None:
        return "nothing"
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    assert isinstance(node, YScalar)
    if is_null(node):
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
# Composing nodes


class _Loader(_BaseLoader):
    """libyaml's parser and composer, with scalar resolution switched off (no regexes run)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return IMPLICIT


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
    if "alias" in p or "anchor" in p:
        return "define the anchor (&name) once, before using it (*name), or remove the alias"
    if "another document" in p:
        return "remove the '---' separator: one claim file is one document"
    return "check this line and the one above it"


#: Characters YAML does not allow in a file at all (outside its printable set).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def char_name(ch: str) -> str:
    """U+0000 (NUL), U+202E (RIGHT-TO-LEFT OVERRIDE): a character as a person can look it up."""
    import unicodedata

    name = unicodedata.name(ch, "") or _CONTROL_NAMES.get(ord(ch), "a control character")
    return f"U+{ord(ch):04X} ({name})"


_CONTROL_NAMES = {0: "NUL", 7: "BEL", 8: "BACKSPACE", 0x0B: "VERTICAL TAB", 0x0C: "FORM FEED", 0x1B: "ESCAPE",
                  0x7F: "DELETE"}


def _reader_error(text: str, path: str, report: Report) -> bool:
    """A character YAML refuses (libyaml names only a byte offset): report it at its line and column."""
    m = _UNPRINTABLE.search(text)
    if m is None:
        return False
    line, col = _line_col(text, m.start())
    report.emit("AM001", f"the file contains the control character {char_name(m.group())}, which YAML does not allow",
                Location(path, line, col),
                "delete the character: most editors do not show it, so look at this line and column")
    return True


def _syntax_error(exc: yaml.YAMLError, text: str, path: str, report: Report) -> None:
    if isinstance(exc, yaml.reader.ReaderError) and _reader_error(text, path, report):
        return
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    line = mark.line + 1 if mark is not None else 1
    col = mark.column + 1 if mark is not None else 1
    if "nesting depth" in problem:  # libyaml's own guard, met before ours on flow collections
        report.emit("AM003", "values are nested too deeply", Location(path, line, col),
                    "claim files need only a few levels; flatten the structure")
        return
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
    """Parse one YAML document into nodes; ``None`` when it cannot be read or is empty.

    libyaml composes the nodes (and refuses nesting deeper than its own limit, so nothing
    recurses without bound); :func:`_inspect` then checks tags, duplicate keys, depth and the
    size of the document with every alias expanded, without expanding anything.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        _syntax_error(exc, text, path, report)
        return None
    except (RecursionError, MemoryError, ValueError) as exc:  # defensive: never a traceback
        report.emit("AM003", f"the file could not be read safely: {type(exc).__name__}", Location(path, 1, 1))
        return None
    finally:
        loader.dispose()
    if node is None or is_null(node):
        return None
    if _MAY_SHARE_OR_TAG.search(text) is None:
        # No anchor and no tag: nothing is shared, so the document is no bigger than its text,
        # and libyaml has already bounded its depth. Duplicate keys are reported by the schema
        # checks (argmap.validate), which visit every mapping that can hold data.
        return node
    return node if _inspect(node, path, report, limits) else None


#: An anchor (&a) or a tag (!t) where a YAML token can start; only such files need _inspect.
_MAY_SHARE_OR_TAG = re.compile(r"(?:^|[\s\[{,:?-])[&!]")


def _inspect(root: YNode, path: str, report: Report, limits: Limits) -> bool:
    """Tags, duplicate keys, depth and expanded size, in one iterative pass over shared nodes."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[YNode, int, bool]] = [(root, 1, False)]
    ok = True
    while stack:
        node, depth, leaving = stack.pop()
        key = id(node)
        if leaving:
            on_path.discard(key)
            children = _children(node)
            size = 1 + sum(sizes[id(c)] for c in children)
            sizes[key] = size
            if size > limits.max_nodes:
                report.emit(
                    "AM003",
                    f"the document expands to more than {limits.max_nodes:,} values (aliases repeated too often)",
                    node_loc(node, path), "remove the anchors (&) and aliases (*): claim files do not need them",
                )
                return False
            continue
        if key in sizes:
            continue
        if key in on_path:
            report.emit("AM003", "an alias refers to a value that contains it (a recursive structure)",
                        node_loc(node, path), "remove the anchor (&) and the alias (*)")
            return False
        if depth > limits.max_depth:
            report.emit("AM003", f"values are nested more than {limits.max_depth} levels deep", node_loc(node, path),
                        "claim files need only a few levels; flatten the structure")
            return False
        if node.tag != IMPLICIT and node.tag not in _SAFE_TAGS:
            report.emit("AM004", f"the YAML tag {node.tag!r} is not allowed", node_loc(node, path),
                        "claim files hold plain data only: remove the tag")
        if isinstance(node, YMap):
            seen: dict[str, YNode] = {}
            for k, _ in node.value:
                if not isinstance(k, YScalar):
                    report_complex_key(report, k, path)
                    continue
                first = seen.get(k.value)
                if first is not None:
                    report_duplicate(report, k, first, path)
                else:
                    seen[k.value] = k
        on_path.add(key)
        stack.append((node, depth, True))
        for child in _children(node):
            stack.append((child, depth + 1, False))
    return ok


def report_duplicate(report: Report, key: YScalar, first: YNode, path: str) -> None:
    report.emit(
        "AM005", f"duplicate key {key.value!r} (first at line {first.start_mark.line + 1})",
        node_loc(key, path), "remove one of them or merge their values; YAML would silently keep only the last",
    )


def report_complex_key(report: Report, key: YNode, path: str) -> None:
    report.emit("AM011", "a key must be plain text, not a list or a mapping", node_loc(key, path),
                "write the key as a word followed by a colon")


def _children(node: YNode) -> list[YNode]:
    if isinstance(node, YMap):
        return [c for pair in node.value for c in pair]
    if isinstance(node, YSeq):
        return list(node.value)
    return []


def load_file(path: str, report: Report, limits: Limits = DEFAULT_LIMITS, shown: str = "") -> YNode | None:
    """Read and compose one file; locations name it ``shown`` (default: ``path``)."""
    text = read_text(path, report, limits, shown)
    if text is None:
        return None
    return compose(text, shown or path, report, limits)
