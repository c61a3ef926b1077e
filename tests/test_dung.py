"""Dung semantics through clingo: textbook frameworks, and random ones against a brute-force reference."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.core.dung import SEMANTICS, Framework, credulous, extensions, grounded, labelling, sceptical


def af(args: str, attacks: str) -> Framework:
    """``af("abc", "ab ba bc")``: one letter per argument, two letters per attack."""
    return Framework.of(args, [(p[0], p[1]) for p in attacks.split()])


def sets(*groups: str) -> list[frozenset[str]]:
    return sorted((frozenset(g) for g in groups), key=lambda s: (len(s), sorted(s)))


# (framework, complete, preferred, stable, grounded): extensions written as strings of letters.
TEXTBOOK = {
    "reinstatement": (af("abc", "ab bc"), ["ac"], ["ac"], ["ac"], "ac"),
    "chain": (af("abcde", "ab bc cd de"), ["ace"], ["ace"], ["ace"], "ace"),
    "odd-cycle": (af("abc", "ab bc ca"), [""], [""], [], ""),
    "odd-cycle-tail": (af("abcde", "ab bc ca cd"), ["e"], ["e"], [], "e"),
    "even-cycle": (af("ab", "ab ba"), ["", "a", "b"], ["a", "b"], ["a", "b"], ""),
    "even-cycle-tail": (af("abc", "ab ba bc"), ["", "b", "ac"], ["b", "ac"], ["b", "ac"], ""),
    "self-attack": (af("abc", "aa ab"), ["c"], ["c"], [], "c"),
    "self-attack-defended": (af("ab", "aa ab ba"), ["", "b"], ["b"], ["b"], ""),
    "floating": (af("abcd", "ab ba ac bc cd"), ["", "ad", "bd"], ["ad", "bd"], ["ad", "bd"], ""),
    "empty": (af("", ""), [""], [""], [""], ""),
    "unattacked": (af("ab", ""), ["ab"], ["ab"], ["ab"], "ab"),
}


@pytest.mark.parametrize("name", sorted(TEXTBOOK))
def test_textbook_extensions(name: str) -> None:
    frame, complete, preferred, stable, ground = TEXTBOOK[name]
    assert extensions(frame, "complete") == sets(*complete)
    assert extensions(frame, "preferred") == sets(*preferred)
    assert extensions(frame, "stable") == sets(*stable)
    assert grounded(frame) == frozenset(ground)
    assert extensions(frame, "grounded") == [frozenset(ground)]


def test_floating_acceptance() -> None:
    """d is defended by a in one preferred extension and by b in the other: sceptically in,
    although grounded semantics leaves it undecided."""
    frame = TEXTBOOK["floating"][0]
    assert sceptical(frame, "preferred") == {"d"}
    assert labelling(frame, "preferred").labels == {"a": "undecided", "b": "undecided", "c": "out", "d": "in"}
    assert labelling(frame, "preferred").extensions == 2
    assert labelling(frame, "grounded").labels == dict.fromkeys("abcd", "undecided")
    assert credulous(frame, "preferred") == set("abd")
    assert credulous(frame, "grounded") == set()


def test_no_stable_extension() -> None:
    frame = TEXTBOOK["odd-cycle"][0]
    assert sceptical(frame, "stable") is None
    assert credulous(frame, "stable") == set()
    assert labelling(frame, "stable").extensions == 0
    assert sceptical(frame, "preferred") == set()


def test_unknown_semantics() -> None:
    with pytest.raises(ValueError):
        labelling(af("a", ""), "semi-stable")


def test_names_need_no_quoting() -> None:
    frame = Framework.of(["¬app(a1)", 'x"y', "Z z"], [("¬app(a1)", 'x"y')])
    assert grounded(frame) == {"¬app(a1)", "Z z"}


# -- brute force reference ------------------------------------------------------------------

def _reference(args: tuple[str, ...], attacks: set[tuple[str, str]]) -> dict[str, list[frozenset[str]]]:
    def attacks_set(s: frozenset[str], x: str) -> bool:
        return any((y, x) in attacks for y in s)

    def conflict_free(s: frozenset[str]) -> bool:
        return not any((x, y) in attacks for x in s for y in s)

    def defends(s: frozenset[str], x: str) -> bool:
        return all(attacks_set(s, y) for y in args if (y, x) in attacks)

    subsets = [frozenset(c) for n in range(len(args) + 1) for c in combinations(args, n)]
    cf = [s for s in subsets if conflict_free(s)]
    complete = [s for s in cf if all(defends(s, x) for x in s) and all(x in s for x in args if defends(s, x))]
    preferred = [s for s in complete if not any(s < t for t in complete)]
    stable = [s for s in cf if all(x in s or attacks_set(s, x) for x in args)]
    ground = min(complete, key=len)

    def order(found: list[frozenset[str]]) -> list[frozenset[str]]:
        return sorted(found, key=lambda s: (len(s), sorted(s)))

    return {"complete": order(complete), "preferred": order(preferred), "stable": order(stable),
            "grounded": [ground]}


frameworks = st.integers(min_value=0, max_value=6).flatmap(
    lambda n: st.tuples(
        st.just(tuple("abcdef"[:n])),
        st.sets(st.tuples(st.sampled_from("abcdef"[:n]), st.sampled_from("abcdef"[:n])), max_size=14)
        if n else st.just(set()),
    )
)


@settings(max_examples=120, deadline=None)
@given(frameworks)
def test_random_frameworks_match_brute_force(case: tuple[tuple[str, ...], set[tuple[str, str]]]) -> None:
    args, attacks = case
    frame = Framework.of(args, attacks)
    ref = _reference(args, attacks)
    for semantics in SEMANTICS:
        found = ref[semantics]
        assert extensions(frame, semantics) == found, semantics
        lab = labelling(frame, semantics)
        if not found:
            assert lab.extensions == 0 and sceptical(frame, semantics) is None
            continue
        every = frozenset.intersection(*found)
        assert sceptical(frame, semantics) == every, semantics
        assert credulous(frame, semantics) == frozenset.union(*found), semantics
        out_every = {x for x in args if all(any((y, x) in attacks for y in s) for s in found)}
        assert {a for a, v in lab.labels.items() if v == "out"} == out_every, semantics


# -- the corpus as a Dung framework --------------------------------------------------------

CASES = __import__("pathlib").Path(__file__).parent / "fixtures" / "semantics"


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if (p / "expected.yml").is_file()))
def test_corpus_framework_grounded_equals_argmaps_labelling(case: str) -> None:
    """The auxiliary-argument translation is faithful: clingo's grounded labelling of it is
    argmap's own grounded labelling, for claims and inferences alike."""
    from argmap.core.acceptance import framework
    from argmap.core.loader import load
    from argmap.core.semantics import label_all

    corpus = load(str(CASES / case / "claims")).corpus
    mine = label_all(corpus)
    theirs = labelling(framework(corpus), "grounded").labels
    assert {k: theirs[k] for k in mine.claims} == dict(mine.claims)
    assert {k: theirs[k] for k in mine.inferences} == dict(mine.inferences)
    # every complete labelling agrees with grounded where grounded decides
    for ext in extensions(framework(corpus), "complete"):
        assert {k for k, v in mine.claims.items() if v == "in"} <= ext


