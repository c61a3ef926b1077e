"""Argdown's own parser, run as a command: ``argdown json`` (from ``@argdown/cli``) gives a file's JSON.

The importer (:mod:`argmap.interchange.argdownimport`) reads only what this returns; a file
Argdown cannot read is an :class:`ArgdownError` naming the file, line and column.

The file is untrusted: Argdown runs on a copy (its path is a glob to Argdown), with a config that
keeps the front matter from changing Argdown's settings (by default it is merged into them, so
``saveAs: {outputDir: ...}`` would write wherever it says), and a file with ``@include(...)``
(which reads any file, even inside an escaped ``\\@include``) is refused.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from argmap.interchange.aifimport import ImportProblem

TIMEOUT = 300
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_AT = re.compile(r"At (\d+):(\d+)\s*\n\s*(.+)")
_INCLUDE = re.compile(r"@include\(([^\)]+)\)")  # Argdown's IncludePlugin's own pattern
#: Argdown's settings: the front matter is data only, never configuration.
CONFIG = {"data": {"frontMatterSettingsMode": "ignore"}}


class ArgdownError(ImportProblem):
    """An Argdown file that cannot be read: the message names the file (and the line and column)."""


def argdown_cli() -> str:
    """The ``argdown`` command: ``$ARGMAP_ARGDOWN``, the project's ``bench/node_modules``, or ``PATH``."""
    env = os.environ.get("ARGMAP_ARGDOWN")
    if env:
        return env
    local = Path(__file__).resolve().parents[3] / "bench" / "node_modules" / ".bin" / "argdown"
    if local.is_file():
        return str(local)
    found = shutil.which("argdown")
    if found:
        return found
    raise ArgdownError("Argdown's CLI is not installed: run `make setup-test` (it installs @argdown/cli from "
                       "bench/package-lock.json), or set ARGMAP_ARGDOWN to the `argdown` command")


def read_argdown(path: str, cli: str | None = None) -> dict[str, Any]:
    """Argdown's JSON for one file, from ``argdown json``; :class:`ArgdownError` when it cannot be read."""
    if not os.path.isfile(path):
        raise ArgdownError(f"{path}: no such file")
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except UnicodeDecodeError:
        raise ArgdownError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise ArgdownError(f"{path}: cannot read: {exc.strerror or exc}") from None
    include = _INCLUDE.search(text)
    if include:
        line = text.count("\n", 0, include.start()) + 1
        col = include.start() - (text.rfind("\n", 0, include.start()) + 1) + 1
        raise ArgdownError(f"{path}:{line}:{col}: @include({include.group(1)}) is not followed (it could read any "
                           "file): put the included text into the file, or import both files")
    cli = cli or argdown_cli()
    with tempfile.TemporaryDirectory(prefix="argmap-argdown-") as tmp:
        source = os.path.join(tmp, "input.argdown")
        with open(source, "w", encoding="utf-8") as fh:
            fh.write(text)
        config = os.path.join(tmp, "argdown.config.json")
        with open(config, "w", encoding="utf-8") as fh:
            json.dump(CONFIG, fh)
        try:
            run = subprocess.run([cli, "json", source, tmp, "--config", config], capture_output=True, text=True,
                                 timeout=TIMEOUT, check=False, cwd=tmp)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ArgdownError(f"{path}: Argdown's CLI ({cli}) failed: {exc}") from None
        out = os.path.join(tmp, "input.json")
        said = _ANSI.sub("", run.stdout + "\n" + run.stderr)
        at = _AT.search(said)
        if at:
            raise ArgdownError(f"{path}:{at.group(1)}:{at.group(2)}: Argdown syntax error: {at.group(3).strip()}")
        if run.returncode != 0 or not os.path.isfile(out):
            last = [line for line in said.splitlines() if line.strip()][-1:] or ["no output"]
            raise ArgdownError(f"{path}: Argdown's CLI could not read it: {last[0].strip()}")
        with open(out, encoding="utf-8") as fh:
            data = json.load(fh)
    if not isinstance(data, dict) or not isinstance(data.get("statements", {}), dict) \
            or not isinstance(data.get("arguments", {}), dict) or not isinstance(data.get("relations", []), list):
        raise ArgdownError(f"{path}: Argdown's JSON has an unexpected shape")
    return data
