"""A strict-mode check: reader-facing text that names a repository file (AM044).

Readers of the site and the PDF meet claim texts, notes, labels, summaries and locator notes;
"abstract.txt" or "outline.md" means nothing to them. Working files and keys belong in the claim
files' YAML comments. Links (``[text](url)``, bare ``http(s)://`` URLs) are not looked into.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from argmap.core.checks import check
from argmap.core.diagnostics import Diagnostic, Location, diag
from argmap.core.model import Corpus

#: File endings that name a repository's working files (not web pages: links are skipped).
EXTENSIONS = ("md", "txt", "yml", "yaml", "csv", "py", "toml", "j2", "ipynb")
# (not .json: `argmap import aif` names the imported file in the titles it writes, as their source)
FILE_NAME = re.compile(r"(?<![\w/.:@-])([\w][\w.-]*\.(?:" + "|".join(EXTENSIONS) + r"))(?![\w/-])", re.IGNORECASE)
_LINKS = re.compile(r"\]\([^)]*\)|<?https?://\S+")


def file_names(text: str) -> list[str]:
    """The file names ``text`` mentions outside its links, in order, each once."""
    found: list[str] = []
    for name in FILE_NAME.findall(_LINKS.sub(" ", text or "")):
        if name not in found:
            found.append(name)
    return found


def _fields(corpus: Corpus) -> Iterator[tuple[str, str, str, Location]]:
    """(what, field, text, location) for every reader-facing text field."""
    for c in corpus.claims.values():
        yield f"claim {c.id!r}", "text", c.text, c.loc
        yield f"claim {c.id!r}", "label", c.label, c.loc
        yield f"claim {c.id!r}", "note", c.note, c.loc
        if c.locator is not None:
            yield f"claim {c.id!r}", "locator note", c.locator.note, c.loc
        for tag in c.tags:
            yield f"claim {c.id!r}", "tag", tag, c.loc
    for e in corpus.evidence.values():
        for name in ("label", "summary", "note", "locator", "date_note"):
            yield f"evidence {e.id!r}", name, str(getattr(e, name, "") or ""), e.loc
        for tag in e.tags:
            yield f"evidence {e.id!r}", "tag", tag, e.loc
    for r in corpus.relations.values():
        yield f"relation {r.id!r}", "because", r.because, r.loc
    for a in corpus.arguments.values():
        for name in ("label", "because", "note"):
            yield f"argument {a.id!r}", name, str(getattr(a, name, "") or ""), a.loc
    for s in corpus.sections.values():
        yield f"section {s.id!r}", "title", s.title, s.loc
        yield f"section {s.id!r}", "summary", s.summary, s.loc
        for t in s.topics:
            yield f"topic {t.id!r}", "title", t.title, getattr(t, "loc", s.loc)
            yield f"topic {t.id!r}", "note", t.note, getattr(t, "loc", s.loc)
    for comp in corpus.comparisons.values():
        yield f"comparison {comp.id!r}", "summary", comp.summary, comp.loc
        for row in comp.rows:
            yield f"comparison {comp.id!r}", "because", row.because, comp.loc
    if corpus.paper is not None:
        p = corpus.paper
        for name in ("title", "summary", "coverage"):
            yield "paper", name, getattr(p, name), p.loc


@check
def file_names_in_text(corpus: Corpus, ids: Mapping[str, Any]) -> Iterator[Diagnostic]:
    for what, name, text, loc in _fields(corpus):
        for fname in file_names(text):
            where = "a tag" if name == "tag" else f"its {name}"
            yield diag("AM044", f"{what}: {where} names the file {fname!r}, which readers of the site and "
                     "the PDF cannot open", loc,
                     "say what it is in readers' words (\"the copy of the abstract\", \"the project's outline\") "
                     "and keep the file name in a YAML comment (# ...)")
