"""``argmap fmt``: claim files in canonical form, comments kept.

Canonical form: the yaml-language-server modeline on the first line, keys in the order of
the format (:mod:`argmap.schema`; unknown keys last, as written), two-space indentation with
list items indented under their key, one newline at the end. Comments, quotes, flow
mappings such as ``{source: x, pages: "1"}`` and folded text are kept.

A file that does not parse is reported with its file:line and left untouched. Before a file
is replaced, its new text is read back and must hold exactly the same data; otherwise the
file is left as it is and the problem reported.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from argmap.authoring.yamledit import (
    EditError,
    dump,
    modeline_for,
    order_keys,
    parse_file_text,
    read_text,
    split_modeline,
)
from argmap.core.discover import find_files
from argmap.fsio import write_atomic

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass
class FmtResult:
    """What ``fmt`` did: files changed (or that would change with ``check``) and files it could not read."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _plain(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def format_text(text: str, path: str, schema_path: str | None = None) -> str:
    """The canonical form of one claim file's text. Raises :class:`EditError` when it cannot."""
    modeline, data = parse_file_text(text, path)
    body = split_modeline(text)[1]
    if not modeline:
        modeline = modeline_for(path, schema_path)
    if data is None:
        new_body = body.strip("\n")
        new_body = new_body + "\n" if new_body else ""
    else:
        order_keys(data)
        new_body = dump(data)
    new = modeline + "\n" + new_body.lstrip("\n")
    if data is not None:
        try:
            same = _plain(new) == _plain(body)
        except YAMLError as exc:
            raise EditError(f"{path}: formatting would give text that cannot be read back ({exc}); "
                            "the file was left as it is") from exc
        if not same:
            raise EditError(f"{path}: formatting would change the file's data; the file was left as it is "
                            "(please report this as a bug)")
    return new


def format_paths(paths: list[str], *, check: bool = False, schema_path: str | None = None,
                 progress: Progress | None = None) -> FmtResult:
    """Format every claim file under ``paths`` (files or folders); with ``check`` write nothing."""
    files: list[str] = []
    for p in paths:
        files.extend(f for f in find_files(p) if f not in files)
    result = FmtResult()
    for n, path in enumerate(files, 1):
        try:
            old = read_text(path)
            new = format_text(old, path, schema_path)
        except EditError as exc:
            result.errors.append(str(exc))
        else:
            if new == old:
                result.unchanged.append(path)
            else:
                result.changed.append(path)
                if not check:
                    write_atomic(path, new)
                    log.info("formatted %s", path)
        if progress is not None:
            progress(n, len(files))
    return result
