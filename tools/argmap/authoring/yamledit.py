"""Round-trip editing of claim files: read, reorder, add and write back, keeping comments.

``argmap fmt`` and ``argmap new`` both go through here. Files are read and written with
ruamel.yaml's round-trip mode (comments, quotes and flow style are kept) and replaced
atomically: a temporary file in the same folder, then ``os.replace``, so a file is never
half-written. A file that does not parse raises :class:`EditError` with its file:line.
"""

from __future__ import annotations

import io
import os
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from argmap.core.schema import OBJECTS, Field

MODELINE_PREFIX = "# yaml-language-server: $schema="
SCHEMA_RELPATH = os.path.join("site_config", "schema", "claims.schema.json")


class EditError(Exception):
    """A claim file cannot be read or edited; ``str()`` starts with ``path:line:col``."""


def make_yaml() -> YAML:
    """The one ruamel.yaml set-up: round trip, two-space maps, lists indented under their key."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap what a person wrote
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    yaml.brace_single_entry_mapping_in_flow_sequence = True  # keep [{literal: X}] as written
    return yaml


def split_modeline(text: str) -> tuple[str, str]:
    """(the first modeline found on a line of its own, or "", the text without that line)."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith(MODELINE_PREFIX):
            return line.strip(), "".join(lines[:i] + lines[i + 1:])
    return "", text


def read_text(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise EditError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if raw.startswith(b"\xef\xbb\xbf"):
        raise EditError(f"{path}:1:1: the file starts with a byte-order mark; save it as UTF-8 without BOM")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise EditError(f"{path}:{line}: the file is not UTF-8") from exc


def parse(text: str, path: str) -> Any:
    """Round-trip parse; a syntax error or a duplicate key becomes an :class:`EditError`."""
    try:
        return make_yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else path
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise EditError(f"{where}: {problem}; the file was left as it is") from exc
    except YAMLError as exc:
        raise EditError(f"{path}: {str(exc).splitlines()[0] if str(exc) else 'invalid YAML'}; "
                        "the file was left as it is") from exc


def parse_file_text(text: str, path: str) -> tuple[str, Any]:
    """(the modeline or "", the round-trip data of the rest); errors name the line in ``text``."""
    modeline, body = split_modeline(text)
    try:
        return modeline, parse(body, path)
    except EditError:
        if not modeline:
            raise
        parse(text, path)  # the same error, with line numbers that count the modeline
        raise


def dump(data: Any) -> str:
    buf = io.StringIO()
    make_yaml().dump(data, buf)
    return buf.getvalue()


def _object_of(f: Field) -> str:
    if f.type == "object":
        return f.obj
    if f.type == "link":
        return "link"
    if f.type == "csl-date":
        return "csl-date"
    return ""


def _tail_slot(node: Any) -> tuple[Any, Any, int] | None:
    """Where the comment after a block's last line is kept: (container, key, index in ca.items)."""
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        key: Any = next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1
        pos = 2 if isinstance(node, CommentedMap) else 0
        entry = node.ca.items.get(key)
        value = node[key]
        flow = getattr(getattr(value, "fa", None), "flow_style", lambda: False)()
        if (entry and len(entry) > pos and entry[pos] is not None) or flow or \
                not isinstance(value, (CommentedMap, CommentedSeq)) or not len(value):
            return node, key, pos
        node = value
    return None


def _is_block_scalar(value: Any) -> bool:
    return isinstance(value, (LiteralScalarString, FoldedScalarString))


def _pop_tail(node: Any) -> Any:
    slot = _tail_slot(node)
    if slot is None:
        return None
    container, key, pos = slot
    entry = container.ca.items.get(key)
    if not entry or len(entry) <= pos or entry[pos] is None:
        return None
    token = entry[pos]
    entry[pos] = None
    if _is_block_scalar(container[key]):
        # After a block scalar the line's own end is already consumed; elsewhere it is not.
        token.value = "\n" + token.value
    return token


def _put_tail(node: Any, token: Any) -> None:
    slot = _tail_slot(node)
    if slot is None or token is None:
        return
    container, key, pos = slot
    if _is_block_scalar(container[key]) and token.value.startswith("\n"):
        token.value = token.value[1:]
    entry = container.ca.items.setdefault(key, [None, None, None, None] if pos == 2 else [None, None])
    if entry[pos] is None:
        entry[pos] = token


#: Public names for the scaffolding, which moves the tail of a list when it appends to it.
pop_tail = _pop_tail
put_tail = _put_tail


def blank_line() -> Any:
    """A comment token for one empty line after a value (ruamel keeps blank lines as comments).

    In the form :func:`pop_tail` gives: the end of the value's own line, then the empty line.
    """
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    return CommentToken("\n\n", CommentMark(0), None)


def order_keys(node: Any, obj_name: str = "file") -> None:
    """Put the keys of every mapping in the schema's order, recursively; unknown keys stay last.

    Comments and blank lines written after a key's value move with the key, except the ones
    after the mapping's last line, which stay at the end of the mapping.
    """
    obj = OBJECTS.get(obj_name)
    if obj is None or not isinstance(node, CommentedMap):
        return
    tail = _pop_tail(node)
    known = [k for k in obj.fields if k in node]
    unknown = [k for k in node if k not in obj.fields]
    for key in known + unknown:
        node.move_to_end(key)
    _order_children(node, obj_name, known)
    _put_tail(node, tail)


def _order_children(node: CommentedMap, obj_name: str, known: list[str]) -> None:
    obj = OBJECTS[obj_name]
    for key in known:
        f = obj.fields[key]
        value = node[key]
        if f.type == "list" and f.item is not None and isinstance(value, CommentedSeq):
            child = _object_of(f.item)
            if child:
                for item in value:
                    order_keys(item, child)
        else:
            child = _object_of(f)
            if child:
                order_keys(value, child)


def find_schema(start: str) -> str:
    """The project's claims.schema.json: the first one found walking up from ``start``."""
    here = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(os.path.abspath(start)))
    while True:
        candidate = os.path.join(here, SCHEMA_RELPATH)
        if os.path.exists(candidate):
            return candidate
        parent = os.path.dirname(here)
        if parent == here:
            return os.path.abspath(SCHEMA_RELPATH)
        here = parent


def modeline_for(claim_file: str, schema_path: str | None = None) -> str:
    """The yaml-language-server modeline for ``claim_file``: the schema path relative to the file."""
    schema = schema_path or find_schema(claim_file)
    rel = os.path.relpath(os.path.abspath(schema), os.path.dirname(os.path.abspath(claim_file)))
    return MODELINE_PREFIX + rel.replace(os.sep, "/")


