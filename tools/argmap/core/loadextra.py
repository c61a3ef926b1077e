"""Reading the evaluation parts of a claim file: issues and ``tests:`` blocks (for the loader)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from argmap.core.model import Issue, LabelTest, Ref
from argmap.core.validate import Rec

LABEL_KEYS = ("in", "out", "undecided")


def issue_of(rec: Rec, section: str, resolve: Callable[[Any], Any]) -> Issue | None:
    if not {"id", "positions"} <= rec.keys():
        return None
    positions = tuple(resolve(p) for p in rec["positions"])
    return Issue(rec["id"], positions, str(rec.get("standard", "preponderance")), str(rec.get("title", "")),
                 section, rec.loc)


def test_of(rec: Rec, resolve: Callable[[Any], Any]) -> LabelTest | None:
    if "semantics" not in rec:
        return None
    expected: list[tuple[str, str, Any]] = []
    for label in LABEL_KEYS:
        for claim in rec.get(label, []):
            expected.append((resolve(claim), label, claim.loc if isinstance(claim, Ref) else rec.loc))
    return LabelTest(str(rec["semantics"]), tuple(expected), rec.loc)
