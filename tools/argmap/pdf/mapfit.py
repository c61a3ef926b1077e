"""Where and how big each map is printed, so that its smallest label is at least 6 pt.

A map's labels are printed at their Graphviz font size times the map's scale. A map is scaled to
the page's width (never up) when that keeps its smallest label at :data:`MIN_LABEL_PT` or more;
otherwise it is printed at the scale that gives exactly that size, on a landscape page when it is
too wide for a portrait one; a map taller than a page is split into parts, one a page, each
overlapping the previous by :data:`OVERLAP_MM` so that no label is only half on every page, and
one wider than a landscape page is split into columns as well.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from argmap.pdf.overlay import PT_PER_MM, MapPlacementError

#: The smallest label size allowed in a printed map (issue 15).
MIN_LABEL_PT = 6.0
#: How much of a split map's part is shown again at the top of the next part.
OVERLAP_MM = 12.0
#: What a map may fill on each paper size and orientation: (width, height) in millimetres, the
#: page less its margins (print.css), and less a heading and a caption for the height.
FRAMES = {
    "a4": {"portrait": (174.0, 225.0), "landscape": (261.0, 135.0)},
    "letter": {"portrait": (179.9, 205.0), "landscape": (243.4, 135.0)},
}


@dataclass(frozen=True)
class Fit:
    """A map's printed form: its width, its parts' heights and where each part starts in the map
    (millimetres from its top, at the printed scale), and whether it is on landscape pages."""

    width_mm: float
    height_mm: float
    #: (height, offset from the map's top, width, offset from its left) of each part, in reading order
    parts: tuple[tuple[float, float, float, float], ...]
    landscape: bool
    scale: float
    smallest_pt: float
    full_width_mm: float = 0.0   # the whole map's printed width (wider than a part when tiled)

    @property
    def pages(self) -> int:
        return len(self.parts)


def fit_map(width_pt: float, height_pt: float, smallest_pt: float, paper: str,
            *, min_label_pt: float = MIN_LABEL_PT, key: str = "",
            orientations: tuple[str, ...] = ("portrait", "landscape")) -> Fit:
    """The printed form of a map whose natural size is ``width_pt`` × ``height_pt`` and whose
    smallest label is ``smallest_pt`` at natural size, on a page of one of ``orientations``."""
    if width_pt <= 0 or height_pt <= 0:
        raise MapPlacementError("the map has no size")
    w, h = width_pt / PT_PER_MM, height_pt / PT_PER_MM
    need = min(1.0, min_label_pt / smallest_pt) if smallest_pt > 0 else 0.0
    options: list[tuple[int, int, Fit]] = []
    for rank, orientation in enumerate(o for o in ("portrait", "landscape") if o in orientations):
        frame_w, frame_h = FRAMES[paper][orientation]
        widest = min(1.0, frame_w / w)
        if widest < need:
            continue
        whole = min(widest, frame_h / h)
        scale = whole if whole >= need else need
        options.append((_count(h * scale, frame_h), rank, _fit(w, h, scale, frame_h, orientation, smallest_pt)))
    if options:
        return min(options, key=lambda o: (o[0], o[1]))[2]
    # Too wide even for a landscape page (or the widest page allowed): printed at the scale its
    # labels need, in tiles (rows of parts, each row split into columns that overlap like the rows).
    side = "landscape" if "landscape" in orientations else orientations[-1]
    frame_w, frame_h = FRAMES[paper][side]
    return _fit(w, h, need, frame_h, side, smallest_pt, frame_w)


def _count(height: float, frame_h: float) -> int:
    if height <= frame_h + 0.01:
        return 1
    return 1 + math.ceil((height - frame_h) / (frame_h - OVERLAP_MM) - 1e-9)


def _fit(w: float, h: float, scale: float, frame_h: float, orientation: str, smallest: float,
         frame_w: float = 0.0) -> Fit:
    total = round(h * scale, 2)
    width = round(w * scale, 2)
    columns: list[tuple[float, float]] = [(width, 0.0)]
    if frame_w and width > frame_w + 0.01:
        columns = []
        for k in range(_count(width, frame_w)):
            left = k * (frame_w - OVERLAP_MM)
            columns.append((round(min(frame_w, width - left), 2), round(left, 2)))
    parts: list[tuple[float, float, float, float]] = []
    for k in range(_count(total, frame_h)):
        top = k * (frame_h - OVERLAP_MM)
        for part_w, left in columns:
            parts.append((round(min(frame_h, total - top), 2), round(top, 2), part_w, left))
    return Fit(width if len(columns) == 1 else columns[0][0], total, tuple(parts), orientation == "landscape",
               scale, round(smallest * scale, 3), width)
