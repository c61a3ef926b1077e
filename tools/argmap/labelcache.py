"""The acceptability labels the site shows, kept in the build cache under a digest of the
argument structure, so an edit of a claim's text (or a warm build) does not label again.

Labels under every semantics (:func:`argmap.core.acceptance.summary`) and the grounded labelling
depend only on the structure: the ids of claims and evidence items, which claims are assumed,
the relations (id, kind, source, target), the arguments (id, kind, premises, conclusion,
weighing, weight), the issues (id, positions, proof standard) and the paper's chosen semantics,
in the order the corpus holds them. :func:`structure_digest` hashes exactly these, with argmap's
code fingerprint; texts, notes, locators and evidence summaries are left out, so changing them
reuses the labels. A cache entry that cannot be read is labelled again (it only costs speed).
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from dataclasses import dataclass

from argmap import buildcache
from argmap.core import acceptance, semantics
from argmap.core.acceptance import Summary
from argmap.core.model import Corpus
from argmap.core.semantics import Labelling

log = logging.getLogger(__name__)

#: Bump when the fields that decide labels, or :class:`SiteLabels`, change.
LABELS_VERSION = "1"


@dataclass(frozen=True)
class SiteLabels:
    """The grounded labelling (claim pages' standing, the grounded labels) and the summary under
    every semantics (claim pages' status, the Analysis page)."""

    grounded: Labelling
    summary: Summary


def structure_digest(corpus: Corpus) -> str:
    """A hash of everything labels depend on (see the module docstring), and of nothing else."""
    parts: list[str] = [LABELS_VERSION, buildcache.code_fingerprint(),
                        corpus.paper.semantics if corpus.paper is not None else "-"]
    parts += ["c", *(f"{cid}\x01{int(c.assumed)}" for cid, c in corpus.claims.items())]
    parts += ["e", *corpus.evidence]
    parts += ["r", *(f"{rid}\x01{r.type.value}\x01{r.source}\x01{r.target}" for rid, r in corpus.relations.items())]
    parts += ["a", *(f"{aid}\x01{a.type.value}\x01{a.conclusion}\x01{a.weighing}\x01{a.weight!r}\x01"
                     + "\x02".join(a.premises) for aid, a in corpus.arguments.items())]
    parts += ["i", *(f"{iid}\x01{i.standard}\x01" + "\x02".join(i.positions) for iid, i in corpus.issues.items())]
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def compute(corpus: Corpus) -> SiteLabels:
    """Label the corpus (every semantics): the expensive step the cache saves."""
    return SiteLabels(semantics.label_all(corpus), acceptance.summary(corpus))


def site_labels(corpus: Corpus, cache_dir: str | None) -> SiteLabels:
    """The corpus' :class:`SiteLabels`, from ``cache_dir`` when its structure was labelled before."""
    key = structure_digest(corpus) if cache_dir else None
    hit = buildcache.get(cache_dir, "labels", key)
    if hit is not None:
        try:
            cached = pickle.loads(hit)
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError) as exc:
            log.debug("labels cache entry unreadable: %s", exc)
        else:
            if isinstance(cached, SiteLabels):
                return cached
    labels = compute(corpus)
    if key is not None:
        buildcache.put(cache_dir, "labels", key, pickle.dumps(labels, protocol=pickle.HIGHEST_PROTOCOL), keep=2)
    return labels
