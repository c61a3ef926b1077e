"""Interchange benchmark: import all 661 AraucariaDB nodesets, check the result, export it.

Targets (issue 8): import under 10 s, check under 2 s. Prints figures; asserts nothing.
The baseline is a bare json.load of the same files, measured in the same run.
"""

from __future__ import annotations

import json
import pathlib
import tempfile
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "araucaria-aif"


def _timed(fn: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main() -> None:
    from argmap.core.loader import load
    from argmap.core.semantics import grounded_labels
    from argmap.interchange import export
    from argmap.interchange.aifimport import import_files

    files = sorted(CORPUS.glob("*.json"))
    if not files:
        print(f"skipped: no AIF corpus at {CORPUS}")
        return
    base, _ = _timed(lambda: [json.loads(f.read_text(encoding="utf-8")) for f in files])
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "araucaria"
        t_import, result = _timed(lambda: import_files([str(f) for f in files], str(out)))
        t_check, loaded = _timed(lambda: load(str(out)))
        corpus = loaded.corpus
        print(f"nodesets                 {len(files)}")
        print(f"claims/arguments/rels    {result.counts['claims']}/{result.counts['arguments']}/"
              f"{result.counts['relations']}")
        print(f"baseline json.load       {base:7.3f} s")
        print(f"import (read+convert+write) {t_import:7.3f} s   target < 10 s   ({t_import / base:.0f}x baseline)")
        print(f"check (load + all checks)   {t_check:7.3f} s   target < 2 s    "
              f"({len(loaded.report)} diagnostics)")
        for fmt in ("json", "aif", "argdown", "graphml"):
            t, text = _timed(lambda fmt=fmt: export(corpus, fmt))
            print(f"export {fmt:<8}          {t:7.3f} s   {len(text) / 1e6:.1f} MB")
        t, labels = _timed(lambda: grounded_labels(corpus))
        print(f"grounded labels          {t:7.3f} s   {len(labels)} claims")


if __name__ == "__main__":
    main()
