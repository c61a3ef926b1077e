"""The claim pages' entries added to the search index MkDocs' search plugin wrote (same format).

Claim pages are indexed from the model (:meth:`argmap.website.pages.PageRenderer.search_entries`)
rather than from their HTML, so the plugin adds them after the search plugin has written its
index. An index that cannot be read, or is not in the format expected, is a warning: the site
is built, and search finds the other pages.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from argmap.fsio import write_atomic

log = logging.getLogger("mkdocs.plugins.argmap")
Docs = list[dict[str, Any]]


def add_entries(path: str, entries: Docs, *, merge: Callable[[Docs], Docs] | None = None) -> None:
    """Append ``entries`` to the index at ``path``; ``merge`` first turns its pages' entries into
    the whole site's (a dirty build indexed only the pages it rendered)."""
    try:
        with open(path, encoding="utf-8") as fh:
            index = json.load(fh)
    except (OSError, ValueError) as exc:
        log.warning("argmap: claim pages not added to the search index (%s)", exc)
        return
    if not isinstance(index, dict) or not isinstance(index.get("docs"), list):
        log.warning("argmap: claim pages not added to the search index (unknown format in %s)", path)
        return
    if merge is not None:
        index["docs"] = merge(index["docs"])
    index["docs"].extend(entries)
    write_atomic(path, json.dumps(index, separators=(",", ":")))
