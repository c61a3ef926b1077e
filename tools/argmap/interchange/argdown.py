"""Argdown (https://argdown.org): a ``.argdown`` file that Argdown's own parser reads cleanly.

* claims and evidence items → statements ``[id]: text``, grouped under ``# section`` headings
  (Argdown draws sections as map clusters);
* supports, attacks → ``+> [target]``, ``-> [target]`` under the source statement (parallel
  relations, of one type between the same two nodes, are one in Argdown: written once);
* arguments → ``<id>: label`` with a premise-conclusion structure ``(1) [p] … ---- (n) [c]``;
* a relation that something undercuts becomes an argument ``<relation-id>`` (Argdown undercuts
  only arguments): ``[source] +> <relation-id>``, ``<relation-id> +> [target]`` (or ``->``);
* undercuts → ``_> <argument>``;
* a joint attack or undercut (an argument of ``type: attacks|undercuts``) → an argument whose
  premises are the attackers and whose conclusion ``[<id>~conclusion]`` attacks the target;
* qualifies, contrasts and rephrases have no Argdown arrow: they are YAML data on the source
  statement, ``{argmap: {qualifies: [target, …]}}``, which Argdown reads (and ``argmap import
  argdown`` turns back into relations); an argument standing for a relation carries
  ``{argmap: {relation: TYPE, from: SOURCE, to: TARGET}}``.

All text is what the claim's Markdown shows (:func:`argmap.interchange.plaintext.visible_text`:
marks removed, entities and escapes resolved), then escaped by Argdown's rules only: a backslash
before every character that could open a tag, a mention, a link, a shortcode (``.name.``) or
other Argdown syntax.
"""

from __future__ import annotations

import json
import re

from argmap.core.model import Argument, Corpus, Relation, RelationType
from argmap.interchange.plaintext import visible_text

# Every character that could open Argdown syntax, and a "." with a character after it: Argdown
# reads ".name." (like ":name:") as a shortcode and keeps an unknown one raw, backslashes and all.
# The "(" of "@include(": Argdown's include pattern runs on the raw file, escapes or not.
_SPECIAL = re.compile(r"([\\@#*_\[\]<>/{}:=+]|\.(?=\S)|(?<=@include)\()")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_ARROWS = {RelationType.SUPPORTS: "+>", RelationType.ATTACKS: "->", RelationType.UNDERCUTS: "_>"}


def escape(text: str) -> str:
    """What ``text`` shows, as one line of Argdown text with every character that could start markup escaped."""
    return _SPECIAL.sub(r"\\\1", visible_text(text))


def _data(value: object) -> str:
    """YAML data in Argdown's braces: JSON flow style, which YAML reads as it is.

    Braces inside strings are written ``\\u007b``/``\\u007d`` (YAML reads both escapes): Argdown's
    lexer ends a data block at the first ``}`` that is followed by a space and a letter, even
    inside a quoted string. The "(" of "@include(" is ``\\u0028`` for the same reason as in text.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _STRING.sub(lambda m: _quoted(m.group(0)).replace("{", "\\u007b").replace("}", "\\u007d"), text)


def _quoted(text: str) -> str:
    """A JSON (and YAML) string literal with no "@include(" in it."""
    return text.replace("@include(", "@include\\u0028")


def _ref(corpus: Corpus, ident: str, as_argument: set[str]) -> str:
    return f"<{ident}>" if ident in corpus.arguments or ident in as_argument else f"[{ident}]"


def _joint(corpus: Corpus, a: Argument, as_argument: set[str]) -> list[str]:
    """A joint attack or undercut: an argument whose premises are the attackers, and whose
    conclusion ``[<id>~conclusion]`` attacks (or undercuts) the target. Argdown moves an
    argument's outgoing relation to its main conclusion, so the attack holds only through all
    premises together, as in argmap."""
    arrow = _ARROWS[a.type]
    verb = "attack" if a.type is RelationType.ATTACKS else "undercut"
    text = escape(a.because) or f"The premises of {escape(a.id)} together {verb} {escape(a.conclusion)}."
    mark = _data({"argmap": {"joint": a.type.value}})
    out = [f"<{a.id}>: {escape(a.label or a.id)} {mark}", f"  {arrow} {_ref(corpus, a.conclusion, as_argument)}", ""]
    out += [f"({n}) [{p}]" for n, p in enumerate(a.premises, 1)]
    out += ["----", f"({len(a.premises) + 1}) [{a.id}~conclusion]: {text}", ""]
    return out


def to_argdown(corpus: Corpus) -> str:
    """The corpus as Argdown source text (deterministic)."""
    as_argument = {r.target for r in corpus.relations.values() if r.type is RelationType.UNDERCUTS
                   and r.target in corpus.relations}
    as_argument |= {a.conclusion for a in corpus.arguments.values() if a.type is RelationType.UNDERCUTS
                    and a.conclusion in corpus.relations}
    by_source: dict[str, list[Relation]] = {}
    data: dict[str, dict[str, list[str]]] = {}
    # By type and target, not by id: Argdown keeps no relation ids, so the order must not depend on them.
    for r in sorted(corpus.relations.values(), key=lambda r: (r.type.value, r.target, r.id)):
        rid = r.id
        if rid in as_argument:
            continue
        if r.type in _ARROWS:
            same = by_source.setdefault(r.source, [])
            if not any(o.type is r.type and o.target == r.target for o in same):
                same.append(r)  # Argdown holds one relation of a type between two nodes
        elif r.target not in (targets := data.setdefault(r.source, {}).setdefault(r.type.value, [])):
            targets.append(r.target)

    def data_of(node: str) -> str:
        return f" {_data({'argmap': data[node]})}" if node in data else ""

    title = corpus.paper.title if corpus.paper else "argmap"
    # The front matter ends at the first "===": "=" is written as YAML's "\u003d" inside it.
    front = _quoted(json.dumps(visible_text(title), ensure_ascii=False)).replace("=", "\\u003d")
    out = ["===", f"title: {front}", "===", ""]
    # Argdown's JSON has no front matter: the title also goes on the first heading, as data.
    paper = f" {_data({'argmap': {'paper': visible_text(title)}})}"

    def relations_of(node: str) -> list[str]:
        return [f"  {_ARROWS[r.type]} {_ref(corpus, r.target, as_argument)}" for r in by_source.get(node, [])]

    for section in corpus.section_order():
        sid = section.id
        claims = [c for c in corpus.claims.values() if c.section == sid]
        evidence = [e for e in corpus.evidence.values() if e.section == sid]
        arguments = [a for a in corpus.arguments.values() if a.section == sid]
        inferences = [corpus.relations[r] for r in sorted(as_argument) if corpus.relations[r].section == sid]
        if not (claims or evidence or arguments or inferences):
            continue
        out += [f"# {escape(section.title)}{paper}", ""]
        paper = ""  # on the first heading only
        for c in sorted(claims, key=lambda c: c.id):
            out += [f"[{c.id}]: {escape(c.text)}{data_of(c.id)}", *relations_of(c.id), ""]
        for e in sorted(evidence, key=lambda e: e.id):
            out += [f"[{e.id}]: {escape(e.summary)}{data_of(e.id)}", *relations_of(e.id), ""]
        for a in sorted(arguments, key=lambda a: a.id):
            if a.type is not RelationType.SUPPORTS:
                out += _joint(corpus, a, as_argument)
                continue
            out += [f"<{a.id}>: {escape(a.label or a.because or a.id)}", *relations_of(a.id), ""]
            if not a.premises:  # no premise-conclusion structure without premises: a support instead
                out[-1:] = [f"  +> [{a.conclusion}]", ""]
                continue
            out += [f"({n}) [{p}]" for n, p in enumerate(a.premises, 1)]
            out += ["----", f"({len(a.premises) + 1}) [{a.conclusion}]", ""]
        for r in inferences:
            mark = _data({"argmap": {"relation": r.type.value, "from": r.source, "to": r.target}})
            arrow = _ARROWS.get(r.type)
            out += [f"<{r.id}>: {escape(r.because or r.type.value)} {mark}", *relations_of(r.id)]
            out += [f"  {arrow} {_ref(corpus, r.target, as_argument)}", ""] if arrow else [""]
            out += [f"[{r.source}]", f"  +> <{r.id}>", ""]
    return "\n".join(out).rstrip("\n") + "\n"
