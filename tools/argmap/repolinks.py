"""Where the site's "edit" and repository links point: the project's own repository, found from
CI's variables or the git remote, never a placeholder.

In order: GitHub Actions' ``GITHUB_SERVER_URL`` and ``GITHUB_REPOSITORY``; then ``git remote
get-url origin`` in the project folder (``https://host/owner/name(.git)``,
``git@host:owner/name(.git)`` or ``ssh://git@host/owner/name(.git)``; user names and tokens are
dropped). With neither there is no repository, and the site shows no edit or repository links.
The branch the edit links open is the CI's pushed branch, else the remote's default branch, else
the checked-out branch, else ``main``.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

#: Forge names MkDocs shows beside the repository icon; any other host is shown as itself.
FORGES = {"github.com": "GitHub", "gitlab.com": "GitLab", "bitbucket.org": "Bitbucket"}
_SCP = re.compile(r"^(?:[^@/\s]+@)?(?P<host>[A-Za-z0-9.-]+):(?P<path>(?!/)[^\s]+)$")
_PATH = re.compile(r"^[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)+$")


@dataclass(frozen=True)
class Repository:
    url: str       # https://host/owner/name, no trailing slash
    branch: str

    @property
    def name(self) -> str:
        host = urlsplit(self.url).netloc.lower()
        return FORGES.get(host, host)

    def edit_uri(self, docs_dir: str = "docs") -> str:
        """MkDocs' ``edit_uri`` for the hand-written pages under ``docs_dir`` (GitHub's form)."""
        return f"edit/{self.branch}/{docs_dir.strip('/')}/" if docs_dir.strip("/") else f"edit/{self.branch}/"


def web_url(remote: str) -> str | None:
    """The https address of a git remote (https, scp-like ssh or ssh:// form); None when it is not one."""
    remote = remote.strip()
    match = _SCP.match(remote)
    if match and "://" not in remote:
        host, path = match["host"], match["path"]
    else:
        parts = urlsplit(remote)
        if parts.scheme not in ("https", "http", "ssh", "git+ssh") or not parts.hostname:
            return None
        host, path = parts.hostname, parts.path
        if parts.scheme in ("https", "http") and parts.port:
            host = f"{host}:{parts.port}"
    path = path.strip("/")
    path = path[:-4] if path.endswith(".git") else path
    if not _PATH.match(path):
        return None
    return f"https://{host.lower()}/{path}"


def _git(root: str, *args: str) -> str:
    try:
        proc = subprocess.run(["git", "-C", root, *args], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""


def _branch(root: str, env: Mapping[str, str]) -> str:
    pushed = env.get("GITHUB_REF_TYPE") == "branch" and env.get("GITHUB_EVENT_NAME") != "pull_request"
    if pushed and env.get("GITHUB_REF_NAME"):
        return env["GITHUB_REF_NAME"]
    default = _git(root, "symbolic-ref", "--short", "refs/remotes/origin/HEAD")
    if default.startswith("origin/"):
        return default[len("origin/"):]
    current = _git(root, "symbolic-ref", "--short", "HEAD")
    return current if current and current != "HEAD" else "main"


def find(root: str, env: Mapping[str, str]) -> Repository | None:
    """The project's repository, from CI's variables or the git remote of ``root``; None without either."""
    if env.get("GITHUB_REPOSITORY") and _PATH.match(env["GITHUB_REPOSITORY"]):
        server = (env.get("GITHUB_SERVER_URL") or "https://github.com").rstrip("/")
        return Repository(f"{server}/{env['GITHUB_REPOSITORY']}", _branch(root, env))
    url = web_url(_git(root, "remote", "get-url", "origin"))
    return Repository(url, _branch(root, env)) if url else None
