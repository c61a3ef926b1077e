"""Checks of the evaluation parts of the format: issues, and the ``tests:`` blocks (AM060, AM061)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from argmap.core.checks import _Resolver, check
from argmap.core.diagnostics import Diagnostic, diag
from argmap.core.model import Corpus


@check
def issues(corpus: Corpus, ids: Mapping[str, Any]) -> Iterator[Diagnostic]:
    first: dict[str, str] = {}
    for issue in corpus.issues.values():
        for pos in issue.positions:  # that each position is a claim: the references check
            other = first.setdefault(pos, issue.id)
            if other != issue.id:
                yield diag("AM061", f"claim {pos!r} is a position of issue {other!r} and of issue {issue.id!r}",
                           getattr(pos, "loc", issue.loc), "a claim answers one issue: merge the issues or drop one")


@check
def label_tests(corpus: Corpus, ids: Mapping[str, Any]) -> Iterator[Diagnostic]:
    if not corpus.tests:
        return
    from argmap.core.acceptance import claim_labels

    r = _Resolver(corpus, ids)
    computed: dict[str, dict[str, str]] = {}
    for test in corpus.tests:
        known = []
        for claim, label, loc in test.expected:
            if claim in corpus.claims:
                known.append((claim, label, loc))
            else:
                yield from r.expect(label, claim, ("claim",), loc)
        if not known:
            continue
        if test.semantics not in computed:
            computed[test.semantics] = claim_labels(corpus, test.semantics)
        labels = computed[test.semantics]
        for claim, label, loc in known:
            if labels[claim] != label:
                yield diag("AM060", f"claim {claim!r} is expected {label} under {test.semantics} semantics, "
                                    f"but is {labels[claim]}", loc,
                           f"see why with `argmap labels --semantics {test.semantics}`; if the change is intended, "
                           f"move {claim!r} to '{labels[claim]}:' in this tests: entry")
