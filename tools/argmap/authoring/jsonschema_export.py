"""The claim-file format (:data:`argmap.schema.OBJECTS`) as a JSON Schema (draft 2020-12).

Editors with a YAML language server (VS Code's Red Hat YAML extension, Neovim, JetBrains)
read it through the modeline at the top of every claim file and give completion, hover text
and validation as one types. Nothing here restates the format: every property, description,
enum and id pattern comes from :mod:`argmap.schema`.

The schema checks what a single file can get wrong (unknown keys, types, enums, ids, missing
fields, the form of dates, colours and addresses); cross-file rules (unknown references,
duplicate ids, cycles ...) stay with ``argmap check``. Fields that name an id refer to the
generated ids schema beside it (:mod:`argmap.authoring.idschema`), which lists the ids there
are, so that editors complete them. :data:`EXPRESSIBLE` names the
diagnostic codes the schema can express.
"""

from __future__ import annotations

import json
import os
from typing import Any

from argmap.authoring.idschema import ref_to
from argmap.core.schema import COLOUR_RE, ID_PATTERN, OBJECTS, Field, Obj
from argmap.core.validate import PAGE_FIELDS

SCHEMA_PATH = os.path.join("site_config", "schema", "claims.schema.json")

#: Diagnostic codes the JSON Schema can express (an editor shows them while typing).
#: AM015 only in part: a date's form but not whether the day exists; colours; http(s) addresses.
#: AM030 and AM033 are required fields with a code of their own (``Field.missing`` in the table).
#: AM016: a required text must hold a character other than white space.
EXPRESSIBLE = ("AM010", "AM011", "AM012", "AM013", "AM014", "AM015", "AM016", "AM030", "AM033")

# The form of a date as the validator accepts it (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``), with
# month and day ranges; whether the day exists in that month is left to ``argmap check``.
_DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
_URL_PATTERN = r'^[Hh][Tt][Tt][Pp][Ss]?://[^\s<>"{}|\\^`]+$'
# Pages as the validator reads them (argmap.core.pages): pages, ranges and lists, arabic or roman.
_PAGE = r"(?:[1-9][0-9]*|[ivxlcdm]+|[IVXLCDM]+)"
_PAGE_RANGE = rf"{_PAGE}(?:\s*[-–—]\s*{_PAGE})?"
_PAGES_PATTERN = rf"^\s*{_PAGE_RANGE}(?:\s*,\s*{_PAGE_RANGE})*\s*$"
_ID = {"type": "string", "pattern": ID_PATTERN}
_SCALAR_TEXT = {"type": ["string", "number"]}

#: The body keys of a file that need a ``section`` header (as the loader requires).
_NEEDS_SECTION = ("claims", "arguments", "relations", "evidence")


def _link_def_name(target_key: str) -> str:
    return f"link-{target_key}"


def _link_target(f: Field) -> str:
    """The key a link names its target with: ``claim``, or ``relation`` for undercuts."""
    return "claim" if "claim" in f.ref else "relation"


def _with_doc(schema: dict[str, Any], doc: str) -> dict[str, Any]:
    if doc:
        schema = {"description": doc, "markdownDescription": doc, **schema}
    return schema


