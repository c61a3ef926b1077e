"""The repository and edit links come from CI or the git remote, never from a placeholder."""

from __future__ import annotations

import pathlib
import shutil
import subprocess

import pytest

from argmap.repolinks import Repository, find, web_url
from site_build import FIXTURE_CLAIMS, ROOT

GITHUB_VARS = ("GITHUB_REPOSITORY", "GITHUB_SERVER_URL", "GITHUB_REF_TYPE", "GITHUB_REF_NAME", "GITHUB_EVENT_NAME")


@pytest.mark.parametrize("remote,url", [
    ("https://github.com/owner/name.git", "https://github.com/owner/name"),
    ("https://github.com/owner/name", "https://github.com/owner/name"),
    ("https://x-access-token:SECRET@github.com/owner/name.git", "https://github.com/owner/name"),
    ("git@github.com:owner/name.git", "https://github.com/owner/name"),
    ("git@github.com:owner/name", "https://github.com/owner/name"),
    ("ssh://git@github.com/owner/name.git", "https://github.com/owner/name"),
    ("ssh://git@GitHub.com:22/owner/name.git", "https://github.com/owner/name"),
    ("https://gitlab.example.org/group/sub/name.git", "https://gitlab.example.org/group/sub/name"),
    ("/srv/git/name.git", None),
    ("file:///srv/git/name.git", None),
    ("", None),
    ("https://github.com/", None),
])
def test_web_url_of_a_remote(remote: str, url: str | None) -> None:
    assert web_url(remote) == url


def test_ci_variables_come_first(tmp_path: pathlib.Path) -> None:
    env = {"GITHUB_SERVER_URL": "https://github.example.com", "GITHUB_REPOSITORY": "owner/name",
           "GITHUB_REF_TYPE": "branch", "GITHUB_REF_NAME": "trunk", "GITHUB_EVENT_NAME": "push"}
    assert find(str(tmp_path), env) == Repository("https://github.example.com/owner/name", "trunk")
    pull = {**env, "GITHUB_EVENT_NAME": "pull_request", "GITHUB_REF_NAME": "12/merge"}
    assert find(str(tmp_path), pull) == Repository("https://github.example.com/owner/name", "main")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_git_remote_is_used_without_ci(tmp_path: pathlib.Path) -> None:
    subprocess.run(["git", "init", "-q", "-b", "develop", str(tmp_path)], check=True)
    assert find(str(tmp_path), {}) is None  # no remote: no repository
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", "git@github.com:owner/name.git"], check=True)
    repo = find(str(tmp_path), {})
    assert repo == Repository("https://github.com/owner/name", "develop")
    assert repo.name == "GitHub" and repo.edit_uri("docs") == "edit/develop/docs/"


def test_nothing_found_means_no_links(tmp_path: pathlib.Path) -> None:
    assert find(str(tmp_path / "not-a-repository"), {}) is None


def _configured(monkeypatch: pytest.MonkeyPatch, **env: str) -> tuple[object, object]:
    from mkdocs.config import load_config

    from argmap.mkdocs_plugin import ArgmapPlugin

    for name in (*GITHUB_VARS, "ARGMAP_REPO_URL", "ARGMAP_EDIT_URI"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["argmap"]
    assert isinstance(plugin, ArgmapPlugin)
    plugin.config.claims, plugin.config.maps, plugin.config.downloads = str(FIXTURE_CLAIMS), False, False
    plugin.on_startup(command="build", dirty=False)
    plugin._build(config)  # on_config, without the priority wrapper MkDocs puts around it
    return plugin, config


def test_the_plugin_sets_the_links_from_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    plugin, config = _configured(monkeypatch, GITHUB_REPOSITORY="owner/name", GITHUB_REF_TYPE="branch",
                                 GITHUB_REF_NAME="main", GITHUB_EVENT_NAME="push")
    assert config.repo_url == "https://github.com/owner/name"  # type: ignore[attr-defined]
    assert config.repo_name == "GitHub" and config.edit_uri == "edit/main/docs/"  # type: ignore[attr-defined]
    claim = plugin.result.corpus.claims["c-gap"]  # type: ignore[attr-defined]
    url = plugin.result.renderer.edit_url(claim)  # type: ignore[attr-defined]
    assert url.startswith("https://github.com/owner/name/edit/main/tests/fixtures/corpus/claims/")
    assert f'<a href="{url}" rel="noopener">Edit this claim</a>' in plugin.result.pages["claims/c-gap.md"]  # type: ignore[attr-defined]


def test_no_repository_means_no_edit_or_repository_links(monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap import mkdocs_plugin

    monkeypatch.setattr(mkdocs_plugin, "find_repository", lambda root, env: None)
    plugin, config = _configured(monkeypatch)
    assert config.repo_url is None and not config.edit_uri  # type: ignore[attr-defined]
    claim = plugin.result.corpus.claims["c-gap"]  # type: ignore[attr-defined]
    assert plugin.result.renderer.edit_url(claim) == ""  # type: ignore[attr-defined]
    assert "Edit this claim" not in plugin.result.pages["claims/c-gap.md"]  # type: ignore[attr-defined]


def test_mkdocs_yml_names_no_placeholder_repository() -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "example/argmap" not in text and "repo_url: !ENV [ARGMAP_REPO_URL, null]" in text
