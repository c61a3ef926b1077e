"""Claim files as they were at a git revision: the one place argmap runs git.

``git ls-tree`` lists the files below a folder at a revision and ``git show REV:PATH``
reads each; :func:`materialise` writes them into a folder so the ordinary loader can read
them. Nothing in the work tree or the repository is changed.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess

log = logging.getLogger(__name__)

GIT_TIMEOUT = 60


class GitError(Exception):
    """git is missing, the folder is not in a repository, or the revision is unknown."""


def run_git(args: list[str], cwd: str) -> bytes:
    """Run ``git ARGS`` in ``cwd`` and return its standard output; failures become :class:`GitError`."""
    git = shutil.which("git")
    if git is None:
        raise GitError("git is not installed; install it (for example 'apt-get install git') to compare revisions")
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run([git, *args], cwd=cwd, capture_output=True, timeout=GIT_TIMEOUT, env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"git {args[0]} took more than {GIT_TIMEOUT} s") from exc
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[0] if message else f"git {args[0]} failed ({done.returncode})")
    return done.stdout


def repo_root(path: str) -> str:
    folder = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path)) or "."
    try:
        out = run_git(["rev-parse", "--show-toplevel"], folder)
    except GitError as exc:
        raise GitError(f"{path} is not inside a git repository ({exc})") from exc
    return out.decode("utf-8").strip()


def resolve(rev: str, cwd: str) -> str:
    """The commit id of ``rev``; an unknown revision is a :class:`GitError` naming it."""
    try:
        out = run_git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], cwd)
    except GitError as exc:
        raise GitError(f"unknown revision {rev!r}: give a branch, tag or commit such as origin/main or HEAD~1") \
            from exc
    return out.decode("ascii").strip()


def list_files(rev: str, path: str) -> list[str]:
    """Paths (relative to ``path``) of the files below ``path`` at ``rev``, sorted."""
    root = repo_root(path)
    rel = os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
    commit = resolve(rev, root)
    out = run_git(["ls-tree", "-r", "-z", "--name-only", "--full-tree", commit, "--", rel], root)
    prefix = "" if rel == "." else rel.rstrip("/") + "/"
    names = [n for n in out.decode("utf-8").split("\0") if n]
    return sorted(n[len(prefix):] for n in names if n.startswith(prefix) or n == rel)


def materialise(rev: str, path: str, dest: str) -> list[str]:
    """Write the files below ``path`` at ``rev`` into ``dest`` (same layout); return what was written."""
    root = repo_root(path)
    rel = os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
    commit = resolve(rev, root)
    written: list[str] = []
    for name in list_files(commit, path):
        if not name.endswith((".yml", ".yaml")):
            continue
        data = run_git(["show", f"{commit}:{rel}/{name}" if rel != "." else f"{commit}:{name}"], root)
        target = os.path.join(dest, *name.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as fh:
            fh.write(data)
        written.append(target)
    log.info("read %d files of %s at %s", len(written), path, rev)
    return written
