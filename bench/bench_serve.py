"""Live preview: from saving a claim file to `mkdocs serve` serving the page with the new text.

For the paper's claims/ and a synthetic corpus (default 5,000 claims): start `mkdocs serve` the
way `make serve` does (no PDF), wait until it serves the site, then change one claim's text in
its file and poll the claim's page until the new text is there. Reported beside the same
project's warm `mkdocs build` (the baseline measured in this run) and the serve's own start-up;
each rebuild also in CPU seconds (the serve process and the `dot` processes it waited for).
Targets (issue 14): save-to-served ≤ 1.5 s for the paper, ≤ 10 s at 5,000 claims.

    python bench/bench_serve.py          # paper and 5,000 claims
    python bench/bench_serve.py 1000     # paper and 1,000 claims
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from corpus import generate  # noqa: E402

TEXT = re.compile(r"^(\s*-?\s*text:\s*)(.+)$", re.M)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return str(resp.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, needle: str, limit: float, interval: float = 0.05) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        page = _get(url)
        if page is not None and needle in page:
            return time.perf_counter() - start
        time.sleep(interval)
    return None


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) of process ``pid`` and of the children it waited for, such as
    `dot`, from /proc (0.0 where there is no /proc)."""
    try:
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _first_claim(claims: pathlib.Path) -> tuple[pathlib.Path, str]:
    """A claim file and the id of a claim in it whose text can be changed."""
    for path in sorted(claims.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        m = re.search(r"^\s*-\s*id:\s*([a-z0-9-]+)\s*\n\s*text:", text, re.M)
        if m:
            return path, m.group(1)
    raise SystemExit(f"no claim with a text in {claims}")


def _edit(path: pathlib.Path, cid: str, marker: str) -> None:
    text = path.read_text(encoding="utf-8")
    at = text.index(f"id: {cid}")
    m = TEXT.search(text, at)
    assert m is not None
    path.write_text(text[:m.start(2)] + f"{marker} " + text[m.start(2):], encoding="utf-8")


def measure(label: str, claims: pathlib.Path, tmp: pathlib.Path, rounds: int = 2) -> None:
    work = tmp / f"claims-{label}"
    shutil.copytree(claims, work)
    cache = tmp / f"cache-{label}"
    env = {**os.environ, "ARGMAP_CLAIMS": str(work), "ARGMAP_CACHE_DIR": str(cache), "ARGMAP_PDF": "false",
           "NO_MKDOCS_2_WARNING": "1", "CI": "1"}
    site = tmp / f"site-{label}"
    build = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)]
    subprocess.run(build, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t = time.perf_counter()
    proc = subprocess.Popen(build, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise subprocess.CalledProcessError(os.waitstatus_to_exitcode(status), build)
    warm = time.perf_counter() - t
    warm_cpu = usage.ru_utime + usage.ru_stime
    path, cid = _first_claim(work)
    port = _port()
    url = f"http://127.0.0.1:{port}/claims/{cid}/"
    log = (tmp / f"serve-{label}.log").open("w")
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(ROOT / "mkdocs.yml"),
                             "--dev-addr", f"127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        started = _wait_for(url, cid, 900, 0.2)
        if started is None:
            print(f"{label:>12}: mkdocs serve did not start (see {log.name})")
            return
        startup = time.perf_counter() - t
        times, cpu = [], []
        for n in range(rounds):
            time.sleep(1.0)  # let the watcher settle after the last build
            marker = f"Edited{n}x{os.getpid()}"
            before = _cpu(proc.pid)
            t = time.perf_counter()
            _edit(path, cid, marker)
            took = _wait_for(url, marker, 600)
            times.append(time.perf_counter() - t if took is not None else float("nan"))
            cpu.append(_cpu(proc.pid) - before)
        best = min(times)
        print(f"{label:>12} start-up {startup:6.1f} s  save-to-served {' '.join(f'{x:.2f}' for x in times)} s"
              f"  (serve's CPU {' '.join(f'{x:.2f}' for x in cpu)} s)  warm build {warm:.2f} s wall, "
              f"{warm_cpu:.2f} s CPU  ratio {best / warm:.2f}x warm", flush=True)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    n = next((int(a) for a in argv if a.isdigit()), 5000)
    print("targets: save-to-served <= 1.5 s for the paper, <= 10 s at 5,000 claims")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = pathlib.Path(tmp_name)
        if any((ROOT / "claims").glob("*.yml")):
            measure("paper", ROOT / "claims", tmp)
        claims = pathlib.Path(generate(n, str(tmp / f"synthetic-{n}")))
        measure(f"{n} claims", claims, tmp, rounds=1)


if __name__ == "__main__":
    main()
