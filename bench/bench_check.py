"""`argmap check` at N = 100, 1,000 and 10,000 claims beside a bare YAML load of the same files.

The floor is PyYAML's fastest safe load (libyaml, CSafeLoader) of every file, with no checks.
Both are measured in this process, alternately, best of several runs, so the ratio holds
however busy the machine is. The CLI's wall-clock time (Python start-up included) is shown too.
Targets (issue 2): within 2.5x the floor, and under 3 s at 10,000 claims.
"""

from __future__ import annotations

import glob
import os
import subprocess
import sys
import tempfile
import time

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from argmap.core.loader import load
from corpus import generate


def _floor(paths: list[str]) -> float:
    t = time.perf_counter()
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            yaml.load(fh.read(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - t


def _check(claims: str) -> float:
    t = time.perf_counter()
    result = load(claims)
    elapsed = time.perf_counter() - t
    assert not result.report.failed(strict=True), "the synthetic corpus must be clean"
    return elapsed


def main() -> None:
    print(f"{'claims':>7} {'files':>6} {'floor s':>8} {'check s':>8} {'ratio':>6} {'CLI s':>7}")
    for n in (100, 1000, 10_000):
        with tempfile.TemporaryDirectory() as tmp:
            claims = generate(n, tmp)
            paths = sorted(glob.glob(os.path.join(claims, "*.yml")))
            runs = 5 if n < 10_000 else 3
            floors, checks = [], []
            for _ in range(runs):
                floors.append(_floor(paths))
                checks.append(_check(claims))
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "argmap.cli", "check", claims, "--strict"], check=True,
                           stdout=subprocess.DEVNULL)
            cli = time.perf_counter() - t
            f, c = min(floors), min(checks)
            print(f"{n:>7} {len(paths):>6} {f:>8.3f} {c:>8.3f} {c / f:>5.2f}x {cli:>7.2f}", flush=True)


if __name__ == "__main__":
    main()
