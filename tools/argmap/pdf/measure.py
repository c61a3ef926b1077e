"""How big the text of a map is printed: the smallest label size in points, per page.

A map is drawn as a form XObject (:mod:`argmap.pdf.overlay`); the size a label is printed at is
its font size (``Tf``) times the scale of the text matrix (``Tm``) and of every ``cm`` around it,
down to the ``cm`` that places the map on the page. :func:`smallest_text` follows the content
stream (``q``/``Q``, ``cm``, ``Tm``, ``Tf``, ``Do``) to find it, in one page of Graphviz's PDF or
in every map drawn on a page of the finished document.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from typing import Any

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m × n (m applied first), as PDF concatenates matrices."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _scale(m: Matrix) -> float:
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


def _text_sizes(obj: Any, resources: Any, ctm: Matrix, wanted: Callable[[str], bool], inside: bool,
                out: list[float], depth: int = 0) -> None:
    from pypdf.generic import ContentStream

    if depth > 8:
        return
    content = ContentStream(obj, None) if not isinstance(obj, ContentStream) else obj
    stack: list[Matrix] = []
    tm: Matrix = IDENTITY
    size = 0.0
    xobjects = resources.get_object().get("/XObject", {}) if resources is not None else {}
    for operands, op in content.operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop() if stack else ctm
        elif op == b"cm":
            ctm = _mul(tuple(float(x) for x in operands), ctm)  # type: ignore[arg-type]
        elif op == b"BT":
            tm = IDENTITY
        elif op == b"Tm":
            tm = tuple(float(x) for x in operands)  # type: ignore[assignment]
        elif op == b"Tf":
            size = float(operands[1])
        elif op in (b"TJ", b"Tj", b"'", b'"') and inside:
            out.append(round(size * _scale(_mul(tm, ctm)), 3))
        elif op == b"Do":
            name = str(operands[0])
            form = xobjects.get(name) if xobjects else None
            if form is None:
                continue
            form = form.get_object()
            if form.get("/Subtype") != "/Form":
                continue
            matrix = tuple(float(x) for x in form.get("/Matrix", IDENTITY))
            _text_sizes(form, form.get("/Resources"), _mul(matrix, ctm), wanted,  # type: ignore[arg-type]
                        inside or wanted(name), out, depth + 1)


def smallest_text(pdf: bytes, *, forms: str | None = None) -> list[float | None]:
    """Per page of ``pdf``: the smallest text size in points; with ``forms`` (a name prefix such as
    ``/ArgmapMap``) only text drawn inside form XObjects of that name counts (None: no such text)."""
    from pypdf import PdfReader

    out: list[float | None] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        sizes: list[float] = []
        wanted = (lambda name: name.startswith(forms)) if forms else (lambda name: True)
        _text_sizes(page.get_contents(), page.get("/Resources"), IDENTITY, wanted, forms is None, sizes)
        out.append(min(sizes) if sizes else None)
    return out
