"""Editor completion of ids: the generated ids schema, kept current, and the real YAML language server.

The language server is the one VS Code's YAML extension runs (``yaml-language-server`` from npm,
pinned in bench/package.json), driven over stdio with LSP JSON-RPC as an editor drives it.
"""

from __future__ import annotations

import json
import os
import pathlib
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner

from argmap.authoring.idschema import IDS_SCHEMA_PATH, build_ids_schema, render_ids_schema
from argmap.authoring.jsonschema_export import render_schema, schema_validator
from argmap.cli import cli
from argmap.core.loader import load

ROOT = pathlib.Path(__file__).resolve().parent.parent
SERVER = ROOT / "bench" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


def test_committed_ids_schema_is_current() -> None:
    text = (ROOT / IDS_SCHEMA_PATH).read_text(encoding="utf-8")
    assert text == render_ids_schema(load(str(ROOT / "claims")).corpus), "run `argmap schema --ids` and commit it"


def test_ids_schema_lists_the_ids_of_each_kind(paper_corpus: Any) -> None:
    defs = build_ids_schema(paper_corpus)["$defs"]
    assert defs["claim"]["examples"] == sorted(paper_corpus.claims)
    assert defs["evidence"]["examples"] == sorted(paper_corpus.evidence)
    assert defs["source"]["examples"] == sorted(paper_corpus.sources)
    assert defs["claim-or-evidence"]["examples"] == sorted([*paper_corpus.claims, *paper_corpus.evidence])
    relations = defs["relation-or-argument"]["examples"]
    assert all("~" not in r for r in relations)  # only relations with an id of their own can be named
    assert set(paper_corpus.arguments) <= set(relations)
    assert not set(paper_corpus.aliases) & set(defs["claim"]["examples"])  # old ids are not offered


def test_ids_never_reject_a_file(tmp_path: pathlib.Path) -> None:
    """Ids are examples, not an enum: a reference to an id not yet in the file is left to `argmap check`."""
    import yaml

    validator = schema_validator(build_ids_schema(load(str(ROOT / "claims")).corpus))
    data = yaml.safe_load((ROOT / "tests" / "cases" / "valid" / "minimal" / "claims" / "01-s.yml").read_text())
    data["claims"][0]["supports"] = ["an-id-nobody-defined"]
    assert [e.message for e in validator.iter_errors(data)] == []


def test_schema_check_fails_when_a_claim_is_added_and_new_refreshes_the_ids(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "claims", tmp_path / "claims")
    shutil.copytree(ROOT / "site_config" / "schema", tmp_path / "site_config" / "schema")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["schema", "--check"]).exit_code == 0
    path = tmp_path / "claims" / "01-threat-perceptions.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("\narguments:\n", (
        "  - id: hand-written\n    text: Added by hand.\n    kind: claim\n    basis: reconstructed\n"
        "    locator: {source: wong-2015-alliance-thinking, pages: \"144\"}\n\narguments:\n"), 1), encoding="utf-8")
    result = runner.invoke(cli, ["schema", "--check"])
    assert result.exit_code == 1
    assert "claims-ids.schema.json is not current; run `argmap schema --ids`" in result.output
    assert runner.invoke(cli, ["schema", "--ids"]).exit_code == 0
    assert runner.invoke(cli, ["schema", "--check"]).exit_code == 0
    result = runner.invoke(cli, ["new", "claim", "--section", "threat-perceptions", "--id", "via-new",
                                 "--text", "Added with argmap new.", "--pages", "145"])
    assert result.exit_code == 0, result.output
    assert "updated site_config/schema/claims-ids.schema.json" in result.stderr
    ids = json.loads((tmp_path / IDS_SCHEMA_PATH).read_text(encoding="utf-8"))
    assert {"hand-written", "via-new"} <= set(ids["$defs"]["claim"]["examples"])
    assert runner.invoke(cli, ["schema", "--check"]).exit_code == 0


# -- the real language server ---------------------------------------------------------------