def field_schema(f: Field, name: str = "") -> dict[str, Any]:
    """The JSON Schema of one field's value (without its description); ``name`` is the field's key."""
    t = f.type
    if t == "pages" and name in PAGE_FIELDS:
        return {"anyOf": [{"type": "string", "pattern": _PAGES_PATTERN}, {"type": "integer", "minimum": 1}]}
    if t == "id":
        return dict(_ID)
    if t == "ref":
        return _ref(f)
    if t == "refs":
        return {"oneOf": [_ref(f), {"type": "array", "items": _ref(f)}]}
    if t in ("text", "string"):
        return dict(_SCALAR_TEXT)
    if t == "enum":
        return {"type": "string", "enum": list(f.enum)}
    if t == "date":
        return {"anyOf": [{"type": "string", "pattern": _DATE_PATTERN},
                          {"type": "integer", "minimum": 1000, "maximum": 9999}]}
    if t == "url":
        return {"type": "string", "pattern": _URL_PATTERN, "format": "uri"}
    if t == "pages":
        return {"type": ["string", "integer"]}
    if t == "colour":
        return {"type": "string", "pattern": COLOUR_RE.pattern}
    if t == "list":
        assert f.item is not None
        return {"type": "array", "items": field_schema(f.item)}
    if t == "object":
        return {"$ref": f"#/$defs/{f.obj}"}
    if t == "link":
        return {"oneOf": [_ref(f), {"$ref": f"#/$defs/{_link_def_name(_link_target(f))}"}]}
    if t == "cells":
        return {"type": "object", "propertyNames": dict(_ID), "additionalProperties": _ref(f)}
    if t == "csl-date":
        return {"oneOf": [{"type": ["string", "integer"]}, {"$ref": "#/$defs/csl-date"}]}
    if t == "string-map":
        return {"type": "object", "additionalProperties": {"type": "string"}}
    if t == "bool":
        return {"type": "boolean"}
    if t == "number":
        return {"type": "number", "minimum": 0, "maximum": 1}
    if t == "date-parts":
        part = {"type": "array", "minItems": 1, "maxItems": 3,
                "items": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": r"^\d+$"}]}}
        return {"type": "array", "minItems": 1, "maxItems": 2, "items": part}
    raise ValueError(f"the schema has no JSON Schema form for field type {t!r}")


def _ref(f: Field) -> dict[str, Any]:
    """An id that names an existing object: the id pattern, and the ids there are for completion."""
    return {**_ID, **ref_to(f.ref)} if f.ref else dict(_ID)


def _non_blank(schema: dict[str, Any], f: Field) -> dict[str, Any]:
    """A required text field that is empty or only blanks is refused (AM016), as the checker does."""
    if f.required and f.type in ("text", "string"):
        return {**schema, "pattern": r"\S"}
    return schema


def _describe(f: Field) -> str:
    doc = f.doc
    if f.type == "enum":
        doc = f"{doc} One of: {', '.join(f'`{v}`' for v in f.enum)}." if doc else ""
    if f.type in ("ref", "refs") and f.ref and doc:
        doc = f"{doc} (id of a {' or '.join(f.ref)})"
    return doc


def object_schema(obj: Obj, *, drop: tuple[str, ...] = (), require: tuple[str, ...] = ()) -> dict[str, Any]:
    props = {name: _with_doc(_non_blank(field_schema(f, name), f), _describe(f)) for name, f in obj.fields.items()
             if name not in drop}
    required = [name for name, f in obj.fields.items() if (f.required or name in require) and name not in drop]
    out: dict[str, Any] = {"type": "object", "description": obj.doc, "properties": props,
                           "additionalProperties": False}
    if required:
        out["required"] = required
    return out


def build_schema() -> dict[str, Any]:
    """The whole JSON Schema for one claim file."""
    defs: dict[str, Any] = {}
    for name, obj in OBJECTS.items():
        if name == "link":
            continue
        defs[name] = object_schema(obj)
    link = OBJECTS["link"]
    for target, other in (("claim", "relation"), ("relation", "claim")):
        schema = object_schema(link, drop=(other,), require=(target,))
        schema["description"] = f"{link.doc} Names its target with `{target}`."
        defs[_link_def_name(target)] = schema
    defs["file"]["dependentRequired"] = {key: ["section"] for key in _NEEDS_SECTION if key in OBJECTS["file"].fields}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "argmap claim file",
        "description": "A claim file of an argmap argument map. Generated from argmap's format "
                       "(tools/argmap/core/schema.py) by `argmap schema`; do not edit by hand.",
        "$ref": "#/$defs/file",
        "$defs": dict(sorted(defs.items())),
    }


def render_schema() -> str:
    """The schema as text: stable key order within objects, two-space indent, final newline."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


def is_current(path: str) -> bool:
    """True when the file at ``path`` holds exactly what :func:`render_schema` gives."""
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read() == render_schema()
    except OSError:
        return False


def schema_validator(ids_schema: dict[str, Any] | None = None) -> Any:
    """A jsonschema validator of the format's schema, with the ids schema it refers to registered.

    Without ``ids_schema``, one with no ids: the ids only serve completion and never reject.
    """
    import jsonschema
    import referencing
    from referencing.jsonschema import DRAFT202012

    from argmap.authoring.idschema import IDS_FILE, def_name, referenced_kinds

    ids = ids_schema or {"$defs": {def_name(k): {"examples": []} for k in referenced_kinds()}}
    registry: Any = referencing.Registry().with_resource(IDS_FILE, DRAFT202012.create_resource(ids))
    return jsonschema.Draft202012Validator(build_schema(), registry=registry)
