"""A synthetic corpus generator: N claims over sections, with realistic relations and evidence.

    python bench/corpus.py 1000 /tmp/corpus1000   # writes /tmp/corpus1000/claims/*.yml

Deterministic for a given N and seed. Supports always point to earlier claims, so there are no
support cycles; every source is cited and every evidence item bears on a claim, so the corpus
passes `argmap check --strict`.
"""

from __future__ import annotations

import os
import random
import sys

WORDS = ["alliance", "threat", "deterrence", "identity", "public", "elite", "opinion", "base", "burden", "scope",
         "contribution", "strategy", "security", "treaty", "summit", "poll", "protest", "coalition", "partner",
         "rival", "region", "missile", "island", "history", "apology", "trade", "sanction", "dialogue", "doctrine",
         "budget", "reform"]
ACTORS = ("japan", "south-korea", "united-states", "china", "north-korea")
CJK = ("日本の世論", "한국의 여론", "同盟", "동맹", "安全保障", "안보")


def _sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.1:
        words.insert(rng.randrange(len(words)), rng.choice(CJK))
    return " ".join(words).capitalize() + "."


def generate(n_claims: int, out_dir: str, *, per_section: int = 50, seed: int = 1) -> str:
    """Write a corpus of ``n_claims`` claims into ``out_dir/claims``; return that folder."""
    rng = random.Random(seed)
    claims_dir = os.path.join(out_dir, "claims")
    os.makedirs(claims_dir, exist_ok=True)
    n_sections = max(1, (n_claims + per_section - 1) // per_section)
    n_sources = max(2, n_claims // 20)
    ml = "# yaml-language-server: $schema=../site_config/schema/claims.schema.json\n"

    def write(name: str, text: str) -> None:
        with open(os.path.join(claims_dir, name), "w", encoding="utf-8") as fh:
            fh.write(ml + text)

    sections = [f"s{i:04d}" for i in range(n_sections)]
    write("paper.yml", "paper:\n  source: src-0000\n  title: A synthetic paper\n  thesis: [c000000]\n"
          f"  sections: [{', '.join(sections)}]\n")
    refs = ["references:"]
    for i in range(n_sources):
        refs.append(f"  - id: src-{i:04d}\n    type: report\n    title: Source number {i}\n"
                    f"    author: [{{family: Author{i}, given: A.}}]\n    issued: {{date-parts: [[{2000 + i % 20}]]}}\n"
                    f"    URL: https://example.org/source/{i}")
    write("sources.yml", "\n".join(refs) + "\n")
    write("vocabulary.yml", "vocabulary:\n  actors:\n" + "".join(
        f"    - {{id: {a}, label: {a.replace('-', ' ').title()}}}\n" for a in ACTORS)
        + "  dimensions:\n    - {id: strategic, label: Strategic}\n    - {id: identity, label: Identity}\n"
        + "  levels:\n    - {id: elite, label: Elite}\n    - {id: public, label: Public}\n")

    cited = set()
    claim_no = 0
    for s_index, sid in enumerate(sections):
        lines = [f"section:\n  id: {sid}\n  title: Section {s_index}\n  pages: \"{10 + s_index}\"\n"
                 f"  coverage: partial\n  summary: {_sentence(rng, 8)}\nclaims:"]
        first = claim_no
        count = min(per_section, n_claims - claim_no)
        evidence = []
        relations = []
        arguments = []
        for _ in range(count):
            cid = f"c{claim_no:06d}"
            kind = "thesis" if claim_no == 0 else rng.choice(("claim", "claim", "premise", "counterclaim"))
            basis = rng.choice(("stated", "stated", "reconstructed"))
            body = [f"  - id: {cid}", f"    text: {_sentence(rng)}", f"    kind: {kind}", f"    basis: {basis}",
                    f"    locator: {{source: src-0000, pages: \"{10 + s_index}\"}}",
                    f"    actors: [{', '.join(rng.sample(ACTORS, 2))}]",
                    f"    dimension: {rng.choice(('strategic', 'identity'))}",
                    f"    level: {rng.choice(('elite', 'public'))}"]
            if claim_no > 0:
                target = rng.randrange(max(0, claim_no - 80), claim_no)
                body.append(f"    supports:\n      - claim: c{target:06d}\n        id: r{claim_no:06d}\n"
                            f"        because: {_sentence(rng, 6)}")
                if claim_no > 3 and rng.random() < 0.15:
                    body.append(f"    attacks: [c{rng.randrange(0, claim_no):06d}]")
                if claim_no > 5 and rng.random() < 0.05:
                    relations.append(f"  - {{id: u{claim_no:06d}, from: {cid}, to: r{rng.randrange(1, claim_no):06d}, "
                                     f"type: undercuts}}")
            if claim_no % 3 == 0:
                eid = f"e{claim_no:06d}"
                src = rng.randrange(n_sources)
                cited.add(src)
                evidence.append(f"  - id: {eid}\n    kind: {rng.choice(('survey', 'event', 'document', 'statistic'))}\n"
                                f"    provenance: {rng.choice(('paper', 'context'))}\n"
                                f"    date: {2000 + rng.randrange(20)}-{1 + rng.randrange(12):02d}\n"
                                f"    summary: {_sentence(rng)}\n    source: src-{src:04d}\n"
                                f"    url: https://example.org/evidence/{claim_no}\n"
                                f"    supports: [{{claim: {cid}, because: {_sentence(rng, 5)}}}]")
            lines.append("\n".join(body))
            claim_no += 1
        if count >= 4:
            last = first + count - 1  # supports point backwards, so premises come after the conclusion
            arguments.append(f"  - id: a{first:06d}\n    premises: [c{last - 1:06d}, c{last:06d}]\n"
                             f"    conclusion: c{first:06d}\n    basis: reconstructed")
        text = "\n".join(lines) + "\n"
        if arguments:
            text += "arguments:\n" + "\n".join(arguments) + "\n"
        if relations:
            text += "relations:\n" + "\n".join(relations) + "\n"
        if evidence:
            text += "evidence:\n" + "\n".join(evidence) + "\n"
        write(f"{s_index + 1:04d}-{sid}.yml", text)
    # Cite every source at least once so that --strict passes.
    rest = [i for i in range(1, n_sources) if i not in cited]
    if rest:
        extra = "section:\n  id: s-extra\n  title: Extra evidence\n  coverage: partial\nevidence:\n" + "".join(
            f"  - id: ex{i:04d}\n    kind: document\n    provenance: context\n    date: \"2015\"\n"
            f"    summary: Extra.\n    source: src-{i:04d}\n    supports: [c000000]\n" for i in rest)
        write("9999-extra.yml", extra)
    return claims_dir


if __name__ == "__main__":
    generate(int(sys.argv[1]), sys.argv[2])
