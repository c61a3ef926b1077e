"""``argmap new``: add a claim, an evidence item or a section skeleton to the claim files.

A claim or evidence item is appended to the file of its section; a section gets a new
``NN-<id>.yml`` file (with the yaml-language-server modeline) and its id is appended to the
paper's ``sections`` list. Files are edited round trip (:mod:`argmap.yamledit`): comments,
quotes and the order of what a person wrote are kept, and files are replaced atomically.
The new object's keys follow the order of the format; its values are checked against it
(:mod:`argmap.schema`) before anything is written.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

from argmap.authoring.yamledit import (
    EditError,
    blank_line,
    dump,
    modeline_for,
    parse_file_text,
    pop_tail,
    put_tail,
    read_text,
)
from argmap.core.loader import load
from argmap.core.schema import DATE_RE, ID_RE, OBJECTS
from argmap.core.validate import did_you_mean
from argmap.fsio import write_atomic

log = logging.getLogger(__name__)


class ScaffoldError(Exception):
    """The skeleton cannot be added; the message says why and what to do."""


@dataclass(frozen=True)
class Added:
    """What ``new`` did: the file it wrote and the id it added."""

    path: str
    id: str
    created: bool = False
    dropped: tuple[str, ...] = ()  # fields of the input that the format has no place for


def _check_id(ident: str, taken: dict[str, str]) -> None:
    if not ID_RE.match(ident):
        raise ScaffoldError(f"{ident!r} is not a valid id: use lowercase letters, digits and single hyphens")
    if ident in taken:
        raise ScaffoldError(f"the id {ident!r} is already used by a {taken[ident]}; choose another")


def _check_enum(obj: str, name: str, value: str) -> None:
    allowed = OBJECTS[obj].fields[name].enum
    if value not in allowed:
        close = did_you_mean(value, allowed)
        raise ScaffoldError(f"{name} must be one of {', '.join(allowed)}; found {value!r}"
                            + (f" (did you mean {close!r}?)" if close else ""))


def _ordered(obj: str, values: dict[str, Any]) -> CommentedMap:
    """A mapping with the given fields in the format's order, leaving out empty ones."""
    out = CommentedMap()
    for name in OBJECTS[obj].fields:
        value = values.get(name)
        if value not in (None, "", [], ()):
            plain_str = isinstance(value, str) and not isinstance(value, ScalarString)
            out[name] = str(value) if plain_str else value  # plain str, never a Ref
    unknown = set(values) - set(OBJECTS[obj].fields)
    assert not unknown, f"not fields of {obj}: {unknown}"
    return out