def test_paper_map_grounded_equals_argmaps_labelling(paper_corpus) -> None:
    from argmap.core.acceptance import claim_labels
    from argmap.core.semantics import grounded_labels

    assert claim_labels(paper_corpus, "complete") == grounded_labels(paper_corpus)


def _corpus(n: int, rels: list[tuple[int, str, int]], args: list[tuple[tuple[int, ...], int]]):  # type: ignore[no-untyped-def]
    from argmap.core.model import Argument, Basis, Claim, ClaimKind, Corpus, Relation, RelationType, Vocabulary

    claims = {f"c{i}": Claim(f"c{i}", "x", ClaimKind.CLAIM, Basis.STATED, "s") for i in range(n)}
    arguments = {f"a{k}": Argument(f"a{k}", tuple(f"c{p}" for p in sorted(set(ps))), f"c{c}", Basis.STATED, "s")
                 for k, (ps, c) in enumerate(args)}
    relations = {}
    for k, (src, kind, dst) in enumerate(rels):
        if kind == "undercuts":
            target = f"a{dst % len(args)}" if args else ""
            if not target:
                continue
        else:
            target = f"c{dst}"
        relations[f"r{k}"] = Relation(f"r{k}", RelationType(kind), f"c{src}", target, Basis.STATED, "s")
    return Corpus("", None, {}, claims, arguments, relations, {}, {}, Vocabulary(), {}, {})


corpora = st.integers(min_value=1, max_value=6).flatmap(lambda n: st.tuples(
    st.just(n),
    st.lists(st.tuples(st.integers(0, n - 1), st.sampled_from(["attacks", "supports", "undercuts"]),
                       st.integers(0, n - 1)), max_size=10),
    st.lists(st.tuples(st.lists(st.integers(0, n - 1), min_size=0, max_size=3).map(tuple), st.integers(0, n - 1)),
             max_size=3),
))


@settings(max_examples=80, deadline=None)
@given(corpora)
def test_random_corpora_translation_is_faithful(case) -> None:  # type: ignore[no-untyped-def]
    """On random claims, attacks, supports, undercuts and (possibly premise-less) arguments,
    clingo's grounded labelling of the translated framework is argmap's grounded labelling."""
    from argmap.core.acceptance import framework
    from argmap.core.semantics import label_all

    corpus = _corpus(*case)
    mine = label_all(corpus)
    theirs = labelling(framework(corpus), "grounded").labels
    assert {k: theirs[k] for k in mine.claims} == dict(mine.claims)
    assert {k: theirs[k] for k in mine.inferences} == dict(mine.inferences)
