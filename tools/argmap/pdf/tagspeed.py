"""Tagging a long document in linear time: pydyf's page references, made once per page count.

WeasyPrint's tagger (``weasyprint.pdf.tags``) asks ``pdf.page_references[n]`` for every tagged
box, and pydyf builds that property afresh each time: a tuple of every page's reference. A
document of P pages with B tagged boxes thus cost B × P steps (887 pages: 137 million, over a third
of the whole build). :func:`page_references_once` makes the tuple once for each length of the page
tree's ``/Kids`` (pages are only ever appended to it), for as long as the ``with`` block runs. The
tuple is the same value, so the PDF's bytes are the same (a test compares them).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

_LOCK = threading.RLock()
_ATTR = "_argmap_page_references"


@contextlib.contextmanager
def page_references_once() -> Iterator[None]:
    """Within the block, ``pydyf.PDF.page_references`` is remembered per page count."""
    import pydyf

    original = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(original, property) or original.fget is None:  # another pydyf: leave it be
        yield
        return
    build = original.fget

    def remembered(pdf: Any) -> Any:
        kids = len(pdf.pages["Kids"])
        hit = pdf.__dict__.get(_ATTR)
        if hit is None or hit[0] != kids:
            hit = (kids, build(pdf))
            pdf.__dict__[_ATTR] = hit
        return hit[1]

    with _LOCK:
        pydyf.PDF.page_references = property(remembered, doc=original.__doc__)
        try:
            yield
        finally:
            pydyf.PDF.page_references = original
