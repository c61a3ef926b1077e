"""The website build (`mkdocs build` with the argmap plugin) beside a bare Material build.

For the paper's claims/ and for a synthetic 5,000-claim corpus: a cold build (empty map cache),
then a warm one (map cache filled), each beside two bare Material builds (same theme, search
and tags plugins, claim pages kept out of the nav), all measured in this run:

- "bare": the same number of small Markdown pages (a claim-sized stub each);
- "same md": the very Markdown pages argmap generates, written to disk and built without the
  plugin (maps left out), so the ratio is argmap's own cost: loading, checks, maps, pages.

Targets (issue 4): warm ≤ 1.5x bare for the paper, ≤ 2x bare at 5,000.
The PDF is left out (bench_pdf.py measures it); run with a number to change the size:
python bench/bench_site.py 1000
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from corpus import generate  # noqa: E402

BARE_CONFIG = """\
site_name: bare
docs_dir: docs
theme: {name: material, font: false}
plugins: [search, tags]
validation: {nav: {omitted_files: ignore}}
nav: [index.md, sections/s0.md]
"""
PAGE = """---
tags: [actor-{t}, claim]
title: Claim c-{i}
---
# Claim `c-{i}`

Bare page {i}: alliance threat deterrence identity public elite opinion base burden scope.

## Relations

- supports [c-{j}](c-{j}.md)

## Evidence

No evidence.
"""


def _mkdocs(config: pathlib.Path, site: pathlib.Path, env: dict[str, str] | None = None) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                   check=True, cwd=config.parent, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def _bare(tmp: pathlib.Path, pages: int) -> pathlib.Path:
    """A plain Material project with ``pages`` Markdown pages (claim pages out of the nav)."""
    docs = tmp / "bare" / "docs"
    (docs / "claims").mkdir(parents=True)
    (docs / "sections").mkdir()
    (docs / "index.md").write_text("# Home\n\nA bare site.\n", encoding="utf-8")
    (docs / "sections" / "s0.md").write_text("# Section\n\nText.\n", encoding="utf-8")
    for i in range(max(1, pages - 2)):
        (docs / "claims" / f"c-{i}.md").write_text(PAGE.format(i=i, j=max(0, i - 1), t=i % 5), encoding="utf-8")
    config = tmp / "bare" / "mkdocs.yml"
    config.write_text(BARE_CONFIG, encoding="utf-8")
    return config


def _same_markdown(tmp: pathlib.Path, claims: pathlib.Path) -> pathlib.Path:
    """A plain Material project holding the pages argmap generates for ``claims`` (no plugin)."""
    from argmap.pipeline import build_site
    from argmap.render.pages import SiteOptions

    result = build_site(str(claims), options=SiteOptions(), maps=False, with_downloads=False)
    docs = tmp / "same" / "docs"
    for src, text in {**result.pages, "index.md": "# Home\n"}.items():
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        (docs / src).write_text(text, encoding="utf-8")
    config = tmp / "same" / "mkdocs.yml"
    config.write_text(BARE_CONFIG.replace("nav: [index.md, sections/s0.md]", "nav: [index.md]"), encoding="utf-8")
    return config


def _count_pages(site: pathlib.Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def measure(label: str, claims: pathlib.Path, tmp: pathlib.Path) -> None:
    cache = tmp / f"cache-{label}"
    env = {"ARGMAP_CLAIMS": str(claims), "ARGMAP_CACHE_DIR": str(cache), "ARGMAP_PDF": "false", "CI": "1"}
    site = tmp / f"site-{label}"
    cold = _mkdocs(ROOT / "mkdocs.yml", site, env)
    warm = min(_mkdocs(ROOT / "mkdocs.yml", site, env) for _ in range(2))
    pages = _count_pages(site)
    bare_cfg = _bare(tmp / label, pages)
    bare = min(_mkdocs(bare_cfg, tmp / f"bare-site-{label}") for _ in range(2))
    same_cfg = _same_markdown(tmp / label, claims)
    same = min(_mkdocs(same_cfg, tmp / f"same-site-{label}") for _ in range(2))
    print(f"{label:>12} {pages:>6} {bare:>7.2f} {same:>7.2f} {cold:>7.2f} {warm:>7.2f} {warm / bare:>6.2f}x "
          f"{warm / same:>6.2f}x", flush=True)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    n = int(argv[0]) if argv and argv[0].isdigit() else 5000
    print(f"{'corpus':>12} {'pages':>6} {'bare s':>7} {'same md':>7} {'cold s':>7} {'warm s':>7} {'w/bare':>7} "
          f"{'w/same':>7}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = pathlib.Path(tmp_name)
        if any((ROOT / "claims").glob("*.yml")):
            measure("paper", ROOT / "claims", tmp)
        claims = pathlib.Path(generate(n, str(tmp / f"synthetic-{n}")))
        measure(f"{n} claims", claims, tmp)
    print("targets: warm ≤ 1.5x bare for the paper, ≤ 2x bare at 5,000 claims")


if __name__ == "__main__":
    main()
