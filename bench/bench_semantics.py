"""Labels under each semantics beside the grounded labels' time, on the 3,991-claim AraucariaDB
import (../shared/corpora/araucaria-aif, through the AIF importer) and the 5,000-claim synthetic
corpus (bench/corpus.py).

Every semantics is timed in this process on the same loaded corpus, best of several runs; the
ratio to grounded (argmap's own fixed point) is the figure. The preferred count is the number of
preferred extensions clingo enumerated.
"""

from __future__ import annotations

import os
import pathlib
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from argmap.core import dung
from argmap.core.acceptance import SEMANTICS, framework, labelling
from argmap.core.loader import load
from corpus import generate

ROOT = pathlib.Path(__file__).resolve().parent.parent
ARAUCARIA = ROOT.parent / "shared" / "corpora" / "araucaria-aif"


def _best(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    best, value = float("inf"), None
    for _ in range(runs):
        t = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t)
    return best, value


def _report(name: str, corpus: Any, runs: int = 3) -> None:
    af = framework(corpus)
    print(f"{name}: {len(corpus.claims)} claims, {len(corpus.relations)} relations, {len(corpus.arguments)} "
          f"arguments; Dung framework {len(af.arguments)} arguments, {len(af.attacks)} attacks", flush=True)
    print(f"{'semantics':>10} {'s':>8} {'x grounded':>11} {'in':>6} {'out':>6} {'undec':>6}")
    base = 0.0
    for sem in SEMANTICS:
        t, lab = _best(lambda sem=sem: labelling(corpus, sem), runs)
        base = base or t
        c = lab.counts()
        print(f"{sem:>10} {t:>8.3f} {t / base:>10.1f}x {c['in']:>6} {c['out']:>6} {c['undecided']:>6}", flush=True)
    t, found = _best(lambda: dung.labelling(af, "preferred"), 1)
    print(f"  preferred extensions: {found.extensions}; credulous preferred (brave): "
          f"{_best(lambda: len(dung.credulous(af, 'preferred')), 1)[0]:.3f} s", flush=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if ARAUCARIA.is_dir():
            from argmap.interchange.aifimport import import_files

            out = pathlib.Path(tmp) / "araucaria"
            import_files(sorted(str(p) for p in ARAUCARIA.glob("*.json")), str(out))
            _report("AraucariaDB (AIF import)", load(str(out)).corpus)
        else:
            print(f"skipped AraucariaDB: {ARAUCARIA} is absent")
        claims = generate(5000, os.path.join(tmp, "synthetic"))
        _report("synthetic (bench/corpus.py)", load(claims).corpus)


if __name__ == "__main__":
    main()
