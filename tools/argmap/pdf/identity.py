"""Who made this PDF and what it is: a contributors' map of a paper, not the paper itself.

The PDF's metadata (title, author, subject, keywords) and its cover say so: they name the map's
maintainers and licence (``paper.yml``: ``maintainers``, ``licence``, ``map_url``), its version
(the last commit of the claim files, so the same commit always gives the same words) and a line
to cite the map by.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from argmap.core.cite import authors, year
from argmap.core.markup import plain_text, safe_link
from argmap.core.model import Corpus

log = logging.getLogger(__name__)

#: Said when ``paper.yml`` names no maintainers.
NO_MAINTAINERS = "the map's contributors"


@dataclass(frozen=True)
class Identity:
    title: str             # the PDF's title: "Argument map of “<paper title>”"
    author: str            # the map's maintainers (not the paper's authors)
    subject: str
    keywords: str
    paper_authors: str
    maintainers: str
    licence: str
    version: str
    url: str
    citation: str          # how to cite the map itself (plain text)


def _join(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def identity(corpus: Corpus, version: str, built: dt.date) -> Identity:
    """The document's identity, from ``paper.yml``, the paper's bibliography entry and ``version``."""
    paper = corpus.paper
    assert paper is not None
    title = plain_text(paper.title)
    src = corpus.sources.get(paper.source)
    who = plain_text(authors(src.csl)) if src else ""
    when = year(src.csl) if src else ""
    maintainers = _join([plain_text(m) for m in paper.maintainers if m.strip()]) or NO_MAINTAINERS
    licence = plain_text(paper.licence)
    url = paper.map_url if paper.map_url.startswith(("http://", "https://")) and safe_link(paper.map_url) else ""
    of = f"{who}, “{title}”" if who else f"“{title}”"
    subject = (f"A contributors' argument map of {of}{f' ({when})' if when and when != 'n.d.' else ''}: "
               f"its claims, relations, evidence and sources, maintained by {maintainers}. Not the paper itself.")
    keywords = ", ".join(k for k in ("argument map", title, who, "claims", "evidence") if k)
    citation = " ".join(x for x in (
        f"{maintainers[0].upper() + maintainers[1:]}.",
        f"{built.year}.",
        f"Argument map of {of}.",
        f"Version {version}." if version else "",
        f"Licence: {licence}." if licence else "",
        url,
    ) if x)
    return Identity(f"Argument map of “{title}”", maintainers, subject, keywords, who, maintainers,
                    licence, version, url, citation)


def map_version(claims_root: str) -> str:
    """The last commit that changed the claim files, as ``"<short hash> (<date>)"``; "" outside git.

    Deterministic: the same commit gives the same words, whenever and wherever it is built."""
    from argmap.authoring.gitrev import GitError, run_git

    try:
        out = run_git(["log", "-1", "--format=%h %cs", "--", "."], claims_root or ".")
    except GitError as exc:
        log.info("no version for the map (%s)", exc)
        return ""
    parts = out.decode("utf-8", "replace").split()
    return f"{parts[0]} ({parts[1]})" if len(parts) == 2 else ""
