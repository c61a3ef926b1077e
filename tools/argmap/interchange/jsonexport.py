"""The whole model as JSON, described by ``site_config/schema/argmap-export.schema.json``.

Deterministic: every list is sorted by id (sections in the paper's reading order), every key
is written sorted, and no timestamps or file locations are included. The export is versioned:
``format`` is always ``"argmap-export"`` and ``version`` changes with the schema (a new field
is a minor version; a removed or renamed one a major version).
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
from collections.abc import Mapping
from typing import Any

from argmap.core.model import Corpus
from argmap.core.semantics import Labelling, label_all

FORMAT = "argmap-export"
#: 1.1: assumed, weighing, weight, paper semantics, issues, tests; argument type and scheme; translations.
#: 1.2: alt_labels on dimensions and levels.
VERSION = "1.2"
SCHEMA_ID = "https://argmap.invalid/schema/argmap-export-1.schema.json"
_SKIP = frozenset({"loc", "path"})


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    """The exported fields of a dataclass, in their order (``dataclasses.fields`` once per class)."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.name not in _SKIP)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _by_id(table: Mapping[str, Any]) -> list[Any]:
    return [_plain(table[k]) for k in sorted(table)]


def to_data(corpus: Corpus, labelling: Labelling | None = None) -> dict[str, Any]:
    """The export as plain Python data (what :func:`to_json` writes); ``labelling``: the corpus'
    grounded labelling when known (else it is worked out here)."""
    relations = []
    for rid in sorted(corpus.relations):
        rel = _plain(corpus.relations[rid])
        rel["from"] = rel.pop("source")
        rel["to"] = rel.pop("target")
        relations.append(rel)
    sources = []
    for sid in sorted(corpus.sources):
        s = corpus.sources[sid]
        sources.append({"id": s.id, "type": s.type, "title": s.title, "csl": _plain(s.csl),
                        "uncertain": _plain(s.uncertain), "notice": s.notice})
    comparisons = []
    for cid in sorted(corpus.comparisons):
        comp = _plain(corpus.comparisons[cid])
        for row in comp["rows"]:
            row["cells"] = [{"subject": subj, "claim": claim} for subj, claim in row["cells"]]
        comparisons.append(comp)
    v = corpus.vocabulary
    labelling = label_all(corpus) if labelling is None else labelling
    return {
        "$schema": SCHEMA_ID,
        "format": FORMAT,
        "version": VERSION,
        "paper": _plain(corpus.paper) if corpus.paper is not None else None,
        "sections": [_plain(s) for s in corpus.section_order()],
        "claims": _by_id(corpus.claims),
        "arguments": _by_id(corpus.arguments),
        "relations": relations,
        "evidence": _by_id(corpus.evidence),
        "sources": sources,
        "vocabulary": {"actors": _by_id(v.actors), "dimensions": _by_id(v.dimensions), "levels": _by_id(v.levels)},
        "comparisons": comparisons,
        "aliases": dict(sorted(corpus.aliases.items())),
        "issues": _by_id(corpus.issues),
        "tests": [{"semantics": t.semantics, **{label: [c for c, lab, _ in t.expected if lab == label]
                                                for label in ("in", "out", "undecided")}} for t in corpus.tests],
        "acceptability": {
            "semantics": "grounded",
            "claims": dict(labelling.claims),
            "evidence": dict(labelling.evidence),
            "inferences": dict(labelling.inferences),
        },
    }


def to_json(corpus: Corpus, labelling: Labelling | None = None) -> str:
    """The export as JSON text: UTF-8, two-space indent, sorted keys, a final newline."""
    return json.dumps(to_data(corpus, labelling), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
