"""Where a map opens in its pan-and-zoom frame: its display size and the point the frame centres on.

A map is drawn at natural size by Graphviz (its SVG is in points). On the site it is shown at the
largest scale up to natural size at which its smallest label is still :data:`MIN_LABEL_PX` CSS
pixels, and the frame opens centred on the map's subject: the claim's own node on a claim page,
the section's own cluster on a section page (its top left corner when it is larger than the frame;
the map's top left corner for other maps). The values go into CSS
custom properties on the map's canvas (see ``site_config/overrides/assets/argmap.css``), so the
opening view needs no script, follows the frame's width (desktop, phone, full screen), and is
what the pan-and-zoom "reset" button returns to.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

#: The smallest label size, in CSS pixels, at which a map is shown before any zooming.
MIN_LABEL_PX = 11.0
PX_PER_PT = 4 / 3

_VIEWBOX = re.compile(r'<svg\b[^>]*?\bviewBox="([-\d.]+)[ ,]+([-\d.]+)[ ,]+([-\d.]+)[ ,]+([-\d.]+)"')
_TRANSLATE = re.compile(r'<g\b[^>]*class="graph[^"]*"[^>]*transform="[^"]*translate\(([-\d.]+)[ ,]+([-\d.]+)\)')
_FONT = re.compile(r'font-size="([\d.]+)"')
_GROUP = re.compile(r'<g id="([^"]*)" class="([^"]*)"')
_NEXT = re.compile(r'<!--|<g id="[^"]*" class="')  # where the next node, edge or cluster starts
_SHAPE = re.compile(r'\s(?:points|d)="([^"]*)"')
_PAIR = re.compile(r"(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class Frame:
    """A map's display size and the centre of its subject, in CSS pixels of the displayed map."""

    width: float
    height: float
    centre: tuple[float, float] | None  # None: the map opens at its top left corner
    start: tuple[float, float] = (0.0, 0.0)  # the subject's top left corner: shown when it is wider than the frame

    def style(self) -> str:
        """The CSS custom properties the stylesheet places the map by."""
        # Rounded up, so the labels are never drawn below MIN_LABEL_PX.
        parts = [f"--am-w:{math.ceil(self.width)}px", f"--am-h:{math.ceil(self.height)}px"]
        if self.centre is not None:
            parts += [f"--am-cx:{self.centre[0]:.0f}px", f"--am-cy:{self.centre[1]:.0f}px",
                      f"--am-x0:{self.start[0]:.0f}px", f"--am-y0:{self.start[1]:.0f}px"]
        return ";".join(parts)


def scale(svg: str) -> float:
    """How much of natural size the map is shown at: 1, or less while its smallest label stays legible."""
    sizes = [float(s) for s in _FONT.findall(svg)]
    smallest = min(sizes) if sizes else 14.0
    return min(1.0, MIN_LABEL_PX / (smallest * PX_PER_PT))


def _subject(key: str, svg: str) -> str | None:
    """The text of the SVG group that is the map's subject (up to the next node, edge or cluster)."""
    view, _, target = key.partition(":")
    parts = []
    for m in _GROUP.finditer(svg):
        ident, classes = html.unescape(m.group(1)), html.unescape(m.group(2)).split()
        hit = ((view == "claim" and "am-focus" in classes)
               or (view == "section" and "cluster" in classes and ident.endswith(f"-c-{target}"))
               or (view == "comparison" and "am-subject" in classes))
        if hit:
            end = _NEXT.search(svg, m.end())
            parts.append(svg[m.end(): end.start() if end else len(svg)])
            if view != "comparison":  # a comparison's subject is all its subjects' columns
                break
    return "".join(parts) or None


def frame(key: str, svg: str) -> Frame | None:
    """The frame of map ``key`` (``claim:<id>``, ``section:<id>``, ...); None for an SVG without a viewBox."""
    box = _VIEWBOX.search(svg)
    if box is None:
        return None
    k = scale(svg) * PX_PER_PT
    width, height = float(box.group(3)) * k, float(box.group(4)) * k
    centre, start = None, (0.0, 0.0)
    part = _subject(key, svg)
    shapes = " ".join(_SHAPE.findall(part)) if part else ""  # drawn outlines only, never tooltip text
    points = [(float(x), float(y)) for x, y in _PAIR.findall(shapes)]
    if points:
        shift = _TRANSLATE.search(svg)
        dx, dy = (float(shift.group(1)), float(shift.group(2))) if shift else (0.0, 0.0)
        xs, ys = [x + dx for x, _ in points], [y + dy for _, y in points]
        centre = ((min(xs) + max(xs)) / 2 * k, (min(ys) + max(ys)) / 2 * k)
        start = (min(xs) * k, min(ys) * k)
    return Frame(width, height, centre, start)


def canvas_attrs(key: str, svg: str) -> str:
    """The attributes (with a leading space) that the map's canvas element gets; "" when unknown."""
    f = frame(key, svg)
    return f' style="{f.style()}"' if f is not None else ""
