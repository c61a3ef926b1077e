"""Benchmark `argmap pdf`: the paper's claims/ and a synthetic 1,000-claim corpus.

Each build runs in a child process, so its peak memory (ru_maxrss from os.wait4) and its CPU
time are its own; the CPU time is the figure to compare when the machine is busy (the load
average is printed with it), since WeasyPrint uses one core.
Targets (reported, never asserted): the paper's PDF in under 15 s; 1,000 claims in under
40 s (issue 14) and 2 GB. After the timed build it also measures, outside the timing, the smallest
map label on every page that holds a map, in points (argmap.pdf.measure; at least 6 pt, issue 15).

    python bench/bench_pdf.py            # both
    python bench/bench_pdf.py 300        # a synthetic corpus of 300 claims only
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
TARGETS = {"paper": (15.0, None), "synthetic": (40.0, 2048.0)}

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
from argmap.core.loader import load
from argmap.pdf.build import build_pdf, render_maps
result = load(sys.argv[1])
t1 = time.perf_counter()
corpus = result.corpus
cache = sys.argv[2] + ".cache"  # the maps are drawn once, here; build_pdf finds them in the cache
figures = render_maps(corpus, cache_dir=cache)
t2 = time.perf_counter()
build_pdf(corpus, sys.argv[2], source_date_epoch=0, cache_dir=cache, maps=bool(figures))
t3 = time.perf_counter()
print(json.dumps({"claims": len(corpus.claims), "errors": result.report.failed(False),
                  "maps": len(figures), "read": t1 - t0, "maps_s": t2 - t1, "pdf": t3 - t2}))
"""


def measure(claims_dir: str, out_pdf: str) -> dict[str, float]:
    """Build one PDF in a child process: wall time, peak memory (MiB), the child's own figures."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", CHILD, claims_dir, out_pdf], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, cwd=str(ROOT))
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    figures: dict[str, float] = json.loads(out.strip().splitlines()[-1]) if proc.returncode == 0 and out.strip() else {}
    figures.update(wall=wall, cpu=usage.ru_utime + usage.ru_stime, peak_mib=usage.ru_maxrss / 1024,
                   rc=proc.returncode, load=os.getloadavg()[0])
    if os.path.exists(out_pdf):
        figures["size_kib"] = os.path.getsize(out_pdf) / 1024
        try:
            info = subprocess.run(["pdfinfo", out_pdf], capture_output=True, text=True).stdout
            figures["pages"] = float(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        except (OSError, StopIteration):
            pass
        from argmap.pdf.measure import smallest_text

        sizes = [s for s in smallest_text(pathlib.Path(out_pdf).read_bytes(), forms="/ArgmapMap") if s is not None]
        figures["map_pages"] = float(len(sizes))
        figures["smallest_pt"] = min(sizes, default=0.0)
    return figures


def report(name: str, fig: dict[str, float]) -> None:
    limit_s, limit_mib = TARGETS[name]
    ok = fig.get("rc") == 0 and fig["wall"] < limit_s and (limit_mib is None or fig["peak_mib"] < limit_mib)
    print(f"{name:<10} claims={int(fig.get('claims', 0)):>5}  maps={int(fig.get('maps', 0)):>3}  "
          f"pages={int(fig.get('pages', 0)):>5}  wall={fig['wall']:.1f}s cpu={fig['cpu']:.1f}s "
          f"(read {fig.get('read', 0):.1f}s, "
          f"maps {fig.get('maps_s', 0):.1f}s, pdf {fig.get('pdf', 0):.1f}s)  "
          f"peak={fig['peak_mib']:.0f} MiB  size={fig.get('size_kib', 0):.0f} KiB  "
          f"map pages={int(fig.get('map_pages', 0))} smallest label={fig.get('smallest_pt', 0):.2f} pt  "
          f"loadavg={fig['load']:.1f}  target<{limit_s:.0f}s{'' if limit_mib is None else f' <{limit_mib:.0f} MiB'}: "
          f"{'met' if ok else 'MISSED'}", flush=True)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    chosen = [int(a) for a in argv if a.isdigit()]  # bench/run.py passes benchmark names: ignored
    sizes = chosen or [1000]
    with tempfile.TemporaryDirectory() as tmp:
        if not chosen and (ROOT / "claims").is_dir():
            report("paper", measure(str(ROOT / "claims"), os.path.join(tmp, "paper.pdf")))
        sys.path.insert(0, str(HERE))
        from corpus import generate

        for n in sizes:
            claims = generate(n, os.path.join(tmp, f"c{n}"))
            report("synthetic", measure(claims, os.path.join(tmp, f"c{n}.pdf")))


if __name__ == "__main__":
    main()
