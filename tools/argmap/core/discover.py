"""Where the claim files are: the project's claims folder, found upward, and the files in it.

:func:`find_files` lists the claim files under a folder in a stable order and refuses symbolic
links that lead out of it (AM051) or round in a loop (AM052); :func:`find_claims_dir` finds the
claims folder of the project the working directory is in, as git finds its repository.
"""

from __future__ import annotations

import errno
import os

from argmap.core.diagnostics import Location, Report

__all__ = ["display_path", "find_claims_dir", "find_files"]


def find_files(path: str, report: Report | None = None) -> list[str]:
    """Claim files under ``path`` in a stable order (``path`` itself when it is a file).

    A symbolic link is followed only when its real path stays inside ``path``; one that leaves
    it (AM051) or goes round in a loop (AM052) is left out, and reported when ``report`` is given.
    Linked folders are not entered.
    """
    if os.path.isfile(path):
        return [path]
    root = os.path.realpath(path)
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for d in dirnames:  # os.walk does not enter linked folders; one that leads out is reported
            if os.path.islink(os.path.join(dirpath, d)):
                _link_stays_inside(os.path.join(dirpath, d), root, report)
        for name in sorted(filenames):
            if name.endswith((".yml", ".yaml")) and not name.startswith("."):
                full = os.path.join(dirpath, name)
                if not os.path.islink(full) or _link_stays_inside(full, root, report):
                    out.append(full)
    return sorted(out)


def _link_stays_inside(link: str, root: str, report: Report | None) -> bool:
    shown = display_path(link)
    try:
        real = os.path.realpath(link, strict=True)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            return True  # a dangling link: reading it reports that it cannot be read
        if report is not None:
            report.emit("AM052", f"{shown} is a symbolic link that leads back to itself (a loop); it is not read",
                        Location(shown), "replace the link with the file it should point at, or delete it")
        return False
    if os.path.commonpath([real, root]) == root:
        return True
    if report is not None:
        what = "the folder" if os.path.isdir(link) else "the file"
        report.emit("AM051", f"{shown} is a symbolic link to {os.readlink(link)!r}, outside the claims folder; "
                    f"{what} is not read",
                    Location(shown),
                    "claim files must live in the claims folder: copy the file in instead of linking it")
    return False


def find_claims_dir(start: str = ".", name: str = "claims") -> str | None:
    """The claims folder of the project ``start`` is in, looking upward as git does.

    The first folder, from ``start`` up, that has a ``claims/`` folder is the project root; the
    search stops at a folder with ``mkdocs.yml`` or ``.git`` (the root even without claims).
    """
    here = os.path.abspath(start)
    while True:
        candidate = os.path.join(here, name)
        if os.path.isdir(candidate):
            return candidate
        if any(os.path.exists(os.path.join(here, marker)) for marker in ("mkdocs.yml", ".git")):
            return None
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def display_path(path: str) -> str:
    """Paths relative to the working directory when below it, so messages stay short."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel
