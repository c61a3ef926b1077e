"""Diagnostics: locations, the closed list of codes, and how problems are written out.

Every problem argmap finds is a :class:`Diagnostic` with a stable code from :data:`CODES`,
a severity, a message saying what was expected and what was found, a location
(file:line:col, 1-based) and, where it helps, a hint saying how to fix it.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """Where something is: a path (as given to the loader) and a 1-based line and column."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col}"
        return self.path


NOWHERE = Location("<none>")


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    name: str
    severity: Severity
    summary: str


def _codes(*rows: tuple[str, str, str, str]) -> dict[str, Code]:
    return {c: Code(c, n, Severity(s), d) for c, n, s, d in rows}


#: The closed list of diagnostic codes. Codes are stable: never renumber, only add.
CODES: dict[str, Code] = _codes(
    ("AM001", "yaml-syntax", "error", "The file is not valid YAML (bad indentation, a tab, an unclosed quote or bracket)."),
    ("AM002", "encoding", "error", "The file is not plain UTF-8: it has invalid bytes or starts with a byte-order mark."),
    ("AM003", "limit-exceeded", "error", "The file is too large, nested too deeply, or expands too many aliases."),
    ("AM004", "unsafe-tag", "error", "A YAML tag such as !!python/object asks for code to run; only plain data is allowed."),
    ("AM005", "duplicate-key", "error", "The same key appears twice in one mapping; YAML would silently keep only the last."),
    ("AM006", "empty-file", "warning", "A claim file holds nothing."),
    ("AM007", "merge-key", "error", "A YAML merge key (<<) is used; claim files write every field out in full."),
    ("AM010", "unknown-key", "error", "A key that the format does not define (often a typo)."),
    ("AM011", "wrong-type", "error", "A value of the wrong type, such as a list where text is expected."),
    ("AM012", "bad-enum", "error", "A value outside the closed list allowed for the field."),
    ("AM013", "bad-id", "error", "An id that is not a lowercase slug (letters, digits and single hyphens)."),
    ("AM014", "missing-field", "error", "A required field is missing."),
    ("AM015", "bad-value", "error", "A value of the right type but the wrong form, such as a malformed date, "
     "colour, page range or URL."),
    ("AM016", "blank-required", "error", "A required text field is empty, null or only blanks."),
    ("AM020", "duplicate-id", "error", "Two objects (or an object and an alias) share an id, in one file or across files."),
    ("AM021", "unknown-reference", "error", "A reference to an id that no claim file defines."),
    ("AM022", "self-support", "error", "A claim supports itself."),
    ("AM023", "support-cycle", "error", "Claims support each other in a circle."),
    ("AM024", "undercut-target", "error", "An undercut points at something that is not a relation or an argument."),
    ("AM025", "wrong-reference-kind", "error", "A reference names an object of the wrong kind, such as evidence where a claim is expected."),
    ("AM030", "evidence-without-source", "error", "An evidence item does not cite a source."),
    ("AM031", "unknown-source", "error", "A citation names a source that sources.yml does not define."),
    ("AM032", "unused-source", "warning", "A source in sources.yml that nothing cites."),
    ("AM033", "claim-without-locator", "error", "A claim does not say where in the paper it comes from."),
    ("AM034", "orphan-evidence", "warning", "An evidence item that bears on no claim."),
    ("AM035", "page-out-of-range", "error", "A locator's pages lie outside the page range its source gives."),
    ("AM040", "unsafe-link", "error", "A link with a scheme other than http(s) or claim: (javascript:, data:, file: ...)."),
    ("AM041", "raw-html", "error", "Raw HTML in a text field; only a small Markdown subset is allowed."),
    ("AM042", "control-character", "error", "A control character or a bidirectional override (written raw or as "
     "an escape) in a value."),
    ("AM043", "invisible-character", "warning", "A zero-width character in text, where it hides what a reader sees."),
    ("AM044", "file-name-in-text", "warning", "Reader-facing text (a claim's text, label, note, tags or locator note, an evidence item's summary or note, a summary, a title) names a repository file such as `abstract.txt` or `outline.md`, which readers of the site and the PDF cannot open. Say what it is in readers' words and keep the file name in a YAML comment. Links are not looked into."),
    ("AM060", "label-test-failed", "error",
     "A claim's label under a named semantics differs from the one its tests: block expects."),
    ("AM061", "issue-overlap", "error", "A claim is a position of two issues."),
    ("AM050", "no-input", "error", "No claim files were found where argmap was asked to look."),
    ("AM051", "outside-claims", "error", "A claim file is a symbolic link whose real path leaves the claims "
     "folder; it is not read."),
    ("AM052", "symlink-loop", "error", "A symbolic link in the claims folder points, directly or not, at itself."),
)

#: Errors that fail `argmap check` but do not stop the commands that read the claims (labels,
#: maps, exports): a failed ``tests:`` entry is investigated with the labels themselves.
NON_BLOCKING = frozenset({"AM060"})


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    message: str
    location: Location
    hint: str = ""
    severity: Severity = field(default=Severity.ERROR)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.path, loc.line, loc.col, self.code, self.message)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": CODES[self.code].name,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
            "path": self.location.path,
            "line": self.location.line,
            "col": self.location.col,
        }


def diag(code: str, message: str, location: Location, hint: str = "") -> Diagnostic:
    """Make a diagnostic whose severity is the code's own."""
    return Diagnostic(code, message, location, hint, CODES[code].severity)


class Report:
    """Collects diagnostics; nothing stops at the first problem."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []

    def add(self, d: Diagnostic) -> None:
        self._items.append(d)

    def emit(self, code: str, message: str, location: Location, hint: str = "") -> None:
        self._items.append(diag(code, message, location, hint))

    def extend(self, items: Iterable[Diagnostic]) -> None:
        self._items.extend(items)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self._items)

    def sorted(self) -> list[Diagnostic]:
        seen: set[tuple[object, ...]] = set()
        out: list[Diagnostic] = []
        for d in sorted(self._items, key=Diagnostic.sort_key):
            key = (d.code, d.message, d.location)
            if key not in seen:
                seen.add(key)
                out.append(d)
        return out

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if not d.is_error]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))


# ---------------------------------------------------------------------------------------
# Output formats


def format_text(d: Diagnostic) -> str:
    line = f"{d.location}: {d.severity.value}[{d.code}]: {d.message}"
    if d.hint:
        line += f"\n  hint: {d.hint}"
    return line


def _gh_escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_prop(s: str) -> str:
    return _gh_escape_data(s).replace(":", "%3A").replace(",", "%2C")


def format_github(d: Diagnostic) -> str:
    """A GitHub Actions workflow command that annotates the pull request."""
    kind = "error" if d.is_error else "warning"
    props = [f"file={_gh_escape_prop(d.location.path)}"]
    if d.location.line:
        props.append(f"line={d.location.line}")
        props.append(f"col={d.location.col}")
    props.append(f"title={_gh_escape_prop(d.code + ' ' + CODES[d.code].name)}")
    message = d.message + (f"\n{d.hint}" if d.hint else "")
    return f"::{kind} {','.join(props)}::{_gh_escape_data(message)}"


def format_json(items: Iterable[Diagnostic]) -> str:
    return json.dumps([d.as_dict() for d in items], indent=2, ensure_ascii=False, sort_keys=True)


def summary_line(report: Report, files: int) -> str:
    e, w = len(report.errors), len(report.warnings)
    plural = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"  # noqa: E731
    if not e and not w:
        return f"{plural(files, 'file')} checked: no problems"
    return f"{plural(files, 'file')} checked: {plural(e, 'error')}, {plural(w, 'warning')}"
