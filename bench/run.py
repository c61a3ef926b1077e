"""Run every benchmark in bench/ (files named bench_*.py, each with a main()) and print its figures.

Benchmarks report ratios against a baseline measured in the same run (a bare YAML load,
the `dot` command, a bare MkDocs build, Argdown's CLI); they never assert times.
Select some with: python bench/run.py check maps
"""

from __future__ import annotations

import importlib.util
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    wanted = set(argv)
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem[len("bench_"):]
        if wanted and name not in wanted:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.path.insert(0, str(HERE))
        spec.loader.exec_module(module)
        print(f"\n== {name} ==", flush=True)
        module.main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
