"""Helpers for the site tests: build a site once per session, and a corpus full of XSS payloads."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import textwrap

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURE_CLAIMS = ROOT / "tests" / "fixtures" / "corpus" / "claims"
PAPER_CLAIMS = ROOT / "claims"

#: Each payload, if it ever ran, would set window.__xss (or open a dialog).
PAYLOADS = (
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '"><svg onload=window.__xss=1>',
    "</title><script>window.__xss=1</script>",
    "&lt;/title&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;",
    "[click](javascript:window.__xss=1)",
    "[click](jAvAsCrIpT&colon;alert(1))",
    "{{ 7*7 }} {% raw %} ${alert(1)}",
    "<!-- argmap:map overview --> <!-- material/tags -->",
    "' onmouseover='window.__xss=1",
    "`</code><script>window.__xss=1</script>`",
)

_BUILT: dict[str, pathlib.Path] = {}
#: The repository of the test builds' edit links.
REPOSITORY = "argmap-tests/fixture"


def payload(i: int) -> str:
    """Field number ``i``: a marker, then every payload."""
    return f"P{i} " + " | ".join(PAYLOADS)


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_xss_corpus(out: pathlib.Path) -> pathlib.Path:
    """Claim files with a payload in every free-text field (ids stay valid). Checks reject them."""
    out.mkdir(parents=True, exist_ok=True)
    n = iter(range(1000))
    p = lambda: _q(payload(next(n)))  # noqa: E731
    (out / "paper.yml").write_text(textwrap.dedent(f"""\
        paper:
          source: src-a
          title: {p()}
          thesis: [c-one]
          sections: [s-one, s-two]
          summary: {p()}
          coverage: {p()}
        """), encoding="utf-8")
    (out / "sources.yml").write_text(textwrap.dedent(f"""\
        references:
          - id: src-a
            type: chapter
            title: {p()}
            author: [{{family: {p()}, given: {p()}}}]
            container-title: {p()}
            publisher: {p()}
            issued: {{date-parts: [[2015]]}}
            page: {p()}
            URL: "javascript:window.__xss=1"
            uncertain: {{page: {p()}, title: {p()}}}
            notice: {p()}
          - id: src-b
            type: report
            title: {p()}
            author: [{{literal: {p()}}}]
            issued: {p()}
            URL: "https://example.org/?q=<script>window.__xss=1</script>"
        """), encoding="utf-8")
    (out / "vocabulary.yml").write_text(textwrap.dedent(f"""\
        vocabulary:
          actors:
            - {{id: north, label: {p()}, description: {p()}, alt_labels: [{p()}]}}
            - {{id: south, label: {p()}}}
          dimensions:
            - {{id: dim, label: {p()}, description: {p()}}}
          levels:
            - {{id: lev, label: {p()}}}
        """), encoding="utf-8")
    (out / "01-one.yml").write_text(textwrap.dedent(f"""\
        section:
          id: s-one
          title: {p()}
          pages: {p()}
          coverage: partial
          summary: {p()}
          topics:
            - {{id: t-open, title: {p()}, note: {p()}, actors: [north]}}
        claims:
          - id: c-one
            text: {p()}
            label: {p()}
            note: {p()}
            kind: thesis
            basis: stated
            locator: {{source: src-a, pages: {p()}, note: {p()}}}
            actors: [north, south]
            dimension: dim
            level: lev
            tags: [{p()}]
            aliases: [old-one]
          - id: c-two
            text: {p()}
            kind: claim
            basis: reconstructed
            locator: {{source: src-a, pages: "1"}}
            supports:
              - claim: c-one
                id: rel-two-one
                because: {p()}
          - id: c-three
            text: {p()}
            kind: counterclaim
            basis: reconstructed
            locator: {{source: src-a, pages: "2"}}
            attacks: [{{claim: c-one, because: {p()}}}]
            undercuts:
              - relation: rel-two-one
                because: {p()}
        arguments:
          - id: arg-one
            label: {p()}
            premises: [c-two, c-three]
            conclusion: c-one
            basis: reconstructed
            because: {p()}
            note: {p()}
        evidence:
          - id: ev-one
            label: {p()}
            kind: survey
            provenance: context
            date: "2014-07-14"
            date_note: {p()}
            summary: {p()}
            source: src-b
            locator: {p()}
            url: "javascript:window.__xss=1"
            note: {p()}
            supports: [{{claim: c-two, because: {p()}}}]
        """), encoding="utf-8")
    (out / "02-two.yml").write_text(textwrap.dedent(f"""\
        section:
          id: s-two
          title: {p()}
          coverage: not-encoded
          summary: {p()}
        """), encoding="utf-8")
    (out / "comparisons.yml").write_text(textwrap.dedent(f"""\
        comparisons:
          - id: cmp-one
            title: {p()}
            subjects: [north, south]
            summary: {p()}
            rows:
              - id: row-one
                label: {p()}
                dimension: dim
                cells: {{north: c-one, south: c-two}}
                verdict: diverge
                because: {p()}
        """), encoding="utf-8")
    return out


def build(name: str, claims: pathlib.Path, out: pathlib.Path, *, offline: bool = False,
          on_error: str = "fail", pdf: bool = False) -> pathlib.Path:
    """``mkdocs build --strict`` of the project's mkdocs.yml over another claims folder, once per session."""
    if name in _BUILT:
        return _BUILT[name]
    env = {**os.environ, "ARGMAP_CLAIMS": str(claims), "ARGMAP_ON_ERROR": on_error,
           "ARGMAP_CACHE_DIR": str(out / "cache"), "ARGMAP_PDF": "true" if pdf else "false",
           "NO_MKDOCS_2_WARNING": "1", "CI": "1",
           # The repository the edit links point at, as GitHub Actions names it (argmap.repolinks).
           "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": REPOSITORY, "GITHUB_REF_TYPE": "branch",
           "GITHUB_REF_NAME": "main", "GITHUB_EVENT_NAME": "push"}
    for name in ("ARGMAP_OFFLINE", "ARGMAP_REPO_URL", "ARGMAP_EDIT_URI"):
        env.pop(name, None)
    if offline:
        env["ARGMAP_OFFLINE"] = "true"
    site = out / "site"
    shutil.rmtree(site, ignore_errors=True)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
                           "-d", str(site)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise AssertionError(f"mkdocs build failed ({name}):\n{proc.stdout}\n{proc.stderr}")
    _BUILT[name] = site
    return site


def build_here(claims: pathlib.Path, out: pathlib.Path, monkeypatch: object, *, strict: bool = True,
               pdf: bool = True, **env: str) -> tuple[int, str]:
    """``mkdocs build`` of the project's mkdocs.yml in this process (so a test can monkeypatch a
    step of the build): (exit status, everything MkDocs logged and printed)."""
    from click.testing import CliRunner
    from mkdocs.__main__ import cli

    settings = {"ARGMAP_CLAIMS": str(claims), "ARGMAP_ON_ERROR": "fail", "ARGMAP_CACHE_DIR": str(out / "cache"),
                "ARGMAP_PDF": "true" if pdf else "false", "NO_MKDOCS_2_WARNING": "1", "CI": "1",
                "SOURCE_DATE_EPOCH": "1700000000", **env}
    for name, value in settings.items():
        monkeypatch.setenv(name, value)  # type: ignore[attr-defined]
    monkeypatch.delenv("ARGMAP_OFFLINE", raising=False)  # type: ignore[attr-defined]
    monkeypatch.chdir(ROOT)  # type: ignore[attr-defined]
    args = ["build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out / "site"), "--strict" if strict else "--no-strict"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return result.exit_code, result.output
