"""The date a build of some claims carries, taken from the claims themselves, never from the clock.

``SOURCE_DATE_EPOCH`` wins when it is set. Otherwise, when the claims folder is inside a git
repository with a commit that touched it, the date is that commit's (``git log -1 -- <folder>``);
otherwise it is the newest modification time of the claim files. So two builds of the same
commit, or of the same unchanged files, give the same bytes, and a warm build can reuse the PDF
(its cache key holds this date). Uncommitted edits of files in git keep the last commit's date.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable

log = logging.getLogger(__name__)


class DateError(ValueError):
    """``SOURCE_DATE_EPOCH`` is not a whole number of seconds."""


def from_epoch(raw: int | str) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(int(raw), dt.UTC)
    except (TypeError, ValueError, OverflowError, OSError) as exc:
        raise DateError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got {raw!r}") from exc


def git_epoch(folder: str) -> int | None:
    """The commit time of the last commit that touched ``folder``; None outside git or with none."""
    from argmap.authoring.gitrev import GitError, run_git

    if not os.path.isdir(folder):
        return None
    try:
        out = run_git(["log", "-1", "--format=%ct", "--", "."], folder).decode("ascii", "replace").strip()
    except GitError as exc:
        log.debug("no git date for %s: %s", folder, exc)
        return None
    return int(out) if out.isdigit() else None


def mtime_epoch(files: Iterable[str]) -> int | None:
    """The newest modification time of ``files`` in whole seconds; None when there is none."""
    newest: int | None = None
    for path in files:
        try:
            seconds = int(os.stat(path).st_mtime)
        except OSError:
            continue
        newest = seconds if newest is None else max(newest, seconds)
    return newest


def claim_files(folder: str) -> list[str]:
    """Every file below ``folder`` that the loader could read (hidden files and folders left out)."""
    out: list[str] = []
    for dirpath, dirnames, names in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        out += [os.path.join(dirpath, n) for n in sorted(names) if not n.startswith(".")]
    return out


def content_date(folder: str, files: Iterable[str] | None = None,
                 source_date_epoch: int | str | None = None) -> dt.datetime:
    """The build date for the claims in ``folder`` (``files``: its claim files, default all files).

    ``source_date_epoch`` (or the environment's ``SOURCE_DATE_EPOCH``) overrides; then the last
    git commit touching the folder; then the newest file; 1970-01-01 for an empty folder."""
    raw = source_date_epoch if source_date_epoch is not None else os.environ.get("SOURCE_DATE_EPOCH")
    if raw is not None and raw != "":
        return from_epoch(raw)
    epoch = git_epoch(folder)
    if epoch is None:
        epoch = mtime_epoch(claim_files(folder) if files is None else files)
    return dt.datetime.fromtimestamp(epoch or 0, dt.UTC)
