"""The website build (`mkdocs build` with the argmap plugin) beside a bare Material build.

For the paper's claims/ and for a synthetic 5,000-claim corpus: a cold build (empty caches),
a warm one (caches filled, claims unchanged: argmap reuses its whole result) and an "edited"
one (one claim file changed, so the claims are loaded, checked and every page rendered again,
with only the maps of unchanged graphs taken from the cache), each beside bare Material builds
(same theme, search and tags plugins, claim pages kept out of the nav), all measured in this run:

- "bare": this project's hand-written pages (docs/, same Markdown extensions and nav) plus one
  claim-sized stub page for each page argmap generates, so both sites have the same pages;
- "stubs": only stub pages, the same number (the baseline of the first measurements);
- "same md": the very Markdown pages argmap generates, written to disk and built without the
  plugin (maps left out), so the ratio is argmap's own cost: loading, checks, maps, pages.

Targets (issue 4): warm ≤ 1.5x bare for the paper, ≤ 2x bare at 5,000. Issue 14: the paper's
plain `mkdocs build` (PDF included, no SOURCE_DATE_EPOCH) warm ≤ 1.5x bare; at 5,000 claims cold
≤ 60 s and ≤ 1.5x (the `dot` floor + bare), edited ≤ 1.5x bare, warm ≤ 1.3x bare.
Every build is reported in wall seconds and, on a shared machine the steadier figure, CPU seconds
(the build and the processes it waited for). ARGMAP_BENCH_QUICK=1 leaves out "stubs" and "same md".
The PDF is left out otherwise (bench_pdf.py measures it); run with a number to change the size:
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


def yaml_loader() -> type:
    import yaml

    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_sequence(node)
                                 if isinstance(node, yaml.SequenceNode) else loader.construct_scalar(node))
    return Loader

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


#: CPU seconds (user + system, the build and every process it waited for, such as `dot`) of each
#: build, by the wall time _mkdocs returned: on a machine shared with other work the CPU time is
#: the steadier figure, so each row is printed both ways.
CPU: dict[float, float] = {}


def _mkdocs(config: pathlib.Path, site: pathlib.Path, env: dict[str, str] | None = None) -> float:
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                            cwd=config.parent, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise subprocess.CalledProcessError(os.waitstatus_to_exitcode(status), proc.args)
    wall = time.perf_counter() - t
    CPU[wall] = usage.ru_utime + usage.ru_stime
    return wall


def _best(times: list[float]) -> tuple[float, float]:
    """The fastest of ``times`` (wall) and, separately, the least CPU time among them."""
    return min(times), min(CPU[t] for t in times)


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
    from argmap.website.pages import SiteOptions

    result = build_site(str(claims), options=SiteOptions(), maps=False, with_downloads=False)
    docs = tmp / "same" / "docs"
    for src, text in {**result.pages, "index.md": "# Home\n"}.items():
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        (docs / src).write_text(text, encoding="utf-8")
    config = tmp / "same" / "mkdocs.yml"
    config.write_text(BARE_CONFIG.replace("nav: [index.md, sections/s0.md]", "nav: [index.md]"), encoding="utf-8")
    return config


def _bare_with_docs(tmp: pathlib.Path, pages: int) -> pathlib.Path:
    """This project's docs/ with its Markdown extensions and nav, plus stub pages up to ``pages``."""
    import shutil

    import yaml

    docs = tmp / "bare-docs" / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "claims").mkdir(exist_ok=True)
    written = sum(1 for _ in docs.rglob("*.md"))
    for i in range(max(1, pages - written)):
        (docs / "claims" / f"c-{i}.md").write_text(PAGE.format(i=i, j=max(0, i - 1), t=i % 5), encoding="utf-8")
    real = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    plugins = [p for p in real["plugins"] if (next(iter(p)) if isinstance(p, dict) else p) in ("search", "tags")]
    theme = {k: v for k, v in real["theme"].items() if k != "custom_dir"}

    def drop_marker(items: object) -> object:
        if isinstance(items, list):
            return [drop_marker(i) for i in items if not (isinstance(i, dict) and "argmap:" in str(i))]
        return items
    config = {"site_name": "bare", "docs_dir": "docs", "theme": theme, "plugins": plugins,
              "markdown_extensions": real["markdown_extensions"], "nav": drop_marker(real["nav"]),
              "validation": {"nav": {"omitted_files": "ignore", "not_found": "ignore"},
                             "links": {"not_found": "ignore", "unrecognized_links": "ignore"}}}
    path = tmp / "bare-docs" / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


class _IgnoreTags(yaml_loader()):  # type: ignore[misc]
    """Reads mkdocs.yml's !ENV values as plain data (the bare site needs none of them)."""


def _count_pages(site: pathlib.Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def _touch_one_claim(claims: pathlib.Path) -> None:
    """Change one claim file's bytes (a comment line), as a contributor's edit would."""
    first = sorted(claims.rglob("*.yml"))[-1]
    first.write_text(first.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")


def measure(label: str, claims: pathlib.Path, tmp: pathlib.Path, *, plain: bool = False, floor: bool = False) -> None:
    import shutil

    work = tmp / f"claims-{label}"
    shutil.copytree(claims, work)  # the edited build changes a file: never the caller's
    cache = tmp / f"cache-{label}"
    env = {"ARGMAP_CLAIMS": str(work), "ARGMAP_CACHE_DIR": str(cache), "ARGMAP_PDF": "false", "CI": "1"}
    site = tmp / f"site-{label}"
    cold = _mkdocs(ROOT / "mkdocs.yml", site, env)
    cold_cpu = CPU[cold]
    warm, warm_cpu = _best([_mkdocs(ROOT / "mkdocs.yml", site, env) for _ in range(2)])
    edited_runs = []
    for _ in range(2):
        _touch_one_claim(work)
        edited_runs.append(_mkdocs(ROOT / "mkdocs.yml", site, env))
    edited, edited_cpu = _best(edited_runs)
    pages = _count_pages(site)
    bare_cfg = _bare_with_docs(tmp / label, pages)
    bare, bare_cpu = _best([_mkdocs(bare_cfg, tmp / f"bare-docs-site-{label}") for _ in range(2)])
    if plain:  # a plain `mkdocs build` as a user runs it: the PDF too, no SOURCE_DATE_EPOCH
        plain_env = {k: v for k, v in env.items() if k != "ARGMAP_PDF"}
        plain_cold = _mkdocs(ROOT / "mkdocs.yml", site, plain_env)
        plain_warm, plain_cpu = _best([_mkdocs(ROOT / "mkdocs.yml", site, plain_env) for _ in range(2)])
        print(f"{label:>12} plain build (PDF included, no SOURCE_DATE_EPOCH): first {plain_cold:.2f} s, "
              f"warm {plain_warm:.2f} s = {plain_warm / bare:.2f}x bare; CPU {plain_cpu:.2f} s = "
              f"{plain_cpu / bare_cpu:.2f}x bare's {bare_cpu:.2f} s (target <= 1.5x)", flush=True)
    if floor:
        from bench_maps import dot_floor

        maps, alone, batched = dot_floor(str(claims), str(tmp / f"floor-{label}"))
        print(f"{label:>12} cold {cold:.1f} s wall, {cold_cpu:.1f} s CPU; dot floor ({maps} maps, dot's own CPU "
              f"summed) {alone:.1f} s (batched {batched:.1f} s); cold / (floor + bare): wall "
              f"{cold / (alone + bare):.2f}x, CPU {cold_cpu / (alone + bare_cpu):.2f}x (target <= 1.5x; cold "
              f"target <= 60 s)", flush=True)
    print(f"{label:>12} CPU seconds: bare {bare_cpu:.2f}, cold {cold_cpu:.2f}, warm {warm_cpu:.2f} "
          f"({warm_cpu / bare_cpu:.2f}x bare), edited {edited_cpu:.2f} ({edited_cpu / bare_cpu:.2f}x bare)", flush=True)
    stubs = same = float("nan")
    if not os.environ.get("ARGMAP_BENCH_QUICK"):
        stubs_cfg = _bare(tmp / label, pages)
        stubs = min(_mkdocs(stubs_cfg, tmp / f"bare-site-{label}") for _ in range(2))
        same_cfg = _same_markdown(tmp / label, claims)
        same = min(_mkdocs(same_cfg, tmp / f"same-site-{label}") for _ in range(2))
    print(f"{label:>12} {pages:>6} {bare:>6.2f} {stubs:>6.2f} {same:>7.2f} {cold:>7.2f} {warm:>6.2f} "
          f"{edited:>6.2f}   {warm / bare:>5.2f}x {edited / bare:>5.2f}x {warm / stubs:>5.2f}x "
          f"{warm / same:>5.2f}x", flush=True)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    n = int(argv[0]) if argv and argv[0].isdigit() else 5000
    os.environ.pop("SOURCE_DATE_EPOCH", None)  # the PDF's date comes from the claims
    print(f"{'corpus':>12} {'pages':>6} {'bare':>6} {'stubs':>6} {'same md':>7} {'cold':>7} {'warm':>6} "
          f"{'edited':>6}   {'w/bare':>6} {'e/bare':>6} {'w/stub':>6} {'w/same':>6}   (seconds)")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = pathlib.Path(tmp_name)
        if any((ROOT / "claims").glob("*.yml")):
            measure("paper", ROOT / "claims", tmp, plain=True)
        claims = pathlib.Path(generate(n, str(tmp / f"synthetic-{n}")))
        measure(f"{n} claims", claims, tmp, floor=True)
    print("targets: warm ≤ 1.5x bare for the paper, ≤ 2x bare at 5,000 claims (issue 14: edited ≤ 1.5x, warm ≤ 1.3x)")
    print("w/ = warm build, e/ = one claim file edited; bare = docs/ + stubs, stub = stubs only")


if __name__ == "__main__":
    main()