def _flow(items: list[Any]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _flow_map(values: CommentedMap) -> CommentedMap:
    values.fa.set_flow_style()
    return values


def _taken(corpus: Any) -> dict[str, str]:
    taken: dict[str, str] = {alias: "claim alias" for alias in corpus.aliases}
    for kind, table in (("section", corpus.sections), ("claim", corpus.claims), ("argument", corpus.arguments),
                        ("relation", corpus.relations), ("evidence item", corpus.evidence),
                        ("source", corpus.sources), ("comparison", corpus.comparisons)):
        for key in table:
            taken[key] = kind
    for sec in corpus.sections.values():
        for t in sec.topics:
            taken.setdefault(t.id, "topic")
    return taken


def _load(claims_dir: str) -> Any:
    if not os.path.isdir(claims_dir):
        raise ScaffoldError(f"the claims folder {claims_dir!r} does not exist")
    return load(claims_dir, run_checks=False).corpus


def _section_file(corpus: Any, section: str) -> str:
    sec = corpus.sections.get(section)
    if sec is None:
        known = sorted(corpus.sections)
        close = did_you_mean(section, known)
        raise ScaffoldError(f"there is no section {section!r}"
                            + (f"; did you mean {close!r}?" if close else f"; the sections are: {', '.join(known)}"))
    return str(sec.path)


def _insert_key(data: CommentedMap, key: str, value: Any) -> None:
    """Add a top-level key where the format's order puts it among the keys already there."""
    order = list(OBJECTS["file"].fields)
    pos = len(data)
    for i, existing in enumerate(data):
        if existing in order and order.index(existing) > order.index(key):
            pos = i
            break
    data.insert(pos, key, value)


def _append(path: str, list_key: str, item: CommentedMap) -> None:
    modeline, data = parse_file_text(read_text(path), path)
    if not isinstance(data, CommentedMap):
        raise ScaffoldError(f"{path}: the file's top level is not a mapping; fix it first (argmap check)")
    items = data.get(list_key)
    if list_key in data and items is None:  # `claims:` with nothing under it yet
        data[list_key] = CommentedSeq([item])
    elif items is None:
        _insert_key(data, list_key, CommentedSeq([item]))
    elif isinstance(items, CommentedSeq):
        if not items:
            items.fa.set_block_style()  # `claims: []` becomes a block list
        tail = pop_tail(items)  # the blank line (and comments) before the next key stay before it
        if tail is not None and tail.value.startswith("\n\n"):
            put_tail(items, blank_line())  # items separated by a blank line stay so
        items.append(item)
        if tail is None and next(reversed(data)) != list_key:
            tail = blank_line()
        put_tail(items, tail)
    else:
        raise ScaffoldError(f"{path}: {list_key!r} is not a list; fix it first (argmap check)")
    write_atomic(path, (modeline + "\n" if modeline else "") + dump(data))


def new_claim(claims_dir: str, *, section: str, ident: str, text: str, kind: str = "claim",
              basis: str = "reconstructed", source: str = "", pages: str = "", label: str = "") -> Added:
    """Append a claim skeleton to its section's file."""
    _check_enum("claim", "kind", kind)
    _check_enum("claim", "basis", basis)
    if not text.strip():
        raise ScaffoldError("the claim needs a text: --text \"...\" in your own words")
    corpus = _load(claims_dir)
    _check_id(ident, _taken(corpus))
    path = _section_file(corpus, section)
    source = source or (corpus.paper.source if corpus.paper else "")
    if not source:
        raise ScaffoldError("say which source the claim comes from with --source ID (there is no paper file)")
    locator = _flow_map(_ordered("locator", {"source": source,
                                             "pages": DoubleQuotedScalarString(pages) if pages else ""}))
    claim = _ordered("claim", {"id": ident, "text": text.strip(), "label": label, "kind": kind, "basis": basis,
                               "locator": locator})
    _append(path, "claims", claim)
    log.info("added claim %s to %s", ident, path)
    return Added(path, ident)


def new_evidence(claims_dir: str, *, section: str, ident: str, summary: str, kind: str, date: str,
                 provenance: str = "context", source: str = "", locator: str = "", url: str = "",
                 supports: tuple[str, ...] = (), label: str = "") -> Added:
    """Append an evidence skeleton to its section's file."""
    _check_enum("evidence", "kind", kind)
    _check_enum("evidence", "provenance", provenance)
    if not DATE_RE.match(date):
        raise ScaffoldError(f"the date must be YYYY, YYYY-MM or YYYY-MM-DD; found {date!r}")
    if not summary.strip():
        raise ScaffoldError("the evidence needs a summary: --summary \"...\" (paraphrased)")
    corpus = _load(claims_dir)
    _check_id(ident, _taken(corpus))
    for claim in supports:
        if claim not in corpus.claims and claim not in corpus.aliases:
            raise ScaffoldError(f"--supports names {claim!r}, which is not a claim")
    if source and source not in corpus.sources:
        raise ScaffoldError(f"--source names {source!r}, which sources.yml does not define")
    path = _section_file(corpus, section)
    item = _ordered("evidence", {
        "id": ident, "label": label, "kind": kind, "provenance": provenance, "date": date,
        "summary": summary.strip(), "source": source, "locator": locator, "url": url,
        "supports": _flow([str(s) for s in supports]) if supports else None,
    })
    _append(path, "evidence", item)
    log.info("added evidence %s to %s", ident, path)
    return Added(path, ident)


def new_source(claims_dir: str, *, csl_json: str = "", bibtex: str = "", ident: str = "") -> Added:
    """Append a CSL-YAML entry, read from CSL-JSON or BibTeX text, to the bibliography (sources.yml)."""
    from argmap.authoring.bibimport import BibError, check_type, default_id, from_bibtex, from_csl_json

    if bool(csl_json) == bool(bibtex):
        raise ScaffoldError("give the entry once: --bibtex, --bibtex-file or --csl-json")
    try:
        entry = from_csl_json(csl_json) if csl_json else from_bibtex(bibtex)
        check_type(entry)
    except BibError as exc:
        raise ScaffoldError(str(exc)) from exc
    corpus = _load(claims_dir)
    ident = ident or default_id(entry)
    _check_id(ident, _taken(corpus))
    item = _ordered("source", {"id": ident, **{k: _csl_value(k, v) for k, v in entry.csl.items()}})
    _validate_source(item)
    path = next((s.loc.path for s in corpus.sources.values()), "") or os.path.join(claims_dir, "sources.yml")
    if not os.path.exists(path):
        write_atomic(path, modeline_for(path) + "\n" + dump(CommentedMap(references=CommentedSeq([item]))))
    else:
        _append(path, "references", item)
    log.info("added source %s to %s", ident, path)
    return Added(path, ident, dropped=tuple(entry.dropped))


def _csl_value(key: str, value: Any) -> Any:
    """CSL values laid out as sources.yml writes them: names and dates in flow style."""
    if key in ("author", "editor"):
        return CommentedSeq([_flow_map(_ordered("name", n)) for n in value])
    if isinstance(value, dict):
        out = CommentedMap(value)
        if "date-parts" in out:
            out["date-parts"] = _flow([_flow(list(p)) for p in out["date-parts"]])
        return _flow_map(out)
    if key in ("volume", "issue", "page", "number", "edition") or re.fullmatch(r"[\d.\-–]+", str(value)):
        return DoubleQuotedScalarString(str(value))  # text, as the format reads it, not a number
    if isinstance(value, str) and (": " in value or " #" in value or value[:1] in "!&*[]{}|>'\"%@`,?-:#"):
        return DoubleQuotedScalarString(value)  # quoted as sources.yml quotes such titles
    return value


def _validate_source(item: CommentedMap) -> None:
    """The entry through the checker's own field checks, before anything is written."""
    from argmap.core.diagnostics import Report
    from argmap.core.validate import Validator
    from argmap.core.yamlsource import YMap, compose

    report = Report()
    text = dump(item)
    node = compose(text, "<new source>", report)
    if isinstance(node, YMap) and not report.errors:
        Validator(report, "<new source>", text).object(OBJECTS["source"], node)
    if report.errors:
        problems = "; ".join(d.message for d in report.errors)
        raise ScaffoldError(f"the entry would not pass the checks: {problems}")


def _next_number(claims_dir: str) -> int:
    numbers = [int(m.group(1)) for name in os.listdir(claims_dir) if (m := re.match(r"^(\d+)-", name))]
    return max(numbers, default=-1) + 1


def new_section(claims_dir: str, *, ident: str, title: str, coverage: str = "not-encoded", pages: str = "",
                schema_path: str | None = None) -> Added:
    """Create ``NN-<id>.yml`` with a section header and add the id to the paper's reading order."""
    _check_enum("section", "coverage", coverage)
    if not title.strip():
        raise ScaffoldError("the section needs a title: --title \"...\"")
    corpus = _load(claims_dir)
    _check_id(ident, _taken(corpus))
    path = os.path.join(claims_dir, f"{_next_number(claims_dir):02d}-{ident}.yml")
    if os.path.exists(path):
        raise ScaffoldError(f"{path} already exists")
    section = _ordered("section", {"id": ident, "title": title.strip(), "pages": pages, "coverage": coverage})
    data = CommentedMap()
    data["section"] = section
    text = modeline_for(path, schema_path) + "\n" + dump(data)
    write_atomic(path, text)
    paper_path = _paper_file(corpus)
    if paper_path:
        try:
            _add_to_paper(paper_path, ident)
        except BaseException:
            os.unlink(path)  # all or nothing: no section file the paper does not list
            raise
    log.info("created %s", path)
    return Added(path, ident, created=True)


def _paper_file(corpus: Any) -> str:
    if corpus.paper is None:
        return ""
    return str(corpus.paper.loc.path)


def _add_to_paper(path: str, ident: str) -> None:
    modeline, data = parse_file_text(read_text(path), path)
    paper = data.get("paper") if isinstance(data, CommentedMap) else None
    sections = paper.get("sections") if isinstance(paper, CommentedMap) else None
    if not isinstance(sections, CommentedSeq):
        raise EditError(f"{path}: the paper has no 'sections' list to add {ident!r} to")
    sections.append(ident)
    write_atomic(path, (modeline + "\n" if modeline else "") + dump(data))
