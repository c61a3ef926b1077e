"""A regular (not editable) install of argmap makes the same PDF as the checkout: the print
stylesheet and templates ship as package data."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import sysconfig
import venv

import pytest

from conftest import FIXTURE_CORPUS, ROOT

_PDF = """
import sys
import argmap
from argmap.core.loader import load
from argmap.pdf.build import build_pdf
print(argmap.__file__)
build_pdf(load(sys.argv[1]).corpus, sys.argv[2], source_date_epoch=1700000000)
"""


@pytest.mark.slow
def test_an_installed_wheel_makes_the_same_pdf(tmp_path: pathlib.Path) -> None:
    source = tmp_path / "source"  # a copy, so that the build leaves nothing in the checkout
    shutil.copytree(ROOT / "tools", source / "tools", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("argmap-*.whl")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # The dependencies come from the test environment (nothing is downloaded again), but not its
    # editable argmap: a path in a .pth file does not run the .pth files found there.
    (pathlib.Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                              str(wheel)], capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr
    claims = tmp_path / "project" / "claims"
    shutil.copytree(FIXTURE_CORPUS, claims)  # no site_config/ beside it: argmap's own stylesheet is used
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    outputs = {}
    for name, interpreter in (("installed", str(python)), ("checkout", sys.executable)):
        out = tmp_path / f"{name}.pdf"
        run = subprocess.run([interpreter, "-c", _PDF, str(claims), str(out)], capture_output=True, text=True,
                             timeout=600, cwd=tmp_path, env=env)
        assert run.returncode == 0, run.stderr
        where = pathlib.Path(run.stdout.splitlines()[0]).resolve()
        assert (where.is_relative_to(pathlib.Path(site).resolve())) == (name == "installed"), where
        outputs[name] = out.read_bytes()
    assert outputs["installed"].startswith(b"%PDF-")
    assert outputs["installed"] == outputs["checkout"]