class Lsp:
    """A minimal LSP client: Content-Length framed JSON-RPC over the server's stdin and stdout."""

    def __init__(self, root: pathlib.Path) -> None:
        self.proc = subprocess.Popen(["node", str(SERVER), "--stdio"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.next_id = 0
        self.settings = {"validate": True, "completion": True, "hover": True, "schemaStore": {"enable": False},
                         "format": {"enable": False}}
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {
            "workspace": {"configuration": True},
            "textDocument": {"completion": {"completionItem": {"snippetSupport": False}}, "publishDiagnostics": {}},
        }})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": self.settings}})

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while (line := out.readline()) not in (b"\r\n", b"\n"):
                if not line:
                    return
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.inbox.put(json.loads(out.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def _handle(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        if method and "id" in message:  # a request from the server: answer it as an editor would
            result: Any = None
            if method == "workspace/configuration":
                result = [self.settings if item.get("section") == "yaml" else None
                          for item in message["params"]["items"]]
            self._send({"id": message["id"], "result": result})
        elif method == "textDocument/publishDiagnostics":
            self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]

    def request(self, method: str, params: dict[str, Any], timeout: float = 60) -> Any:
        self.next_id += 1
        mine = self.next_id
        self._send({"id": mine, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            message = self.inbox.get(timeout=max(0.1, deadline - time.monotonic()))
            if message.get("id") == mine and "method" not in message:
                assert "error" not in message, message
                return message.get("result")
            self._handle(message)

    def open(self, path: pathlib.Path, text: str) -> str:
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                              "text": text}})
        return uri

    def completion_labels(self, uri: str, line: int, character: int) -> list[str]:
        result = self.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                          "position": {"line": line, "character": character}})
        items = result["items"] if isinstance(result, dict) else result
        return [item["label"] for item in items]

    def wait_for_diagnostics(self, uri: str, timeout: float = 60) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while uri not in self.diagnostics and time.monotonic() < deadline:
            try:
                self._handle(self.inbox.get(timeout=0.5))
            except queue.Empty:
                continue
        return self.diagnostics.get(uri, [])

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
            self.proc.wait(timeout=10)
        except (queue.Empty, subprocess.TimeoutExpired, BrokenPipeError, OSError):
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """The paper's claims with both schemas generated beside them, as `argmap schema` writes them."""
    root = tmp_path_factory.mktemp("editor")
    shutil.copytree(ROOT / "claims", root / "claims")
    schema_dir = root / "site_config" / "schema"
    schema_dir.mkdir(parents=True)
    (schema_dir / "claims.schema.json").write_text(render_schema(), encoding="utf-8")
    (schema_dir / "claims-ids.schema.json").write_text(render_ids_schema(load(str(root / "claims")).corpus),
                                                       encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def lsp(project: pathlib.Path) -> Iterator[Lsp]:
    if shutil.which("node") is None:
        pytest.skip("node is not installed, so the YAML language server cannot run")
    assert SERVER.exists(), "yaml-language-server is missing: run `make setup-test` (npm ci --prefix bench)"
    client = Lsp(project)
    yield client
    client.close()


def _insert_after(text: str, anchor: str, new_line: str) -> tuple[str, int]:
    """``text`` with ``new_line`` after the first line equal to ``anchor``; the new line's number."""
    lines = text.split("\n")
    at = lines.index(anchor) + 1
    return "\n".join([*lines[:at], new_line, *lines[at:]]), at


def test_completion_at_a_supports_item_lists_the_claim_ids(lsp: Lsp, project: pathlib.Path) -> None:
    path = project / "claims" / "01-threat-perceptions.yml"
    text, line = _insert_after(path.read_text(encoding="utf-8"), "    supports:", "      - ")
    labels = lsp.completion_labels(lsp.open(path, text), line, len("      - "))
    corpus = load(str(project / "claims")).corpus
    assert set(corpus.claims) <= set(labels)
    assert not set(corpus.evidence) & set(labels) and not set(corpus.sources) & set(labels)


@pytest.mark.parametrize("anchor, new_line, kind", [
    ("  - id: perceptions-of-china-differ", "    qualifies: [", "claim"),
    ("  - id: perceptions-of-china-differ", "    evidence: [", "evidence"),
    ("  - id: perceptions-of-china-differ", "    locator: {source: ", "source"),
])
def test_completion_offers_the_ids_of_the_field_kind(lsp: Lsp, project: pathlib.Path, anchor: str,
                                                     new_line: str, kind: str) -> None:
    path = project / "claims" / "01-threat-perceptions.yml"
    original = path.read_text(encoding="utf-8")
    if anchor not in original.split("\n"):
        pytest.fail(f"{anchor!r} is no longer a line of {path.name}; pick another anchor")
    text, line = _insert_after(original, anchor, new_line)
    labels = lsp.completion_labels(lsp.open(path.with_name(f"zz-{kind}.yml"), text), line, len(new_line))
    corpus = load(str(project / "claims")).corpus
    expected = {"claim": corpus.claims, "evidence": corpus.evidence, "source": corpus.sources}[kind]
    assert set(expected) <= set(labels), sorted(set(expected) - set(labels))[:5]


def test_a_broken_file_gets_diagnostics(lsp: Lsp, project: pathlib.Path) -> None:
    good = (project / "claims" / "01-threat-perceptions.yml").read_text(encoding="utf-8")
    assert lsp.wait_for_diagnostics(lsp.open(project / "claims" / "zz-good.yml", good)) == []
    lines = good.split("\n")
    kind_line = next(i for i, line in enumerate(lines) if line == "    kind: premise")
    lines[kind_line] = "    kind: premis"
    lines.insert(kind_line + 1, "    suports: [perceptions-of-nk-differ]")
    found = lsp.wait_for_diagnostics(lsp.open(project / "claims" / "zz-broken.yml", "\n".join(lines)))
    by_line = {d["range"]["start"]["line"]: d["message"] for d in found}
    assert by_line.get(kind_line, "").startswith("Value is not accepted. Valid values: \"thesis\", \"claim\"")
    assert by_line.get(kind_line + 1) == "Property suports is not allowed."
