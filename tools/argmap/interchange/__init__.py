"""Interchange: exporters (JSON, AIF, Argdown, GraphML, DOT) and importers (AIF, JSON, arg-microtexts).

``export(corpus, fmt)`` is the one entry point the CLI and the website use; every format is
deterministic (the same corpus gives the same bytes). See ``docs/reference/interchange.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from argmap.core.model import Corpus
from argmap.core.semantics import Labelling

FORMATS: tuple[str, ...] = ("json", "aif", "argdown", "graphml", "dot", "xaif")
#: File name extensions, for download links and default output names.
EXTENSIONS: dict[str, str] = {"json": ".json", "aif": ".aif.json", "argdown": ".argdown", "graphml": ".graphml",
                              "dot": ".dot", "xaif": ".xaif.json"}


class ExportError(ValueError):
    """An export that cannot be made, such as an unknown format or view."""


def _json(corpus: Corpus, *, labelling: Labelling | None = None, **_: Any) -> str:
    from argmap.interchange.jsonexport import to_json

    return to_json(corpus, labelling)


def _aif(corpus: Corpus, **_: Any) -> str:
    from argmap.interchange.aif import to_aif

    return to_aif(corpus)


def _argdown(corpus: Corpus, **_: Any) -> str:
    from argmap.interchange.argdown import to_argdown

    return to_argdown(corpus)


def _xaif(corpus: Corpus, **_: Any) -> str:
    from argmap.interchange.xaif import to_xaif

    return to_xaif(corpus)


def _graphml(corpus: Corpus, *, labelling: Labelling | None = None, **_: Any) -> str:
    from argmap.interchange.graphml import to_graphml

    return to_graphml(corpus, labelling)


def _dot(corpus: Corpus, *, view: str = "full", target: str | None = None, labelling: Labelling | None = None,
         **options: Any) -> str:
    """DOT of one map view, drawn by the maps module (``view`` and ``target`` as for the site's maps)."""
    try:
        from argmap.maps.dot import to_dot
        from argmap.maps.graph import ViewError
        from argmap.maps.views import build_view
    except ImportError as exc:  # pragma: no cover - the maps module ships with argmap
        raise ExportError(f"DOT export needs the maps module: {exc}") from None
    try:
        graph = build_view(corpus, view, target, **options)
    except ViewError as exc:
        raise ExportError(str(exc)) from None
    return to_dot(graph)


_WRITERS: dict[str, Callable[..., str]] = {"json": _json, "aif": _aif, "argdown": _argdown, "graphml": _graphml,
                                           "dot": _dot, "xaif": _xaif}


def export(corpus: Corpus, fmt: str, **options: Any) -> str:
    """The corpus in format ``fmt`` (one of :data:`FORMATS`) as text.

    ``labelling``: the corpus' grounded labelling when the caller has it (JSON and GraphML write
    it; without it they label the corpus). Other options are used by ``dot`` only: ``view``
    (default ``full``), ``target`` (a section, claim or comparison id for those views) and the view
    options of :func:`argmap.maps.views.build_view`.
    """
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ExportError(f"unknown export format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    return writer(corpus, **options)


def formats() -> tuple[str, ...]:
    return FORMATS
