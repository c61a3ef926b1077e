"""Maps on pages: a map block's figure and text outline placed on a page, its ``@@ROOT@@`` links
made relative to that page, and, when the SVG is deferred, the placeholders Markdown never parses
filled in the finished HTML. :class:`MapBlocks` is the part of the page renderer that does this."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from markupsafe import Markup

from argmap.website.mapframe import canvas_attrs
from argmap.website.records import MapBlock, SiteOptions, Urls, map_label
from argmap.website.templating import environment

_ROOT_LINK = re.compile(r"@@ROOT@@(claims|sections)/([A-Za-z0-9_.~-]+)/")
_ROOT_EVIDENCE = re.compile(r"@@ROOT@@evidence/#")
_ROOT_ANY = re.compile(r"@@ROOT@@")
_STASHED = re.compile(r'<div data-am-stash="(\d+)"></div>')
_PLACEHOLDER = re.compile(r'data-am-map="([a-z]+(?::[a-z0-9-]+)?)"></div>')
_OUTLINE_SLOT = re.compile(r'<div data-am-outline="([a-z]+(?::[a-z0-9-]+)?)"></div>')


def block_attrs(key: str, block: MapBlock | None, svg: str) -> str:
    """The canvas attributes of map ``key``: the block's own when it has them, else from ``svg``
    (its links do not change them: the frame comes from the drawing, never from a link)."""
    return block.attrs if block is not None and block.attrs else canvas_attrs(key, svg)


class MapBlocks:
    """Map figures, outlines and stashed HTML blocks for :class:`argmap.website.pages.PageRenderer`."""

    maps: Mapping[str, MapBlock]
    opts: SiteOptions
    urls: Urls
    _stash: dict[str, list[str]]

    def map_svg(self, key: str, page: str, block: MapBlock | None = None) -> str:
        """The map's SVG with its links made relative to ``page``; "" when there is no such map."""
        block = block or self.maps.get(key)
        return self.resolve_root(block.svg, page) if block is not None else ""

    def map_html(self, key: str, page: str) -> Markup:
        """The figure and its text outline. With ``defer_svg`` both are placeholders that
        :meth:`fill_maps` fills in the finished HTML (Markdown and search never parse them)."""
        if key not in self.maps:
            return Markup("")
        if self.opts.defer_svg:
            figure = environment().get_template("map.html.j2").render(svg=Markup(""), label=map_label(key), key=key,
                                                               attrs="")
            outline = Markup('<div data-am-outline="{}"></div>').format(key)
        else:
            block = self.maps[key]
            svg = self.map_svg(key, page, block)
            figure = environment().get_template("map.html.j2").render(svg=Markup(svg), label=block.label, key="",
                                                               attrs=Markup(block_attrs(key, block, svg)))
            outline = Markup(self.outline_html(key, page, block))
        return Markup(figure) + Markup("\n") + self.stash(page)(outline)

    def outline_html(self, key: str, page: str, block: MapBlock | None = None) -> str:
        """The map's text outline (a list of its nodes and steps), links relative to ``page``."""
        block = block or self.maps.get(key)
        if block is None:
            return ""
        outline = Markup(self.resolve_root(block.outline, page))
        return environment().get_template("outline.html.j2").render(outline=outline)

    def fill_maps(self, html: str, page: str) -> str:
        """Put each deferred map's SVG into its placeholder figure and its outline after it.

        Done on the finished page, so neither Python-Markdown nor the search indexer parses them
        (the outline repeats claims that have pages of their own, and search should find those)."""
        blocks: dict[str, MapBlock | None] = {}

        def block(key: str) -> MapBlock | None:
            if key not in blocks:
                blocks[key] = self.maps.get(key)  # each block is read from the cache once per page
            return blocks[key]
        def fill(m: re.Match[str]) -> str:
            found = block(m.group(1))
            svg = self.map_svg(m.group(1), page, found)
            return m.group(0)[: -len("></div>")] + block_attrs(m.group(1), found, svg) + ">" + svg + "</div>"
        html = _PLACEHOLDER.sub(fill, html)
        return _OUTLINE_SLOT.sub(lambda m: self.outline_html(m.group(1), page, block(m.group(1))), html)

    def stash(self, page: str) -> Callable[[str], Markup]:
        """A Jinja filter: with ``defer_svg`` a block of finished HTML is kept aside and a placeholder
        goes into the Markdown (Python-Markdown need not parse it); :meth:`unstash` puts it back."""
        def keep(html: str) -> Markup:
            if not self.opts.defer_svg:
                return Markup(html)
            blocks = self._stash.setdefault(page, [])
            blocks.append(str(html))
            return Markup('<div data-am-stash="{}"></div>').format(len(blocks) - 1)
        return keep

    def stashed(self, page: str) -> list[str]:
        """The blocks of finished HTML ``page`` set aside (what :meth:`unstash` puts back)."""
        return list(self._stash.get(page, []))

    def unstash(self, html: str, page: str) -> str:
        blocks = self._stash.get(page, [])
        return _STASHED.sub(lambda m: blocks[int(m.group(1))] if int(m.group(1)) < len(blocks) else "", html)

    def resolve_root(self, text: str, page: str) -> str:
        """Turn the maps' ``@@ROOT@@…`` links into links relative to ``page``."""
        def link(m: re.Match[str]) -> str:
            return self.urls.href(page, f"{m.group(1)}/{m.group(2)}.md")

        text = _ROOT_LINK.sub(link, text)
        text = _ROOT_EVIDENCE.sub(self.urls.href(page, "evidence.md") + "#", text)
        return _ROOT_ANY.sub(self.urls.root(page), text)
