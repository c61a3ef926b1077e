"""Two plain builds of the same claims give the same bytes, whatever the process' hash seed.

Python orders the members of a set of strings by the hash seed, which changes from process to
process; anything written from a set (here: the pan-zoom plugin's selectors, in every page) would
differ between two builds of the same commit. Each build gets its own cache, so nothing is reused.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

from site_build import FIXTURE_CLAIMS, ROOT


def _site(tmp: pathlib.Path, seed: str) -> dict[str, bytes]:
    out = tmp / f"seed-{seed}"
    env = {**os.environ, "ARGMAP_CLAIMS": str(FIXTURE_CLAIMS), "ARGMAP_CACHE_DIR": str(out / "cache"),
           "ARGMAP_PDF": "false", "PYTHONHASHSEED": seed, "NO_MKDOCS_2_WARNING": "1", "CI": "1"}
    for name in ("ARGMAP_OFFLINE", "SOURCE_DATE_EPOCH"):
        env.pop(name, None)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"),
                           "-d", str(out / "site")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    site = out / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_with_other_hash_seeds_give_the_same_bytes(tmp_path: pathlib.Path) -> None:
    first, second = _site(tmp_path, "1"), _site(tmp_path, "2")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    home = first["index.html"].decode("utf-8")
    assert '"selectors": [".am-map-canvas", ".d2"]' in home  # the pan-zoom plugin's, in one order
