"""Grounded labels on textbook frameworks; the expected labels are written in each case's expected.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from argmap.core.loader import load
from argmap.core.semantics import LABELS, grounded_labels, label_all

CASES = Path(__file__).parent / "fixtures" / "semantics"
FIXTURE = Path(__file__).parent / "fixtures" / "corpus" / "claims"


def _cases() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "expected.yml").is_file())


@pytest.mark.parametrize("case", _cases())
def test_textbook_case(case: str) -> None:
    expected = yaml.safe_load((CASES / case / "expected.yml").read_text(encoding="utf-8"))
    result = load(str(CASES / case / "claims"))
    assert not result.report.failed(strict=True), [str(d) for d in result.report]
    labelling = label_all(result.corpus)
    assert dict(labelling.claims) == expected["claims"]
    for rid, label in expected.get("inferences", {}).items():
        assert labelling.inferences[rid] == label, rid
    assert grounded_labels(result.corpus) == expected["claims"]


def test_cases_exist() -> None:
    assert {"reinstatement", "odd-cycle", "even-cycle", "self-attack", "undercut-chain"} <= set(_cases())


def test_fixture_corpus_is_labelled_deterministically() -> None:
    corpus = load(str(FIXTURE)).corpus
    labels = grounded_labels(corpus)
    assert list(labels) == sorted(corpus.claims)
    assert set(labels.values()) <= set(LABELS)
    # ev-poll attacks c-south-threat, and nothing attacks the evidence.
    assert labels["c-south-threat"] == "out"
    assert labels["t-strong"] == "in"
    assert labels == grounded_labels(corpus)
