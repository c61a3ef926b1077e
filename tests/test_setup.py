"""The set-up script and terminal behaviour: what a new contributor meets first."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from argmap import progress
from conftest import ROOT


@pytest.mark.skipif(shutil.which("runuser") is None or os.geteuid() != 0, reason="needs root and runuser")
def test_bootstrap_names_missing_packages_when_it_cannot_install_them(tmp_path) -> None:
    """Not root: the script stops before touching anything and prints the apt-get command."""
    env = {"PATH": "/usr/bin:/bin", "ARGMAP_EXTRA_PKGS": "argmap-no-such-package", "VENV": str(tmp_path / "venv")}
    proc = subprocess.run([shutil.which("runuser") or "runuser", "-u", "nobody", "--", "bash",
                           str(ROOT / "tools/setup/bootstrap.sh"), "site"],
                          capture_output=True, text=True, env=env, cwd="/")
    assert proc.returncode == 1
    assert "sudo apt-get install -y argmap-no-such-package" in proc.stderr
    assert not (tmp_path / "venv").exists()


def test_progress_is_silent_in_ci_and_pipes(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert progress.interactive(Tty())
    monkeypatch.setenv("CI", "true")
    assert not progress.interactive(Tty())
    monkeypatch.delenv("CI")
    with open(os.devnull, "w") as devnull:
        assert not progress.interactive(devnull)
    with progress.progress("x") as bar:  # pytest captures stderr: not a terminal
        assert bar is None


def test_ci_script_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme and "make test" in ci
