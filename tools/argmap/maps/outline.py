"""A map's text outline: each node, then what it bears on, as a tree of plain text.

Shown under every map on the website (as HTML) and kept as Markdown for review and for the
golden files. Both are written from the same tree, so they always say the same thing. The HTML
is written directly, not by parsing the Markdown: a site of 5,000 maps spent more time in a
Markdown parser reading its own outlines back than in drawing them, and a label that happens to
read as Markdown ("1. Introduction", "- - -") stays text. Node text is untrusted and escaped;
links keep the ``@@ROOT@@`` prefix the SVG uses, so the page that inlines a map resolves both.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from argmap.core.markup import safe_link
from argmap.maps.graph import MapEdge, MapGraph, MapNode

ROOT = "@@ROOT@@"
_SCHEME = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]*:")
_MD_SPECIAL = set("\\`*_{}[]()<>#+!|~&")


@dataclass(frozen=True, slots=True)
class Item:
    """One line of the outline: ``lead`` (what the node is, or the relation) before ``text``."""

    text: str
    lead: str = ""
    link: str = ""                       # "@@ROOT@@claims/c-x/", or "" for none
    children: tuple[Item, ...] = ()


@dataclass(frozen=True, slots=True)
class Outline:
    title: str
    items: tuple[Item, ...]
    legend: tuple[str, ...] = ()


def build(graph: MapGraph) -> Outline:
    """The outline of ``graph``: its clusters in order, then the nodes outside any."""
    nodes = {n.id: n for n in graph.nodes}
    outgoing: dict[str, list[MapEdge]] = {}
    for e in graph.edges:
        outgoing.setdefault(e.source, []).append(e)
    # A relation drawn through a junction reads as one relation from its source to its target.
    through = {e.source: e for e in graph.edges if e.source in nodes and nodes[e.source].kind == "junction"}
    clusters = {c.id: c for c in graph.clusters}
    items: list[Item] = []
    for cid in [c.id for c in graph.clusters] + [""]:
        members = [n for n in graph.nodes if n.cluster == cid and n.kind != "junction"]
        if not members:
            continue
        entries = tuple(_node_item(n, outgoing, through, nodes, graph) for n in members)
        if cid:
            items.append(Item(clusters[cid].label, children=entries))
        else:
            items.extend(entries)
    return Outline(graph.title, tuple(items), tuple(e.label for e in graph.legend))


def _node_item(n: MapNode, outgoing: dict[str, list[MapEdge]], through: dict[str, MapEdge],
               nodes: dict[str, MapNode], graph: MapGraph) -> Item:
    relations = []
    for e in sorted(outgoing.get(n.id, []), key=lambda e: (e.kind, e.target)):
        tgt = nodes.get(e.target)
        kind = e.kind
        if tgt is not None and tgt.kind == "junction" and e.target in through and kind != "undercuts":
            kind = through[e.target].kind
            tgt = nodes.get(through[e.target].target)
        elif tgt is not None and tgt.kind == "junction":
            tgt = None
        if tgt is None:
            text = _junction_text(e.target, graph, nodes) if e.kind == "undercuts" else "a relation"
            relations.append(Item(text, lead=kind))
        else:
            relations.append(Item(_short(tgt), lead="premise of" if kind == "premise" else kind))
    what = n.subkind if n.kind == "claim" else n.kind
    if n.kind == "evidence":
        what = f"evidence ({n.subkind})"
    if what and n.basis == "reconstructed" and n.kind == "claim":
        what += ", reconstructed"
    return Item(_short(n), lead=what, link=ROOT + n.link if n.link else "", children=tuple(relations))


def _junction_text(jid: str, graph: MapGraph, nodes: dict[str, MapNode]) -> str:
    ins = [e for e in graph.edges if e.target == jid and e.kind != "undercuts"]
    outs = [e for e in graph.edges if e.source == jid]
    if ins and outs and ins[0].source in nodes and outs[0].target in nodes:
        return f"the step from {_short(nodes[ins[0].source])} to {_short(nodes[outs[0].target])}"
    return "a relation"


def _short(n: MapNode) -> str:
    text = n.label
    return text if len(text) <= 80 else text[:79].rstrip() + "…"


# Markdown ---------------------------------------------------------------------------------

def md_escape(text: str) -> str:
    """Plain text made safe for Markdown and HTML: markup characters backslash-escaped, < > & as entities."""
    out = []
    for ch in " ".join(text.split()):
        if ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch == "&":
            out.append("&amp;")
        elif ch in _MD_SPECIAL:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def to_markdown(outline: Outline) -> str:
    """The outline as a Markdown nested list under its title in bold, the legend after it."""
    lines = [f"**{md_escape(outline.title)}**", ""]

    def add(item: Item, indent: str) -> None:
        text = md_escape(item.text)
        if item.link:
            text = f"[{text}]({item.link})"
        lines.append(f"{indent}- {md_escape(item.lead)}: {text}" if item.lead else f"{indent}- {text}")
        for child in item.children:
            add(child, indent + "  ")
    for item in outline.items:
        add(item, "")
    if outline.legend:
        lines += ["", "Legend: " + "; ".join(md_escape(label) for label in outline.legend)]
    return "\n".join(lines) + "\n"


# HTML -------------------------------------------------------------------------------------

def _text(text: str) -> str:
    """Text as CommonMark would print it: whitespace collapsed, & < > " escaped, NUL replaced."""
    text = " ".join(text.replace("\x00", "\ufffd").split())
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@functools.lru_cache(maxsize=1)
def _link_normaliser() -> Any:
    """markdown-it's own link normalising (percent-encoding), the one the pages' Markdown uses."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").normalizeLink


def _href(url: str) -> str | None:
    """The escaped ``href`` for ``url``; None for a link the site does not make (an unsafe scheme)."""
    if not (safe_link(url) or not _SCHEME.match(url)):
        return None
    return _text(_link_normaliser()(url))


def to_html(outline: Outline) -> str:
    """The outline as HTML: the same markup CommonMark makes of :func:`to_markdown`'s text."""
    out = [f"<p><strong>{_text(outline.title)}</strong></p>\n"]

    def add(item: Item) -> None:
        text = _text(item.text)
        href = _href(item.link) if item.link else None
        if href is not None:
            text = f'<a href="{href}">{text}</a>'
        out.append(f"<li>{_text(item.lead)}: {text}" if item.lead else f"<li>{text}")
        if item.children:
            out.append("\n<ul>\n")
            for child in item.children:
                add(child)
            out.append("</ul>\n")
        out.append("</li>\n")
    if outline.items:
        out.append("<ul>\n")
        for item in outline.items:
            add(item)
        out.append("</ul>\n")
    if outline.legend:
        out.append("<p>Legend: " + "; ".join(_text(label) for label in outline.legend) + "</p>\n")
    return "".join(out)
